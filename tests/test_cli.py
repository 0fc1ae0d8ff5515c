"""The `gongkai report` command, run as a user runs it: a separate process, real exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
FORMATS = ("html", "docx", "pdf", "xlsx", "json", "csv", "txt")


def gongkai(
    *args: str | os.PathLike[str],
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
    launcher: Sequence[str] = (sys.executable, "-m", "gongkai"),
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*launcher, *map(str, args)],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        env={**os.environ, **(env or {})},
        cwd=REPO_ROOT,
        timeout=300,
    )


def out(result: subprocess.CompletedProcess[bytes]) -> str:
    return result.stdout.decode()


def err(result: subprocess.CompletedProcess[bytes]) -> str:
    return result.stderr.decode()


def with_row(text: str, label: str, values: Sequence[int]) -> str:
    """``text`` with the numbers of the one Table 3 row that starts with ``label`` replaced."""
    lines = text.splitlines(keepends=True)
    matches = [i for i, line in enumerate(lines) if line.startswith(label)]
    assert len(matches) == 1, f"{label!r} starts {len(matches)} lines of the seed"
    index = matches[0]
    cells = lines[index].rstrip("\n").split("\t")
    numeric = [i for i, cell in enumerate(cells) if cell.strip().lstrip("-").isdigit()]
    assert len(numeric) == len(values), lines[index]
    for i, value in zip(numeric, values, strict=True):
        cells[i] = str(value)
    lines[index] = "\t".join(cells) + "\n"
    return "".join(lines)


NEW = "一、本年新收政府信息公开申请数量"
CARRIED_IN = "二、上年结转政府信息公开申请数量"
CARRIED_OUT = "四、结转下年度继续办理"


@pytest.fixture
def r1_broken(seed_report: Path, tmp_path: Path) -> Path:
    """The seed with 5 new applications and no outcome for them: 一 + 二 ≠ 三（七） + 四."""
    text = with_row(seed_report.read_text(encoding="utf-8"), NEW, [5, 0, 0, 0, 0, 0, 5])
    path = tmp_path / "r1_broken.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def carries_in_3(seed_report: Path, tmp_path: Path) -> Path:
    """A consistent next-year report that carries in 3 applications the seed never carried out."""
    text = seed_report.read_text(encoding="utf-8")
    text = with_row(text, CARRIED_IN, [3, 0, 0, 0, 0, 0, 3])
    text = with_row(text, CARRIED_OUT, [3, 0, 0, 0, 0, 0, 3])
    path = tmp_path / "carries_in_3.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def seed_a_year_earlier(seed_report: Path, tmp_path: Path) -> Path:
    """The seed dated 2019, to stand as the year before the seed (2020)."""
    text = seed_report.read_text(encoding="utf-8")
    assert "2020" in text
    path = tmp_path / "2019.txt"
    path.write_text(text.replace("2020", "2019"), encoding="utf-8")
    return path


def library_render(path: Path, fmt: str, *, from_stdin: bool = False) -> bytes:
    """What the engine itself produces, to hold the command to the library's output."""
    from gongkai.reports.engine import read_report, render

    filename = None if from_stdin else path.name
    return render(read_report(path.read_bytes(), filename).report, fmt)


# -- check -----------------------------------------------------------------------------------


def test_check_passes_the_seed_report_with_exit_0(seed_report: Path) -> None:
    result = gongkai("report", "check", seed_report)
    assert result.returncode == 0, err(result)
    lines = out(result).splitlines()
    assert lines[0] == f"== {seed_report} =="
    assert "未发现问题" in lines
    assert not [line for line in lines if line.startswith("错误")]


def test_check_reads_the_report_from_stdin_when_the_file_is_a_dash(seed_report: Path) -> None:
    result = gongkai("report", "check", "-", stdin=seed_report.read_bytes())
    assert result.returncode == 0, err(result)
    assert out(result).splitlines() == ["== （标准输入） ==", "未发现问题"]


def test_check_exits_1_and_names_the_rule_when_a_total_does_not_add_up(r1_broken: Path) -> None:
    result = gongkai("report", "check", r1_broken)
    assert result.returncode == 1, out(result) + err(result)
    errors = [line for line in out(result).splitlines() if line.startswith("错误 ")]
    assert any("R1" in line for line in errors), out(result)
    assert "个错误" in out(result)


def test_check_goes_on_after_an_unreadable_file_and_exits_2(
    seed_report: Path, r1_broken: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-report.pdf"
    result = gongkai("report", "check", missing, r1_broken, seed_report)
    assert result.returncode == 2
    assert str(missing) in err(result)
    assert "无法读取" in err(result)
    # The other files were still checked: the broken one found its error, the seed is clean.
    assert f"== {r1_broken} ==" in out(result)
    assert any(line.startswith("错误 ") and "R1" in line for line in out(result).splitlines())
    assert out(result).rstrip().endswith(f"== {seed_report} ==\n未发现问题")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.txt", b""),
        ("picture.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4),
    ],
)
def test_check_exits_2_for_a_file_that_is_not_a_report(
    tmp_path: Path, name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = gongkai("report", "check", path)
    assert result.returncode == 2, out(result) + err(result)
    assert str(path) in err(result)
    assert "Traceback" not in err(result)


# -- parse -----------------------------------------------------------------------------------


def test_parse_prints_the_cell_contract_as_json_by_default(seed_report: Path) -> None:
    result = gongkai("report", "parse", seed_report)
    assert result.returncode == 0, err(result)
    cells = json.loads(result.stdout)
    assert cells
    assert cells == json.loads(library_render(seed_report, "json"))


def test_parse_prints_csv_on_request_and_reads_stdin(seed_report: Path) -> None:
    result = gongkai("report", "parse", "--format", "csv", "-", stdin=seed_report.read_bytes())
    assert result.returncode == 0, err(result)
    rows = list(csv.reader(io.StringIO(result.stdout.decode("utf-8-sig"))))
    assert len(rows) > 1
    assert result.stdout == library_render(seed_report, "csv", from_stdin=True)


def test_parse_exits_2_for_a_missing_file(tmp_path: Path) -> None:
    result = gongkai("report", "parse", tmp_path / "missing.docx")
    assert result.returncode == 2
    assert result.stdout == b""
    assert "missing.docx" in err(result)


# -- render ----------------------------------------------------------------------------------


def looks_like(fmt: str, data: bytes) -> None:
    """Fail unless ``data`` is a real document of ``fmt`` with the report in it."""
    if fmt == "pdf":
        assert data.startswith(b"%PDF-")
        assert b"%%EOF" in data[-1024:]
    elif fmt in ("docx", "xlsx"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
        assert ("word/document.xml" if fmt == "docx" else "xl/workbook.xml") in names
    elif fmt == "json":
        assert json.loads(data)
    elif fmt == "csv":
        assert len(list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))) > 1
    else:
        text = data.decode("utf-8")
        if fmt == "html":
            assert "<html" in text.lower()
        assert "政府信息公开" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_render_writes_the_seed_in_every_format(
    seed_report: Path, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / f"report.{fmt}"
    result = gongkai("report", "render", seed_report, "--to", fmt, "-o", target)
    assert result.returncode == 0, err(result)
    assert result.stdout == b""
    looks_like(fmt, target.read_bytes())
    if fmt in ("html", "json", "csv", "txt"):  # the others may carry a creation time
        assert target.read_bytes() == library_render(seed_report, fmt)


def test_render_writes_to_stdout_when_the_output_is_a_dash(
    seed_report: Path, tmp_path: Path
) -> None:
    target = tmp_path / "report.txt"
    to_file = gongkai("report", "render", seed_report, "--to", "txt", "-o", target)
    to_stdout = gongkai("report", "render", seed_report, "--to", "txt", "-o", "-")
    assert to_file.returncode == 0, err(to_file)
    assert to_stdout.returncode == 0, err(to_stdout)
    assert to_stdout.stdout == target.read_bytes()


def test_render_reads_stdin_when_the_file_is_a_dash(seed_report: Path) -> None:
    result = gongkai(
        "report", "render", "-", "--to", "json", "-o", "-", stdin=seed_report.read_bytes()
    )
    assert result.returncode == 0, err(result)
    assert json.loads(result.stdout) == json.loads(
        library_render(seed_report, "json", from_stdin=True)
    )


def test_render_refuses_an_unknown_format_and_writes_nothing(
    seed_report: Path, tmp_path: Path
) -> None:
    target = tmp_path / "report.odt"
    result = gongkai("report", "render", seed_report, "--to", "odt", "-o", target)
    assert result.returncode == 2
    assert "odt" in err(result)
    assert not target.exists()


# -- compare ---------------------------------------------------------------------------------


def test_compare_exits_0_when_this_year_carries_in_what_last_year_carried_out(
    seed_a_year_earlier: Path, seed_report: Path
) -> None:
    result = gongkai("report", "compare", seed_a_year_earlier, seed_report)
    assert result.returncode == 0, out(result) + err(result)
    lines = out(result).splitlines()
    assert lines[0] == f"== {seed_a_year_earlier} → {seed_report} =="
    assert not [line for line in lines if line.startswith("错误")]


def test_compare_exits_1_when_the_carry_over_does_not_match_last_year(
    seed_a_year_earlier: Path, carries_in_3: Path
) -> None:
    # On its own the edited year is consistent ...
    alone = gongkai("report", "check", carries_in_3)
    assert alone.returncode == 0, out(alone) + err(alone)
    # ... but it carries in 3 applications that the year before did not carry out (R5).
    result = gongkai("report", "compare", seed_a_year_earlier, carries_in_3)
    assert result.returncode == 1, out(result) + err(result)
    assert any(line.startswith("错误 ") and "R5" in line for line in out(result).splitlines())


def test_compare_exits_2_when_a_year_cannot_be_read(seed_report: Path, tmp_path: Path) -> None:
    result = gongkai("report", "compare", tmp_path / "2019.pdf", seed_report)
    assert result.returncode == 2
    assert "2019.pdf" in err(result)


# -- the command as a whole ----------------------------------------------------------------


@pytest.mark.parametrize(
    "launcher",
    [
        pytest.param((sys.executable, "-m", "gongkai"), id="python -m gongkai"),
        pytest.param((str(Path(sys.executable).with_name("gongkai")),), id="gongkai script"),
        pytest.param((sys.executable, str(REPO_ROOT / "manage.py")), id="manage.py"),
    ],
)
def test_every_entry_point_runs_the_same_command(seed_report: Path, launcher: tuple[str]) -> None:
    result = gongkai("report", "check", seed_report, launcher=launcher)
    assert result.returncode == 0, err(result)
    assert "未发现问题" in out(result).splitlines()


def test_the_report_command_needs_no_database(seed_report: Path, tmp_path: Path) -> None:
    # Nothing listens on port 1: any connection attempt would fail the command.
    env = {"DATABASE_URL": "postgres://nobody@127.0.0.1:1/nothing", "GONGKAI_DEBUG": "false"}
    env["GONGKAI_SECRET_KEY"] = "a-production-like-key-for-this-test-only"
    result = gongkai("report", "check", seed_report, env=env)
    assert result.returncode == 0, err(result)
    target = tmp_path / "report.json"
    result = gongkai("report", "render", seed_report, "--to", "json", "-o", target, env=env)
    assert result.returncode == 0, err(result)
    assert json.loads(target.read_bytes())


def test_help_lists_the_subcommands() -> None:
    result = gongkai("report", "--help")
    assert result.returncode == 0, err(result)
    for action in ("parse", "check", "render", "compare"):
        assert action in out(result)


def test_a_database_never_migrated_is_named_with_what_to_do(tmp_path: Path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    result = gongkai("workdays", "due", "2026-03-02", env=env)
    assert result.returncode == 1
    assert "请先运行 gongkai migrate" in result.stderr.decode()
    assert b"Traceback" not in result.stderr


def test_the_file_subcommands_start_without_django(seed_report: Path) -> None:
    # What makes `gongkai report check` cost the engine's start-up and not the project's.
    result = gongkai(
        "-X",
        "importtime",
        "-m",
        "gongkai",
        "report",
        "check",
        seed_report,
        launcher=(sys.executable,),
    )
    assert result.returncode == 0, err(result)
    imported = {line.split("|")[-1].strip() for line in err(result).splitlines()}
    assert "gongkai.reports.engine" in imported
    assert not {name for name in imported if name.split(".")[0] == "django"}
    assert "multiprocessing" not in imported and "openpyxl" not in imported
