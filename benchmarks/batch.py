"""Checking a province's year at once: 1,000 text and HTML reports, on every core, against the
same work done in one process.

The reports are the seed rendered by the engine's own writers (text and HTML alternately), each
with its own agency name and every tenth with a wrong total, written into a temporary folder.
Each way of checking them is measured against the same answer made in one process (its floor),
in the same run and interleaved (the order alternating from round to round, after a warm-up of
each):

- the batch: ``check_all`` over the folder (engine/batch/pool.py), every core, the cells of
  every report kept for the summary, results handed back in order — against the loop any
  checker must at least run: read each file, parse it, check it, in this process;
- the batch and its XLSX summary (engine/batch/summary.py), as ``--summary OUT.xlsx`` does —
  against the same files checked in this process (``check_all`` with one job), then the same
  summary written;
- the whole command, ``gongkai report check DIR --summary OUT.xlsx``, as a process — against
  the same command with ``--jobs 1``.

The aim is at most 0.7 × the floor on this 2-core machine. Run alone with
``python -m benchmarks.batch`` (``--repeat N``, default 5; ``--reports N``, default 1,000).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gongkai.reports.engine import check, read_report, render  # noqa: E402
from gongkai.reports.engine.batch.pool import check_all, default_jobs  # noqa: E402
from gongkai.reports.engine.batch.sources import Inputs  # noqa: E402
from gongkai.reports.engine.batch.summary import write_summary  # noqa: E402
from gongkai.reports.engine.editions import NEW, TABLE3_COLUMNS  # noqa: E402

SEED = ROOT.parent / "shared" / "seed" / "000_a50361494c1f8f1d.txt"
HEADING = "## A province's year at once: `gongkai report check DIR --summary`"
REPORTS = 1000


def make_folder(folder: Path, count: int) -> None:
    seed = read_report(SEED.read_bytes()).report
    for number in range(count):
        report = read_report(SEED.read_bytes()).report if number % 10 == 3 else seed
        report.agency = f"某市第{number}局"
        if number % 10 == 3:  # a wrong total: R1 fails, as some real reports do
            report.set(report.edition.t3(NEW, TABLE3_COLUMNS[0]), "5")
            report.set(report.edition.t3(NEW, TABLE3_COLUMNS[-1]), "5")
        fmt = "html" if number % 2 else "txt"
        (folder / f"{number:04d}.{fmt}").write_bytes(render(report, fmt))


def floor(folder: Path) -> Callable[[], None]:
    files = sorted(folder.iterdir())

    def loop() -> None:
        for file in files:
            check(read_report(file.read_bytes(), file.name).report)

    return loop


def batch(folder: Path, summary: Path | None = None, jobs: int | None = None) -> Callable[[], None]:
    def run() -> None:
        with Inputs([str(folder)]) as inputs:
            results = list(check_all(inputs.loaded(), len(inputs), jobs=jobs, with_cells=True))
        if summary is not None:
            write_summary(results, summary)

    return run


def command(folder: Path, summary: Path, jobs: int | None = None) -> Callable[[], None]:
    script = Path(sys.executable).with_name("gongkai")
    launcher = [str(script)] if script.exists() else [sys.executable, "-m", "gongkai"]
    argv = [*launcher, "report", "check", str(folder), "--summary", str(summary)]
    if jobs is not None:
        argv += ["--jobs", str(jobs)]

    def run() -> None:
        done = subprocess.run(argv, capture_output=True, cwd=ROOT)
        if done.returncode not in (0, 1):  # 1: the reports with a wrong total
            raise SystemExit(f"{argv} exited {done.returncode}: {done.stderr.decode()[-500:]}")

    return run


def measure(repeat: int = 5, reports: int = REPORTS) -> dict:
    """Seconds per batch of each way: min and median over ``repeat`` interleaved rounds."""
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-batch-") as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        make_folder(folder, reports)
        works = {
            "floor": floor(folder),
            "batch": batch(folder),
            "floor + xlsx": batch(folder, Path(tmp) / "one-job.xlsx", jobs=1),
            "batch + xlsx": batch(folder, Path(tmp) / "in-process.xlsx"),
            "command, one job": command(folder, Path(tmp) / "one-job-command.xlsx", jobs=1),
            "command": command(folder, Path(tmp) / "command.xlsx"),
        }
        for work in works.values():
            work()  # warm-up: the file cache, the readers' imports
        samples: dict[str, list[float]] = {name: [] for name in works}
        names = list(works)
        for round_number in range(repeat):
            for name in names if round_number % 2 == 0 else names[::-1]:
                start = time.perf_counter()
                works[name]()
                samples[name].append(time.perf_counter() - start)
    result: dict = {
        name: {"min": min(values), "median": statistics.median(values)}
        for name, values in samples.items()
    }
    result.update(repeat=repeat, reports=reports, jobs=default_jobs(), cpus=os.cpu_count())
    return result


LABELS = {
    "floor": "floor: one process, read + parse + check each file in turn",
    "batch": "batch: `check_all` on every core, cells kept, results in order",
    "floor + xlsx": "floor: one process, the same files checked, then the same XLSX summary",
    "batch + xlsx": "batch and its XLSX summary (reports, findings, every cell)",
    "command, one job": "floor: the same command with `--jobs 1`, the whole process",
    "command": "`gongkai report check DIR --summary OUT.xlsx`, the whole process",
}
# Each way against the floor that gives the same answer in one process.
FLOORS = {"batch": "floor", "batch + xlsx": "floor + xlsx", "command": "command, one job"}


def markdown(result: dict, machine: str) -> str:
    lines = [
        f"Machine: {machine}",
        f"{result['reports']:,} text and HTML reports; {result['jobs']} worker processes. "
        f"Seconds per batch, min / median of {result['repeat']} rounds, interleaved, after a "
        "warm-up; ratio = time / the floor above it (the same answer made in one process). "
        "The aim is at most 0.7 × the floor.",
        "",
        "| what | min s | median s | ms per report (median) | ratio to floor (min) "
        "| ratio to floor (median) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, label in LABELS.items():
        figures = result[name]
        floor_ = result[FLOORS.get(name, name)]
        per_report = figures["median"] * 1000 / result["reports"]
        lines.append(
            f"| {label} | {figures['min']:.2f} | {figures['median']:.2f} | {per_report:.1f} "
            f"| {figures['min'] / floor_['min']:.2f} "
            f"| {figures['median'] / floor_['median']:.2f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reports", type=int, default=REPORTS)
    args = parser.parse_args()
    from benchmarks.run import machine

    print(markdown(measure(args.repeat, args.reports), machine()))


if __name__ == "__main__":
    main()
