"""The benchmarks, each against a floor measured in the same run on the same machine.

- engine: parse + check throughput per input kind, against the time PDFium needs only to
  extract the text of the real PDF report, which any PDF reading must pay;
- table3: table 三 computed from 1,000,000 application records (benchmarks/table3.py, one
  process per database) for 2019, 2022 and 2025, against the best of four bare statements that
  give the same numbers from the same rows and indexes; then, on the same data, the drill-down's
  keyset pages (benchmarks/drilldown.py) against a bare keyset query and a bare count. SQLite
  always; PostgreSQL when DATABASE_URL points at a PostgreSQL server (a scratch database is
  created there);
- pdf, cli_startup, batch, checker_page: the modules of those names (benchmarks/*.py), each with
  its own floor measured in the same run.

Run with `make bench`; `--write` puts the tables into BENCHMARKS.md, each section between its own
markers, so that a run of one benchmark (or one database) keeps the others' figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.pdf import pdfium_text  # noqa: E402
from gongkai.reports.engine import check, read_report, render  # noqa: E402

SHARED = ROOT.parent / "shared"
PDF = SHARED / "fixtures" / "reports" / "2024_huaian-szf.pdf"
SEED = SHARED / "seed" / "000_a50361494c1f8f1d.txt"


def timed(work: Callable[[], object], repeat: int) -> float:
    """The median seconds of one call, after one warm-up call."""
    work()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def parse_and_check(data: bytes) -> None:
    check(read_report(data).report)


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    system = f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores"
    return f"{system}, {cpu}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    parser.add_argument(
        "--only",
        # public_form: benchmarks/public_form.py, which `make bench` runs after this script.
        choices=("engine", "table3", "public_form", *SECTIONS),
        help="run one benchmark (default: every one)",
    )
    parser.add_argument("--table3-repeat", type=int, default=11)
    parser.add_argument("--table3-rows", type=int, default=None, help="default 1,000,000")
    args = parser.parse_args()
    if args.only in (None, "engine"):
        engine(args.repeat, args.write)
    if args.only in (None, "table3"):
        table3(args.table3_repeat, args.table3_rows, args.write)
    for name in SECTIONS:
        if args.only in (None, name):
            section(name, args.write)


# The benchmarks of their own module (``measure(repeat)`` → ``markdown(result, machine)``, under
# the module's HEADING), each run with its own default number of runs.
SECTIONS = ("pdf", "cli_startup", "batch", "checker_page")


def section(name: str, write_md: bool) -> None:
    from importlib import import_module

    module = import_module(f"benchmarks.{name}")
    table = module.markdown(module.measure(), machine())
    print(table)
    if write_md:
        write(table, name.replace("_", "-"), module.HEADING, intro=getattr(module, "INTRO", ""))


def engine(repeat: int, write_md: bool) -> None:
    pdf = PDF.read_bytes()
    huaian = read_report(pdf).report
    inputs = {
        "pdf (the real 2024 report)": pdf,
        "txt (the seed)": SEED.read_bytes(),
        **{
            f"{fmt} (the real report rendered)": render(huaian, fmt)
            for fmt in ("txt", "html", "docx", "xlsx", "json", "csv")
        },
    }
    floor = timed(lambda: pdfium_text(pdf), repeat)
    rows = [("floor: PDFium's bare text extraction of the PDF", floor)]
    for name, data in inputs.items():
        rows.append((f"parse + check, {name}", timed(lambda d=data: parse_and_check(d), repeat)))

    lines = [
        f"Machine: {machine()}",
        f"Median of {repeat} runs after a warm-up; ratio = time / floor.",
        "",
        "| what | ms per report | reports per second | ratio to floor |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, seconds in rows:
        lines.append(
            f"| {name} | {seconds * 1000:.1f} | {1 / seconds:.1f} | {seconds / floor:.2f} |"
        )
    table = "\n".join(lines)
    print(table)
    if write_md:
        write(table, "report-engine", "## Report engine: parse + check")


def table3(repeat: int, rows: int | None, write_md: bool) -> None:
    """Table 三 from the records and its drill-down pages on SQLite, and on PostgreSQL when
    DATABASE_URL names one."""
    from benchmarks import drilldown
    from benchmarks.table3 import HEADING, INTRO, NAMES, markdown

    databases = ["sqlite"]
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        databases.append("postgres")
    else:
        print("table3: DATABASE_URL names no PostgreSQL server; PostgreSQL NOT measured")
    for database in databases:
        command = [sys.executable, str(ROOT / "benchmarks" / "table3.py")]
        command += ["--database", database, "--repeat", str(repeat), "--json"]
        if rows is not None:
            command += ["--rows", str(rows), "--other-rows", str(rows // 5)]
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        if done.returncode:
            sys.stderr.write(done.stderr)
            raise SystemExit(f"table3 on {database} failed (exit {done.returncode})")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        table = markdown(result, machine())
        pages = drilldown.markdown(result, machine(), NAMES)
        print(table, pages, sep="\n\n")
        if write_md:
            write(table, f"table3-{database}", HEADING, intro=INTRO)
            write(pages, f"drilldown-{database}", drilldown.HEADING, intro=drilldown.INTRO)


def write(table: str, marker: str, heading: str, *, intro: str = "") -> None:
    """Put ``table`` between its markers in BENCHMARKS.md; a new section goes under ``heading``
    (added at the end, with ``intro``, when the file has no such heading yet)."""
    path = ROOT / "BENCHMARKS.md"
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{start}\n{table}\n{end}"
    if start in text:
        before, rest = text.split(start, 1)
        text = before + block + rest.split(end, 1)[1]
    elif heading in text:
        # The section exists (another database's block): add this block at its end.
        before, rest = text.split(heading, 1)
        following = rest.find("\n## ")
        section, after = (rest, "") if following < 0 else (rest[:following], rest[following:])
        text = before + heading + section.rstrip() + "\n\n" + block + "\n" + after
    else:
        intro_text = f"{intro}\n\n" if intro else ""
        text = text.rstrip() + f"\n\n{heading}\n\n{intro_text}{block}\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
