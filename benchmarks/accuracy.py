"""Reading accuracy on documents the readers were not written for.

    uv run python -m benchmarks.accuracy [--docs 350] [--seed 0] [--report ACCURACY.md]

Generates `--docs` reports (benchmarks/corpus: random values satisfying the template
identities, both templates, blank cells) in every format the warehouse reads, each distorted by
one to three of `benchmarks/corpus/distort.py`'s distortions (a few are left plain as a control),
ingests them into a fresh warehouse with `xxgk ingest`'s pipeline, runs `dbt build`, and compares
every staged cell with the truth (`expected_cells`). It reports:

- the share of template cells read exactly (a blank read as blank counts; a missing, misplaced or
  wrongly valued cell does not);
- whether every report holding a wrong cell has a failed check in `fct_report_checks` (a wrong
  value nobody is told about is the one outcome the warehouse must never produce);
- both broken down by format and by distortion, with example failures (file, cell, expected vs
  got).

Each report gets its own county agency, so the agency-year check never fires by construction.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from benchmarks.corpus.distort import (
    DISTORTIONS,
    FORMATS,
    SUFFIXES,
    applicable,
    random_recipe,
    render,
)
from benchmarks.corpus.spec import ReportSpec, expected_cells, random_spec
from ingest.build import BuildError, run_dbt_build
from ingest.codebook import Codebook
from ingest.paths import seeds_dir
from ingest.pipeline import ingest

# Documents per format out of every 50: PDFs are the slowest to render and read.
FORMAT_SHARES = {
    "text_tabs": 9,
    "text_cell_per_line": 7,
    "markdown": 8,
    "html": 7,
    "docx": 7,
    "pdf_ruled": 6,
    "pdf_unruled": 6,
}
PLAIN = "none"  # the control: a document with no distortion

CellKey = tuple[str, str, str]


@dataclass
class Document:
    name: str
    fmt: str
    recipe: list[str]
    seed: int
    version: str
    year: int
    agency: str
    blank_rate: float
    subtotal_column: bool
    options: dict[str, object] = field(default_factory=dict)

    def spec(self, codebook: Codebook) -> ReportSpec:
        return random_spec(
            self.seed,
            agency=self.agency,
            year=self.year,
            version=self.version,
            blank_rate=self.blank_rate,
            subtotal_column=self.subtotal_column,
            codebook=codebook,
        )


@dataclass
class Outcome:
    """One document's result."""

    document: Document
    status: str
    cells: int
    exact: int
    wrong: list[tuple[CellKey, float | None, object]]  # key, expected, got ('missing' if absent)
    extra: int  # staged cells that are not in the report's template shape
    failed_checks: list[str]
    sections: Counter[str] = field(default_factory=Counter)  # template cells per section

    @property
    def flagged(self) -> bool:
        return bool(self.failed_checks)

    @property
    def silent(self) -> bool:
        return bool(self.wrong) and not self.flagged


def _counties(count: int, rng: random.Random) -> list[str]:
    """Distinct county-level agencies, so that no two reports share an agency."""
    with (seeds_dir() / "regions.csv").open(encoding="utf-8") as handle:
        rows = [
            r
            for r in csv.DictReader(handle)
            if r["level"] == "county" and not r["valid_to_year"] and r["name"].endswith("县")
        ]
    names = sorted({f"{r['prefecture_name'] or r['province_name']}{r['name']}" for r in rows})
    rng.shuffle(names)
    if len(names) < count:
        raise ValueError(f"only {len(names)} distinct counties for {count} documents")
    return [f"{name}人民政府办公室" for name in names[:count]]


def plan(docs: int, seed: int) -> list[Document]:
    """Which documents to generate: formats by share, each format cycling through its
    distortions (and the plain control) as the primary one, with up to two more half the time."""
    rng = random.Random(seed)
    unit = sum(FORMAT_SHARES.values())
    counts = {fmt: max(1, round(docs * share / unit)) for fmt, share in FORMAT_SHARES.items()}
    agencies = iter(_counties(sum(counts.values()), rng))
    documents: list[Document] = []
    for fmt in FORMATS:
        # Grid distortions recur in all seven formats; the few of one format recur three times
        # in its cycle, so that each gets about as many documents as a grid distortion.
        names = applicable(fmt)
        own = [n for n in names if len(DISTORTIONS[n].formats) < len(FORMATS)]
        cycle = [PLAIN, *[n for n in names if n not in own], *own * 3]
        for index in range(counts[fmt]):
            primary = cycle[index % len(cycle)]
            recipe = [] if primary == PLAIN else [primary]
            if primary != PLAIN and rng.random() < 0.5:
                extra = random_recipe(rng, fmt, most=2)
                recipe = _compatible(recipe, extra)
            version = "2019" if rng.random() < 0.3 else "2021"
            year = rng.choice([2019, 2020]) if version == "2019" else rng.choice([2021, 2022, 2023])
            options: dict[str, object] = {}
            if fmt == "html":
                options["encoding"] = rng.choice(["utf-8", "gbk"])
            if fmt == "pdf_ruled":
                options["split_applications"] = rng.random() < 0.5
            documents.append(
                Document(
                    name=f"{fmt}_{index:03d}{SUFFIXES[fmt]}",
                    fmt=fmt,
                    recipe=recipe,
                    seed=seed * 100_000 + len(documents),
                    version=version,
                    year=year,
                    agency=next(agencies),
                    blank_rate=rng.choice([0.0, 0.05, 0.15]),
                    subtotal_column=rng.random() < 0.1,
                    options=options,
                )
            )
    return documents


def _compatible(recipe: list[str], extra: Iterable[str]) -> list[str]:
    tags = {DISTORTIONS[n].exclusive for n in recipe} - {None}
    out = list(recipe)
    for name in extra:
        tag = DISTORTIONS[name].exclusive
        if name in out or (tag is not None and tag in tags):
            continue
        out.append(name)
        tags.add(tag)
    return [n for n in DISTORTIONS if n in out]


def generate(folder: Path, documents: list[Document], codebook: Codebook) -> dict[str, ReportSpec]:
    folder.mkdir(parents=True, exist_ok=True)
    specs = {}
    for document in documents:
        spec = document.spec(codebook)
        data = render(spec, document.fmt, document.recipe, seed=document.seed, **document.options)
        (folder / document.name).write_bytes(data)
        specs[document.name] = spec
    (folder / "manifest.json").write_text(
        json.dumps([asdict(d) for d in documents], ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return specs


def judge(
    db: Path, documents: list[Document], specs: dict[str, ReportSpec], built: bool = True
) -> list[Outcome]:
    """Compare staging with the truth. `built=False` (no dbt build): a report counts as flagged
    when its parse status is not `ok`, a proxy for the checks that is weaker than they are."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        reports = {
            Path(path).name: (report_id, status)
            for report_id, path, status in con.execute(
                "select report_id, source_path, status from raw.reports"
            ).fetchall()
        }
        staged: dict[str, dict[CellKey, list[float | None]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for report_id, section, row, column, value in con.execute(
            "select report_id, section, row_code, column_code, value from raw.cells"
        ).fetchall():
            staged[report_id][(section, row, column)].append(value)
        failed: dict[str, list[str]] = defaultdict(list)
        if built:
            for report_id, check, subject, severity in con.execute(
                "select report_id, check_code, subject, severity from main.fct_report_checks "
                "where not passed order by all"
            ).fetchall():
                failed[report_id].append(f"{check}[{subject}]({severity})")
        else:
            for report_id, status in reports.values():
                if status != "ok":
                    failed[report_id].append(f"parse_status={status}")
    finally:
        con.close()
    outcomes = []
    for document in documents:
        report_id, status = reports.get(document.name, (None, "not_loaded"))
        truth = expected_cells(specs[document.name])
        got = staged.get(report_id or "", {})
        wrong: list[tuple[CellKey, float | None, object]] = []
        for key, expected in truth.items():
            values = got.get(key)
            if values is None:
                wrong.append((key, expected, "missing"))
            elif len(values) != 1 or not _same(values[0], expected):
                wrong.append((key, expected, values[0] if len(values) == 1 else values))
        extra = sum(1 for key in got if key not in truth)
        checks = failed.get(report_id or "", []) if report_id else ["not_loaded"]
        sections = Counter(key[0] for key in truth)
        outcomes.append(
            Outcome(
                document,
                status,
                len(truth),
                len(truth) - len(wrong),
                wrong,
                extra,
                checks,
                sections,
            )
        )
    return outcomes


def _same(got: float | None, expected: float | None) -> bool:
    if got is None or expected is None:
        return got is None and expected is None
    return abs(got - expected) < 1e-6


# --- the report -----------------------------------------------------------------------------------


def _row(label: str, outcomes: list[Outcome]) -> str:
    cells = sum(o.cells for o in outcomes)
    exact = sum(o.exact for o in outcomes)
    with_wrong = [o for o in outcomes if o.wrong]
    silent = sum(o.silent for o in outcomes)
    false_alarms = sum(o.flagged and not o.wrong for o in outcomes)
    share = 100 * exact / cells if cells else 0.0
    return (
        f"| {label} | {len(outcomes)} | {cells} | {share:.2f} % | {len(with_wrong)} | "
        f"{len(with_wrong) - silent} | **{silent}** | {false_alarms} |"
    )


HEADER = (
    "| {what} | docs | cells | read exactly | docs with a wrong cell | of those flagged "
    "| wrong, not flagged | flagged, all exact |\n|---|---:|---:|---:|---:|---:|---:|---:|"
)


def summarise(outcomes: list[Outcome], examples: int = 40) -> str:
    cells = sum(o.cells for o in outcomes)
    exact = sum(o.exact for o in outcomes)
    silent = [o for o in outcomes if o.silent]
    lines = [
        f"**Overall:** {len(outcomes)} documents, {cells} template cells, "
        f"{100 * exact / cells:.2f} % read exactly (target ≥ 99.5 %); "
        f"{sum(bool(o.wrong) for o in outcomes)} documents hold a wrong cell, "
        f"**{len(silent)} of them with no failed check** (target 0).",
        "",
        HEADER.format(what="format"),
    ]
    by_format: dict[str, list[Outcome]] = defaultdict(list)
    by_distortion: dict[str, list[Outcome]] = defaultdict(list)
    alone: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_format[outcome.document.fmt].append(outcome)
        for name in outcome.document.recipe or [PLAIN]:
            by_distortion[name].append(outcome)
        if len(outcome.document.recipe) <= 1:
            alone[(outcome.document.recipe or [PLAIN])[0]].append(outcome)
    lines += [_row(fmt, by_format[fmt]) for fmt in FORMATS if fmt in by_format]
    lines += [_row("**all**", outcomes), ""]
    lines += [
        "Per distortion: every document whose recipe includes it (documents carry one to three).",
        "",
        HEADER.format(what="distortion"),
    ]
    order = [PLAIN, *[n for n in _all_names() if n in by_distortion]]
    lines += [_row(name, by_distortion[name]) for name in order if name in by_distortion]
    lines += [
        "",
        "Per distortion, documents carrying it alone (no other distortion):",
        "",
        HEADER.format(what="distortion alone"),
    ]
    lines += [_row(name, alone[name]) for name in order if name in alone]
    lines += ["", _by_section(outcomes)]
    statuses = Counter(o.status for o in outcomes)
    checks = Counter(c.split("[")[0] for o in outcomes for c in o.failed_checks)
    lines += [
        "",
        "Parse status: " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())) + ".",
        "Failed checks (documents × check): "
        + (", ".join(f"{k} {v}" for k, v in checks.most_common()) or "none")
        + ".",
        "",
        "### Example failures",
        "",
        "Wrong cells in documents with no failed check come first (the silent ones), then flagged "
        "ones; `got` is `missing` when the cell is not in staging.",
        "",
        "| file | recipe | flagged by | cell (section.row.column) | expected | got |",
        "|---|---|---|---|---|---|",
    ]
    shown = 0
    ranked = sorted((o for o in outcomes if o.wrong), key=lambda o: (not o.silent, o.document.name))
    per_doc = max(1, examples // max(1, len(ranked)))
    for outcome in ranked:
        flagged_by = ", ".join(outcome.failed_checks[:3]) or "—"
        for key, expected, got in outcome.wrong[: max(per_doc, 2)]:
            lines.append(
                f"| {outcome.document.name} | {' + '.join(outcome.document.recipe) or PLAIN} "
                f"| {flagged_by} | {'.'.join(key)} | {expected} | {got} |"
            )
            shown += 1
        if shown >= examples:
            break
    return "\n".join(lines)


def _by_section(outcomes: list[Outcome]) -> str:
    """Cells read exactly per template section (section 二's flattened rows obey no arithmetic,
    so their share says how much of a miss is undecidable rather than misread)."""
    wrong = Counter(key[0] for o in outcomes for key, _e, _g in o.wrong)
    cells: Counter[str] = Counter()
    for outcome in outcomes:
        cells.update(outcome.sections)
    parts = [
        f"{section} {100 * (1 - wrong[section] / count):.2f} % of {count}"
        for section, count in sorted(cells.items())
    ]
    return "Cells read exactly per section: " + "; ".join(parts) + "."


def _all_names() -> list[str]:
    return list(DISTORTIONS)


def _git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def select(
    documents: list[Document], formats: list[str] | None, distortions: list[str] | None
) -> list[Document]:
    """A subset of the plan (same files, names and seeds as in the whole corpus)."""
    return [
        d
        for d in documents
        if (not formats or d.fmt in formats)
        and (not distortions or set(distortions) & set(d.recipe or [PLAIN]))
    ]


def run(
    documents: list[Document], folder: Path, jobs: int, build: bool = True
) -> tuple[list[Outcome], dict[str, float]]:
    codebook = Codebook.load()
    timings: dict[str, float] = {}
    started = time.perf_counter()
    specs = generate(folder / "corpus", documents, codebook)
    timings["generate_s"] = time.perf_counter() - started
    db = folder / "accuracy.duckdb"
    db.unlink(missing_ok=True)
    started = time.perf_counter()
    ingest([folder / "corpus"], db, jobs=jobs, on_error=lambda _line: None)
    timings["ingest_s"] = time.perf_counter() - started
    started = time.perf_counter()
    if build:
        try:
            run_dbt_build(db, quiet=True)
        except BuildError as error:  # error-severity tests failed; the marts are still built
            print(f"note: {error}"[:2000], file=sys.stderr)
    timings["dbt_build_s"] = time.perf_counter() - started
    return judge(db, documents, specs, built=build), timings


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=350, help="documents to generate (≥ 300)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the whole corpus")
    parser.add_argument("--jobs", type=int, default=2, help="ingest worker processes")
    parser.add_argument(
        "--out", type=Path, default=None, help="folder for the corpus and warehouse (kept)"
    )
    parser.add_argument("--report", type=Path, default=None, help="also write the report here")
    parser.add_argument("--examples", type=int, default=40, help="example failures to list")
    parser.add_argument(
        "--formats", default="", help="only these formats of the plan, comma-separated"
    )
    parser.add_argument(
        "--distortions",
        default="",
        help="only documents carrying one of these distortions (comma-separated; 'none' for the "
        "plain control)",
    )
    parser.add_argument(
        "--no-dbt",
        action="store_true",
        help="skip dbt build (fast, for iterating on a reader): a report counts as flagged when "
        "its parse status is not ok",
    )
    args = parser.parse_args()
    documents = select(
        plan(args.docs, args.seed),
        [f for f in args.formats.split(",") if f] or None,
        [d for d in args.distortions.split(",") if d] or None,
    )
    scratch = None
    folder = args.out
    if folder is None:
        scratch = tempfile.TemporaryDirectory()
        folder = Path(scratch.name)
    outcomes, timings = run(documents, folder, args.jobs, build=not args.no_dbt)
    command = " ".join(sys.argv[1:])
    heading = (
        f"Accuracy run on commit {_git_commit()}: `python -m benchmarks.accuracy {command}`"
        f"{' (no dbt build: flagged means parse status not ok)' if args.no_dbt else ''}; "
        f"{platform.platform()}, Python "
        f"{platform.python_version()}; generate {timings['generate_s']:.0f} s, ingest "
        f"{timings['ingest_s']:.0f} s, dbt build {timings['dbt_build_s']:.0f} s."
    )
    text = heading + "\n\n" + summarise(outcomes, args.examples) + "\n"
    print(text)
    if args.report:
        args.report.write_text(text, encoding="utf-8")
    if scratch is not None:
        scratch.cleanup()


if __name__ == "__main__":
    main()
