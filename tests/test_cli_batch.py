"""``gongkai report check DIR|ZIP --summary`` and ``gongkai report compare DIR``: a province's
year at once, run as a user runs it (a separate process, real exit codes)."""

from __future__ import annotations

import csv
import io
import random
import struct
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gongkai.reports.engine import Report, check, read_report, render
from gongkai.reports.engine.batch.archive import Archive, ArchiveLimitError, ArchiveLimits
from gongkai.reports.engine.batch.progress import Progress
from gongkai.reports.engine.editions import NEW, TABLE3_COLUMNS
from tests.test_cli import err, gongkai, out

BROKEN = {
    "empty.txt": "文件为空",
    "random.bin": "无法识别为年度报告",
    "truncated.docx": "已损坏或不完整",
    "notes.txt": "未找到全国统一格式的年度报告表格",
}
PDFS = 4
REPORTS = 200 - len(BROKEN) - PDFS  # rendered in the four other formats, one by one
FORMULA_AGENCY = "=1+2测试局"  # what a reader takes for an agency, and a formula
FORMULA_AT = 4  # a text report


def seed(seed_report: Path) -> Report:
    return read_report(seed_report.read_bytes()).report


def with_error(report: Report) -> Report:
    """R1 broken: 5 new applications, no outcome for them."""
    report.set(report.edition.t3(NEW, TABLE3_COLUMNS[0]), "5")
    report.set(report.edition.t3(NEW, TABLE3_COLUMNS[-1]), "5")
    assert any(f.rule == "R1" for f in check(report))
    return report


def variant(seed_report: Path, number: int, *, error: bool = False) -> Report:
    report = seed(seed_report)
    report.agency = f"测试市第{number}局"
    return with_error(report) if error else report


def truncated_zip(data: bytes) -> bytes:
    return data[: len(data) // 3]


def declared_bomb(declared: int) -> bytes:
    """A tiny archive whose directory declares ``declared`` bytes unpacked."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.txt", b"0" * 1000)
    data = bytearray(buf.getvalue())
    entry = data.index(b"PK\x01\x02")
    data[entry + 24 : entry + 28] = struct.pack("<I", declared)
    return bytes(data)


@pytest.fixture(scope="module")
def folder(seed_report: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200 files: txt, HTML, DOCX, XLSX and PDF reports (every tenth with an R1 error, one with
    a formula for its agency), and four broken files.

    Rendering Word, Excel and PDF is slow: those are rendered once (clean, and with the error)
    and copied under each name; text and HTML are rendered for each file, agency and all.
    """
    root = tmp_path_factory.mktemp("province")
    rng = random.Random(10)
    slow = {
        (fmt, error): render(variant(seed_report, 0, error=error), fmt)
        for fmt in ("docx", "xlsx")
        for error in (False, True)
    }
    pdf = render(variant(seed_report, 0), "pdf")
    formats = ("txt", "html", "docx", "xlsx")
    for number in range(REPORTS):
        error = number % 10 == 3
        fmt = formats[number % len(formats)]
        if fmt in ("docx", "xlsx"):
            data = slow[fmt, error]
        else:
            report = variant(seed_report, number, error=error)
            if number == FORMULA_AT:
                report.agency = FORMULA_AGENCY
            data = render(report, fmt)
        sub = root / f"市{number % 3}"  # folders inside the folder are walked too
        sub.mkdir(exist_ok=True)
        (sub / f"{number:03d}.{fmt}").write_bytes(data)
    for number in range(PDFS):
        (root / f"pdf-{number}.pdf").write_bytes(pdf)
    (root / "empty.txt").write_bytes(b"")
    (root / "random.bin").write_bytes(bytes(rng.randrange(256) for _ in range(5000)))
    (root / "truncated.docx").write_bytes(truncated_zip(render(seed(seed_report), "docx")))
    (root / "notes.txt").write_text("会议纪要\n今天开会。\n", encoding="utf-8")
    (root / ".hidden.txt").write_text("not a report, and hidden: skipped", encoding="utf-8")
    return root


def xlsx_rows(path: Path) -> dict[str, list[tuple]]:
    book = load_workbook(path, read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


# -- check --summary ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def xlsx_summary(folder: Path, tmp_path_factory: pytest.TempPathFactory):
    target = tmp_path_factory.mktemp("out") / "summary.xlsx"
    result = gongkai("report", "check", folder, "--summary", target)
    return result, target


@pytest.fixture(scope="module")
def sheets(xlsx_summary) -> dict[str, list[tuple]]:
    return xlsx_rows(xlsx_summary[1])


def test_a_folder_of_200_mixed_files_is_summarised_one_row_per_file(xlsx_summary, sheets):
    result, _ = xlsx_summary
    assert result.returncode == 2, err(result)  # the broken files: the highest code wins
    assert "Traceback" not in err(result)
    assert list(sheets) == ["报告", "问题", "单元格"]
    header, *rows = sheets["报告"]
    assert header[:8] == (
        "file",
        "agency",
        "year",
        "edition",
        "format",
        "verdict",
        "errors",
        "warnings",
    )
    assert len(rows) == 200
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)  # in the folder's name order
    by_file = {Path(r[0]).name: dict(zip(header, r, strict=True)) for r in rows}
    verdicts = [r["verdict"] for r in by_file.values()]
    assert verdicts.count("无法读取") == len(BROKEN)
    errors = len(range(3, REPORTS, 10))
    assert verdicts.count("有错误") == errors
    assert verdicts.count("未发现问题") == 200 - len(BROKEN) - errors
    formats = {r["format"] for r in by_file.values() if r["format"]}
    assert formats == {"txt", "html", "docx", "xlsx", "pdf"}
    clean = by_file["000.txt"]
    assert (clean["agency"], clean["year"], clean["edition"], clean["errors"]) == (
        "测试市第0局",
        2020,
        "2019",
        0,
    )
    wrong = by_file["003.xlsx"]
    assert wrong["verdict"] == "有错误" and wrong["errors"] >= 1
    assert wrong["first_findings"].startswith("R1 ")
    assert "summary.xlsx" in out(result) and "已检查 200 个文件" in out(result)


def test_a_broken_file_is_one_row_with_its_reason(xlsx_summary, sheets):
    result, _ = xlsx_summary
    header, *rows = sheets["报告"]
    by_file = {Path(r[0]).name: dict(zip(header, r, strict=True)) for r in rows}
    for name, reason in BROKEN.items():
        row = by_file[name]
        assert row["verdict"] == "无法读取", name
        assert reason in row["reason"], (name, row["reason"])
        assert row["agency"] is None and row["errors"] is None
        assert f"{name}: " in err(result)  # and said on stderr, as a single check says it


def test_every_finding_and_every_cell_has_its_row(sheets):
    findings_header, *findings = sheets["问题"]
    assert findings_header == ("file", "rule", "level", "cell", "expected", "found", "message")
    assert {Path(f[0]).name for f in findings if f[1] == "R1"} == {
        f"{n:03d}.{('txt', 'html', 'docx', 'xlsx')[n % 4]}" for n in range(3, REPORTS, 10)
    }
    assert all(f[2] in ("错误", "警告") for f in findings)
    cells_header, *cells = sheets["单元格"]
    assert cells_header == ("file", "agency", "section", "block", "row", "column", "value")
    per_file = {}
    for row in cells:
        per_file.setdefault(row[0], []).append(row)
    assert len(per_file) == 200 - len(BROKEN)
    contract = read_report(render(Report.empty("2019"), "csv")).report  # the contract's length
    lines = len(list(csv.reader(io.StringIO(render(contract, "csv").decode())))) - 1
    assert {len(rows) for rows in per_file.values()} == {lines}
    first = next(rows for name, rows in per_file.items() if name.endswith("000.txt"))
    assert first[0][2:] == ("meta", None, "edition", None, "2019")
    assert first[1][1] == "测试市第0局"


def test_text_from_a_report_never_becomes_a_formula(xlsx_summary):
    _, target = xlsx_summary
    book = load_workbook(target, read_only=True)
    column = (row[1] for row in book["报告"].iter_rows())
    agencies = [cell for cell in column if "=1+2" in str(cell.value)]
    assert agencies and all(cell.data_type == "s" for cell in agencies)
    assert all(str(cell.value).startswith("'=") for cell in agencies)


def test_the_csv_summary_is_three_files_with_the_same_rows(sheets, folder, tmp_path):
    target = tmp_path / "summary.csv"
    result = gongkai("report", "check", folder, "--summary", target)
    assert result.returncode == 2, err(result)
    reports = csv_rows(target)
    findings = csv_rows(tmp_path / "summary-findings.csv")
    cells = csv_rows(tmp_path / "summary-cells.csv")
    assert reports[0] == list(sheets["报告"][0])
    assert len(reports) == len(sheets["报告"]) == 201
    assert len(findings) == len(sheets["问题"])
    assert len(cells) == len(sheets["单元格"])
    as_text = [["" if v is None else str(v) for v in row] for row in sheets["报告"]]
    assert reports == as_text
    formula = [row for row in reports if "=1+2" in row[1]]
    assert formula and formula[0][1].startswith("'=")


def test_the_summary_must_be_xlsx_or_csv(folder, tmp_path):
    result = gongkai("report", "check", folder, "--summary", tmp_path / "summary.ods")
    assert result.returncode == 2
    assert ".xlsx 或 .csv" in err(result)
    assert not (tmp_path / "summary.ods").exists()


def test_no_progress_bar_when_stderr_is_not_a_terminal(xlsx_summary):
    result, _ = xlsx_summary
    assert "\r" not in err(result) and "█" not in err(result)


def test_the_progress_bar_is_drawn_on_a_terminal_and_ends_its_line():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    bar = Progress(stream, 10)
    for done in range(1, 11):
        bar(done)
    bar.close()
    assert stream.getvalue().startswith("\r检查 [")
    assert "10/10（100%" in stream.getvalue() and stream.getvalue().endswith("\n")
    piped = io.StringIO()
    Progress(piped, 10)(5)
    assert piped.getvalue() == ""


# -- exit codes -------------------------------------------------------------------------------


def test_exit_codes_are_those_of_a_single_check(seed_report, tmp_path):
    clean, wrong = tmp_path / "clean", tmp_path / "wrong"
    for folder, error in ((clean, False), (wrong, True)):
        folder.mkdir()
        for number in range(6):
            report = variant(seed_report, number, error=error and number == 4)
            (folder / f"{number}.txt").write_bytes(render(report, "txt"))
    summary = tmp_path / "s.csv"
    assert gongkai("report", "check", clean, "--summary", summary).returncode == 0
    assert gongkai("report", "check", wrong, "--summary", summary).returncode == 1
    assert gongkai("report", "check", clean, wrong, "--summary", summary).returncode == 1
    (clean / "empty.txt").write_bytes(b"")
    assert gongkai("report", "check", clean, wrong, "--summary", summary).returncode == 2
    # One process or all of them: the same summary, row for row.
    one = tmp_path / "one.csv"
    assert gongkai("report", "check", clean, wrong, "--summary", one, "--jobs", "1").returncode == 2
    assert one.read_bytes() == summary.read_bytes()
    # Without --summary a folder prints each file's findings, as several files always did.
    result = gongkai("report", "check", wrong)
    assert result.returncode == 1
    assert out(result).count("== ") == 6
    assert f"== {wrong / '4.txt'} ==" in out(result)


def test_an_empty_folder_is_said_so(tmp_path):
    result = gongkai("report", "check", tmp_path, "--summary", tmp_path / "s.xlsx")
    assert result.returncode == 2
    assert "没有找到要检查的文件" in err(result)


# -- ZIP archives -----------------------------------------------------------------------------


def test_a_zip_of_reports_is_checked_member_by_member(seed_report, tmp_path):
    archive = tmp_path / "2020年.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("甲局.txt", render(variant(seed_report, 1), "txt"))
        zf.writestr("乙局/报告.docx", render(variant(seed_report, 2, error=True), "docx"))
        zf.writestr("__MACOSX/._甲局.txt", b"junk")
        zf.writestr("broken.docx", b"PK\x03\x04broken")
    target = tmp_path / "s.csv"
    result = gongkai("report", "check", archive, "--summary", target)
    assert result.returncode == 2, err(result)
    rows = {row[0]: row for row in csv_rows(target)[1:]}
    assert set(rows) == {
        f"{archive}/甲局.txt",
        f"{archive}/乙局/报告.docx",
        f"{archive}/broken.docx",
    }
    assert rows[f"{archive}/乙局/报告.docx"][5] == "有错误"
    assert rows[f"{archive}/broken.docx"][5] == "无法读取"


def test_a_zip_bomb_is_one_row_naming_the_limit_and_is_never_inflated(tmp_path):
    bomb = tmp_path / "bomb.zip"
    bomb.write_bytes(declared_bomb(3 * 1024**3))  # 3 GB declared, the command takes 2 GB
    target = tmp_path / "s.csv"
    result = gongkai("report", "check", bomb, "--summary", target)
    assert result.returncode == 2
    (row,) = csv_rows(target)[1:]
    assert row[0] == str(bomb) and row[5] == "无法读取"
    assert "压缩包解压后过大" in row[9] and "上限为 2.0 GB" in row[9]
    assert "Traceback" not in err(result)


def test_an_archive_refuses_its_limits_before_inflating():
    with pytest.raises(ArchiveLimitError, match="文件过多：共 3 个，上限为 2 个") as error:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            for name in "abc":
                zf.writestr(f"{name}.txt", b"x")
        Archive(io.BytesIO(buf.getvalue()), ArchiveLimits(members=2))
    assert error.value.limit == "members"
    with pytest.raises(ArchiveLimitError, match="解压后过大") as error:
        Archive(io.BytesIO(declared_bomb(10_000)), ArchiveLimits(unpacked=5_000))
    assert (error.value.found, error.value.allowed) == (10_000, 5_000)


def test_a_member_that_inflates_past_its_declared_size_is_refused():
    # Declared 100 bytes, holds 1,000: never more than 100 are taken from it.
    with Archive(io.BytesIO(declared_bomb(100))) as archive:
        from gongkai.reports.engine.batch.archive import ArchiveError

        with pytest.raises(ArchiveError):
            archive.read(archive.members[0])


# -- compare over the years -------------------------------------------------------------------


def years_folder(seed_report: Path, root: Path, years: list[int]) -> Path:
    """The seed as the agency's report of each of ``years`` (the same text: 内容雷同)."""
    text = seed_report.read_text(encoding="utf-8")
    root.mkdir()
    for year in years:
        (root / f"{year}.txt").write_text(text.replace("2020", str(year)), encoding="utf-8")
    return root


def test_compare_a_folder_chains_every_year_and_flags_copied_text_across_all_pairs(
    seed_report, tmp_path
):
    folder = years_folder(seed_report, tmp_path / "years", [2019, 2020, 2021])
    result = gongkai("report", "compare", folder)
    assert result.returncode == 0, out(result) + err(result)
    text = out(result)
    assert f"== {folder / '2019.txt'} → {folder / '2020.txt'} ==" in text
    assert f"== {folder / '2020.txt'} → {folder / '2021.txt'} ==" in text
    assert "== 不相邻年度之间的内容雷同（S5） ==" in text
    apart = [line for line in text.splitlines() if "↔" in line]
    assert apart and all("2019.txt ↔" in line and "2021.txt" in line for line in apart)
    assert all("与 2019 年度报告内容雷同" in line for line in apart)


def test_compare_a_folder_finds_a_broken_carry_over_in_the_chain(seed_report, tmp_path):
    folder = years_folder(seed_report, tmp_path / "years", [2019, 2020, 2021])
    # 2021 carries in (and on) 3 applications that 2020 never carried out.
    report = read_report((folder / "2021.txt").read_bytes()).report
    edition = report.edition
    for row in ("carried_in", "carried_forward"):
        report.set(edition.t3(row, TABLE3_COLUMNS[0]), "3")
        report.set(edition.t3(row, TABLE3_COLUMNS[-1]), "3")
    assert not [f for f in check(report) if f.level == "error"]
    (folder / "2021.txt").write_bytes(render(report, "txt"))
    result = gongkai("report", "compare", folder)
    assert result.returncode == 1, out(result) + err(result)
    lines = out(result).splitlines()
    first = lines.index(f"== {folder / '2019.txt'} → {folder / '2020.txt'} ==")
    assert not lines[first + 1].startswith("错误")
    second = lines.index(f"== {folder / '2020.txt'} → {folder / '2021.txt'} ==")
    assert lines[second + 1].startswith("错误 R5 ")


def test_compare_a_folder_says_which_years_are_missing_and_what_it_cannot_read(
    seed_report, tmp_path
):
    folder = years_folder(seed_report, tmp_path / "years", [2019, 2021])
    (folder / "empty.txt").write_bytes(b"")
    result = gongkai("report", "compare", folder)
    assert result.returncode == 2
    assert "缺少 2020 年度的报告" in out(result)
    assert "empty.txt: 文件为空" in err(result)


def test_compare_needs_two_years(seed_report, tmp_path):
    folder = years_folder(seed_report, tmp_path / "years", [2020])
    result = gongkai("report", "compare", folder)
    assert result.returncode == 2
    assert "不足两个年度" in err(result)
