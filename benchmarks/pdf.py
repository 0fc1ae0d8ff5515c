"""Parse + check of the real PDF report against a bare PDFium text extraction of the same file.

The floor is the least any reading of the PDF's text pays: pypdfium2 opens the bytes, loads every
page and its text page and takes the page's whole text (get_text_range), nothing else. For
reference: poppler's `pdftotext` as a whole process (start-up included), and pdfplumber's text
extraction, which pays for pdfminer's layout pass (the reader's floor before it read PDFium's
positions itself). Ours: read_report + check of the same bytes, and of that the reader alone
(pdf_to_lines: characters, paths, lines and table cells).

All are measured in one process, interleaved (each round runs every case once, the order turning
from round to round), after a warm-up; per case the min and the median over the rounds, and the
ratio to the floor's min and median.

Run alone: `.venv/bin/python -m benchmarks.pdf [--repeat N]`; benchmarks/run.py can call
``measure(repeat)`` and ``markdown(result, machine)``.
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PDF = ROOT.parent / "shared" / "fixtures" / "reports" / "2024_huaian-szf.pdf"
HEADING = "## PDF: parse + check against PDFium's bare text extraction"
FLOOR = "floor"
LABELS = {
    FLOOR: "floor: PDFium (pypdfium2) bare text extraction: open + every page's get_text_range",
    "pdftotext": "reference: `pdftotext` (poppler) as a whole process",
    "pdfplumber": "reference: pdfplumber text extraction (pdfminer's layout pass)",
    "reader": "of ours: the reader alone (pdf_to_lines)",
    "ours": "ours: read_report + check",
}


def pdfium_text(data: bytes) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        parts = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            parts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "".join(parts)
    finally:
        document.close()


def pdftotext(path: Path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode()


def pdfplumber_text(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "".join(page.extract_text() or "" for page in pdf.pages)


def read_and_check(data: bytes) -> int:
    from gongkai.reports.engine import check, read_report

    return len(check(read_report(data, PDF.name).report))


def reader_only(data: bytes) -> int:
    from gongkai.reports.engine.readers.pdf import pdf_to_lines

    return len(pdf_to_lines(data))


def cases(data: bytes) -> dict[str, Callable[[], object]]:
    found: dict[str, Callable[[], object]] = {
        FLOOR: lambda: pdfium_text(data),
        "pdfplumber": lambda: pdfplumber_text(data),
        "reader": lambda: reader_only(data),
        "ours": lambda: read_and_check(data),
    }
    if shutil.which("pdftotext"):
        found["pdftotext"] = lambda: pdftotext(PDF)
    return found


def measure(repeat: int = 21) -> dict:
    """Seconds per call of each case: {"repeat", "cases": {name: {"min", "median"}}}."""
    data = PDF.read_bytes()
    work = cases(data)
    if read_and_check(data) != 0:
        raise SystemExit("the real PDF no longer checks clean: the benchmark would time a failure")
    for run in work.values():  # warm-up: imports, PDFium's start, the fonts' first parse
        run()
    samples: dict[str, list[float]] = {name: [] for name in work}
    names = list(work)
    for round_number in range(repeat):
        turn = round_number % len(names)
        for name in names[turn:] + names[:turn]:
            start = time.perf_counter()
            work[name]()
            samples[name].append(time.perf_counter() - start)
    return {
        "repeat": repeat,
        "cases": {
            name: {"min": min(values), "median": statistics.median(values)}
            for name, values in samples.items()
        },
    }


def markdown(result: dict, machine: str) -> str:
    figures = result["cases"]
    floor = figures[FLOOR]
    lines = [
        f"Machine: {machine}",
        f"{result['repeat']} interleaved rounds after a warm-up; ratio = time / the floor's, "
        "min to min and median to median.",
        "",
        "| what | min ms | median ms | ratio (min) | ratio (median) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name in (FLOOR, "pdftotext", "pdfplumber", "reader", "ours"):
        if name not in figures:
            lines.append(f"| {LABELS[name]} | not installed | | | |")
            continue
        low, mid = figures[name]["min"], figures[name]["median"]
        lines.append(
            f"| {LABELS[name]} | {low * 1000:.1f} | {mid * 1000:.1f} "
            f"| {low / floor['min']:.2f} | {mid / floor['median']:.2f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    from benchmarks.run import machine

    print(HEADING)
    print()
    print(markdown(measure(args.repeat), machine()))


if __name__ == "__main__":
    main()
