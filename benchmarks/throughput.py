"""Parsing throughput per format, peak memory, and the cost over bare pdfplumber.

    uv run python -m benchmarks.throughput --docs 40 [--write BENCHMARKS.md]

Generates `--docs` synthetic reports per format (known values, benchmarks/corpus), then for each
format, in a fresh process so peak memory is the format's own: parses every file the way
`xxgk ingest` does (read, align, metadata; no database) and reports documents per second and peak
RSS. For PDFs it also times bare `pdfplumber` `page.extract_tables()` on the same files: the ratio
of the two is how much our parsing adds beyond reading the PDF. Last, a whole `xxgk ingest` of the
mixed corpus with all cores into a fresh warehouse.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.corpus import random_spec
from benchmarks.corpus.spec import ReportSpec

Renderer = Callable[[ReportSpec], bytes]


def renderers() -> dict[str, tuple[str, Renderer]]:
    """format name -> (file suffix, renderer). Imported lazily: each pulls in its library."""
    from benchmarks.corpus.docx import render_docx
    from benchmarks.corpus.html import render_html
    from benchmarks.corpus.pdf import render_pdf
    from benchmarks.corpus.text import render_cell_per_line, render_markdown, render_tabs

    return {
        "text_tabs": (".txt", lambda s: render_tabs(s).encode("utf-8")),
        "text_cell_per_line": (".txt", lambda s: render_cell_per_line(s).encode("utf-8")),
        "markdown": (".md", lambda s: render_markdown(s).encode("utf-8")),
        "html_gbk": (".html", lambda s: render_html(s, encoding="gbk")),
        "docx": (".docx", render_docx),
        "pdf_ruled": (".pdf", lambda s: render_pdf(s, ruled=True)),
        "pdf_ruled_split": (".pdf", lambda s: render_pdf(s, ruled=True, split_applications=True)),
        "pdf_unruled": (".pdf", lambda s: render_pdf(s, ruled=False)),
    }


def generate(folder: Path, docs: int) -> dict[str, list[Path]]:
    corpus: dict[str, list[Path]] = {}
    for name, (suffix, render) in renderers().items():
        target = folder / name
        target.mkdir(parents=True, exist_ok=True)
        paths = []
        for seed in range(docs):
            spec = random_spec(seed, version="2019" if seed % 4 == 3 else "2021", blank_rate=0.05)
            path = target / f"report_{seed:04d}{suffix}"
            path.write_bytes(render(spec))
            paths.append(path)
        corpus[name] = paths
    return corpus


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def measure_parse(folder: Path) -> dict[str, float]:
    """Run in a child process: parse every file of one format folder."""
    from ingest.parse import ParseStatus, parse_file

    paths = sorted(p for p in folder.iterdir() if p.is_file())
    started = time.perf_counter()
    cpu_started = time.process_time()  # CPU time: comparable across runs on a busy machine
    statuses = [parse_file(p).status for p in paths]
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    return {
        "docs": len(paths),
        "seconds": seconds,
        "docs_per_second": len(paths) / seconds,
        "docs_per_cpu_second": len(paths) / cpu_seconds,
        "ok": statuses.count(ParseStatus.OK),
        "peak_rss_mb": _peak_rss_mb(),
    }


def measure_bare_pdfplumber(folder: Path) -> dict[str, float]:
    """Run in a child process: open each PDF and extract_tables() on every page, nothing else."""
    import pdfplumber

    paths = sorted(p for p in folder.iterdir() if p.is_file())
    started = time.perf_counter()
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_tables()
    seconds = time.perf_counter() - started
    return {"docs": len(paths), "seconds": seconds, "docs_per_second": len(paths) / seconds,
            "peak_rss_mb": _peak_rss_mb()}  # fmt: skip


def _child(mode: str, folder: Path) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.throughput", "--child", mode, str(folder)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def measure_ingest(folder: Path, jobs: int) -> dict[str, float]:
    from ingest.pipeline import ingest

    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        summary = ingest(
            [folder], Path(scratch) / "bench.duckdb", jobs=jobs, on_error=lambda _: None
        )
        seconds = time.perf_counter() - started
    return {
        "docs": summary.attempted,
        "seconds": seconds,
        "docs_per_second": summary.attempted / seconds,
    }


def report(corpus_dir: Path, formats: list[str], jobs: int) -> str:
    lines = [
        f"Machine: {platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores. Corpus: {corpus_dir}.",
        "",
        "| format | docs | docs/s (1 process) | docs per CPU-second | peak RSS MB | parsed ok "
        "| bare extract_tables() docs/s | ratio ours/bare |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]  # fmt: skip
    for name in formats:
        ours = _child("parse", corpus_dir / name)
        bare_rate, ratio = "", ""
        if name.startswith("pdf"):
            bare = _child("bare", corpus_dir / name)
            bare_rate = f"{bare['docs_per_second']:.1f}"
            ratio = f"{ours['seconds'] / bare['seconds']:.2f}"
        lines.append(
            f"| {name} | {ours['docs']:.0f} | {ours['docs_per_second']:.1f} | "
            f"{ours['docs_per_cpu_second']:.1f} | {ours['peak_rss_mb']:.0f} | {ours['ok']:.0f} | "
            f"{bare_rate} | {ratio} |"
        )
    whole = measure_ingest(corpus_dir, jobs)
    lines += [
        "",
        f"Whole corpus through `xxgk ingest --jobs {jobs}` (parse in workers + load into DuckDB): "
        f"{whole['docs']:.0f} documents in {whole['seconds']:.1f} s = "
        f"{whole['docs_per_second']:.1f} documents/s.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=40, help="documents per format")
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="workers for the ingest run"
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        default=Path("benchmarks/out/corpus"),
        help="where to write documents",
    )
    parser.add_argument("--child", nargs=2, metavar=("MODE", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, folder = args.child
        measure = measure_parse if mode == "parse" else measure_bare_pdfplumber
        print(json.dumps(measure(Path(folder))))
        return
    corpus = generate(args.corpus, args.docs)
    print(report(args.corpus, list(corpus), args.jobs))


if __name__ == "__main__":
    main()
