"""``gongkai report check`` of the seed as a whole process, against a process that only imports
the engine and checks the seed.

The floor is ``python -c`` importing ``gongkai.reports.engine``, reading the seed and checking it:
the interpreter's start-up, the engine's imports and the work itself, which any command that
checks a report must pay. The command runs the same work behind its entry point (the ``gongkai``
script, gongkai/cli.py) and the engine's command line (gongkai/reports/engine/cli), before
Django is imported. For reference, the same check through Django's management command
(``gongkai report --no-color check``: a Django option before the subcommand takes the Django
path), which is what every check paid before. Each run is a fresh process, its output read to
the end; the three are run interleaved (their order alternating from round to round), after one
warm-up run of each (the file cache). The aim is at most 2 × the floor.

Run alone with ``python -m benchmarks.cli_startup`` (``--repeat N``, default 11).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "000_a50361494c1f8f1d.txt"
HEADING = "## Command start-up: `gongkai report check`"

FLOOR_CODE = (
    "import sys\n"
    "from gongkai.reports.engine import check, read_report\n"
    "findings = check(read_report(open(sys.argv[1], 'rb').read(), 'seed.txt').report)\n"
    "print(len(findings))\n"
)


def commands() -> dict[str, list[str]]:
    script = Path(sys.executable).with_name("gongkai")
    launcher = [str(script)] if script.exists() else [sys.executable, "-m", "gongkai"]
    return {
        "floor": [sys.executable, "-c", FLOOR_CODE, str(SEED)],
        "command": [*launcher, "report", "check", str(SEED)],
        "through Django": [*launcher, "report", "--no-color", "check", str(SEED)],
    }


def run_once(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, cwd=ROOT)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{command} exited {done.returncode}: {done.stderr.decode()[-500:]}")
    return elapsed


def measure(repeat: int = 11) -> dict:
    """Seconds per process of each command: min and median over ``repeat`` interleaved runs."""
    works = commands()
    for command in works.values():
        run_once(command)  # warm-up
    samples: dict[str, list[float]] = {name: [] for name in works}
    names = list(works)
    for round_number in range(repeat):
        for name in names if round_number % 2 == 0 else names[::-1]:
            samples[name].append(run_once(works[name]))
    result = {
        name: {"min": min(values), "median": statistics.median(values)}
        for name, values in samples.items()
    }
    result["repeat"] = repeat
    return result


LABELS = {
    "floor": "floor: `python -c` importing the engine, reading and checking the seed",
    "command": "`gongkai report check seed` (the engine's command line, no Django)",
    "through Django": "reference: the same through Django's management command",
}


def markdown(result: dict, machine: str) -> str:
    floor = result["floor"]
    lines = [
        f"Machine: {machine}",
        f"Whole processes, min / median of {result['repeat']} runs each, interleaved, after a "
        "warm-up; ms; ratio = time / floor. The aim is at most 2 × the floor.",
        "",
        "| what | min ms | median ms | ratio to floor (min) | ratio to floor (median) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, label in LABELS.items():
        figures = result[name]
        lines.append(
            f"| {label} | {figures['min'] * 1000:.0f} | {figures['median'] * 1000:.0f} "
            f"| {figures['min'] / floor['min']:.2f} | {figures['median'] / floor['median']:.2f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=11)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from benchmarks.run import machine

    print(markdown(measure(args.repeat), machine()))


if __name__ == "__main__":
    main()
