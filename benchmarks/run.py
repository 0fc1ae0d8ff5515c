"""Parse + check throughput per input kind, against bare PDF text extraction as the floor.

Every figure is measured in the same run on the same machine, and reported as a ratio to the floor:
the time pdfplumber needs only to extract the text of the real PDF report, which any PDF reading
must pay. Run with `make bench`; `--write` puts the table into BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

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


def extract_text_only(data: bytes) -> None:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()


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
    args = parser.parse_args()

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
    floor = timed(lambda: extract_text_only(pdf), args.repeat)
    rows = [("floor: pdfplumber text extraction of the PDF", floor)]
    for name, data in inputs.items():
        rows.append(
            (f"parse + check, {name}", timed(lambda d=data: parse_and_check(d), args.repeat))
        )

    lines = [
        f"Machine: {machine()}",
        f"Median of {args.repeat} runs after a warm-up; ratio = time / floor.",
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
    if args.write:
        write(table)


def write(table: str) -> None:
    path = ROOT / "BENCHMARKS.md"
    start, end = "<!-- report-engine:start -->", "<!-- report-engine:end -->"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{start}\n{table}\n{end}"
    if start in text:
        before, rest = text.split(start, 1)
        text = before + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip() + "\n\n## Report engine: parse + check\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
