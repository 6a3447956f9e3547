"""The nightly job at scale: ingest, full build, incremental build, memory and size.

    uv run python -m benchmarks.scale --sizes 1000 10000 [--nightly 1000] [--formats pdf]

For each size N: writes N realistic reports (benchmarks/population.py: county agencies over
2019–2024, both templates, blank cells, identity breaks, a few copies), then runs the real CLI
in subprocesses, as a nightly job would, and records for each step the wall time, the CPU time
of the whole process tree (workers and dbt included) and the peak RSS summed over the tree:
  1. `xxgk ingest DIR --jobs 2` into a new warehouse;
  2. the same ingest again (nothing new: listing and hashing);
  3. `xxgk build --full-refresh` (dbt, every check, GX validation, publish);
  4. the nightly case: `--nightly` new reports (year 2025 of the same agencies), ingested, then
     `xxgk build` (incremental);
and the warehouse file's size and the time to copy it (what a build copy costs). Figures are
printed as a Markdown table; the machine is shared, so wall times are noisy: CPU times and
memory are the steadier measures.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from benchmarks.population import TEXT_FORMATS, write_population


@dataclass
class Step:
    name: str
    wall: float
    cpu: float
    peak_rss_mb: float
    output: str


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            continue
    return total


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(name: str, *args: str) -> Step:
    """Run an xxgk command; sample the process tree's RSS every 50 ms."""
    xxgk = str(Path(sys.executable).with_name("xxgk"))
    cpu_before, started = _children_cpu(), time.perf_counter()
    child = subprocess.Popen(
        [xxgk, *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        process = psutil.Process(child.pid)
        while not done.is_set():
            try:
                peak = max(peak, _tree_rss(process))
            except psutil.Error:
                return
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = child.communicate()
    done.set()
    sampler.join()
    step = Step(
        name, time.perf_counter() - started, _children_cpu() - cpu_before, peak / 2**20, output
    )
    if child.returncode not in (0, 1):  # 1: a report failed an error check (still published)
        raise SystemExit(f"{name} failed ({child.returncode}):\n{output[-3000:]}")
    return step


def measure(size: int, nightly: int, root: Path, formats: tuple[str, ...]) -> list[Step]:
    corpus = root / f"corpus_{size}"
    if not corpus.exists():
        write_population(corpus, size, formats=formats)
    db = root / f"warehouse_{size}" / "xxgk.duckdb"
    shutil.rmtree(db.parent, ignore_errors=True)
    steps = [
        run(f"ingest {size}", "ingest", str(corpus), "--db", str(db), "--jobs", "2"),
        run("ingest again (unchanged)", "ingest", str(corpus), "--db", str(db), "--jobs", "2"),
        run("build --full-refresh", "build", "--db", str(db), "--quiet", "--full-refresh"),
    ]
    started = time.perf_counter()
    shutil.copyfile(db, root / "copy.duckdb")
    copy_seconds = time.perf_counter() - started
    (root / "copy.duckdb").unlink()
    steps.append(Step(f"copy warehouse ({db.stat().st_size / 2**20:.0f} MB)", copy_seconds,
                      0.0, 0.0, ""))  # fmt: skip
    if nightly:
        new = root / f"nightly_{size}"
        shutil.rmtree(new, ignore_errors=True)
        write_population(new, nightly, formats=formats, years=(2025, 2025))
        steps.append(run(f"nightly ingest {nightly}", "ingest", str(new), "--db", str(db),
                         "--jobs", "2"))  # fmt: skip
        steps.append(run("nightly build (incremental)", "build", "--db", str(db), "--quiet"))
    return steps


def table(size: int, steps: list[Step]) -> str:
    lines = [
        f"**{size} reports**",
        "",
        "| step | wall s | CPU s (process tree) | peak RSS MB (tree) |",
        "|---|---:|---:|---:|",
    ]
    for step in steps:
        lines.append(f"| {step.name} | {step.wall:.1f} | {step.cpu:.1f} | {step.peak_rss_mb:.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--nightly", type=int, default=0, help="new reports on top of each size")
    parser.add_argument("--formats", nargs="+", default=list(TEXT_FORMATS),
                        help="population formats (text_tabs markdown text_cell_per_line "
                        "html_utf8 html_gbk pdf)")  # fmt: skip
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out/scale"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    print(
        f"Machine: {platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GB; "
        f"load average at start {os.getloadavg()[0]:.1f}. Formats: {', '.join(args.formats)}.\n"
    )
    for size in args.sizes:
        steps = measure(size, args.nightly, args.out, tuple(args.formats))
        print(table(size, steps), flush=True)
        print(f"\nload average after: {os.getloadavg()[0]:.1f}\n", flush=True)


if __name__ == "__main__":
    main()
