"""Files made to hurt the server: every reader bounds its work before it starts, and parses of
office files and PDFs run in a child process that is stopped at its memory and time limit.

Each bomb is refused with a clear 4xx naming the limit, the worker's own memory stays where it
was (the child took the blow), and an ordinary request still answers afterwards.
"""

from __future__ import annotations

import io
import os
import resource
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.applications.ledger.reading import MAX_COLUMNS, LedgerFileError, read_table
from gongkai.documents.untrusted import (
    PACKAGE_LIMITS,
    LimitError,
    PackageLimits,
    RunLimits,
    check_package,
    run_bounded,
)
from gongkai.publishing.attachments import check_attachment

# A part that inflates past the one-part limit: zeros deflate about 1000 : 1, so the upload is
# some 40 KB.
BOMB_PART = PACKAGE_LIMITS.part + 1024**2


def _package(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return out.getvalue()


def docx_bomb() -> bytes:
    return _package(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document>" + b"\0" * BOMB_PART,
        }
    )


def xlsx_bomb() -> bytes:
    return _package(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"<worksheet>" + b" " * BOMB_PART,
        }
    )


def many_pages_pdf(pages: int) -> bytes:
    import pypdfium2

    document = pypdfium2.PdfDocument.new()
    for _ in range(pages):
        document.new_page(100, 100)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KB


# The limits themselves ---------------------------------------------------------------------


def test_a_package_is_refused_from_its_declared_sizes_naming_the_part():
    with pytest.raises(LimitError) as refused:
        check_package(docx_bomb(), "Word 文档")
    assert refused.value.limit == "part"
    assert "word/document.xml" in str(refused.value) and "Word 文档" in str(refused.value)


def test_a_package_is_refused_when_its_parts_together_pass_the_limit():
    parts = {f"word/media/image{i}.png": b"\0" * 1000 for i in range(5)}
    with pytest.raises(LimitError) as refused:
        check_package(_package(parts), "Word 文档", PackageLimits(part=2000, unpacked=4000))
    assert refused.value.limit == "unpacked"
    with pytest.raises(LimitError) as refused:
        check_package(_package(parts), "Word 文档", PackageLimits(parts=4))
    assert refused.value.limit == "parts"


def test_a_file_that_is_no_zip_is_left_to_its_reader():
    check_package(b"not a zip at all", "Word 文档")  # no LimitError: the reader says what it is


def test_a_bounded_run_returns_what_the_child_returns_and_raises_what_it_raises():
    assert run_bounded(os.getpid) != os.getpid()
    with pytest.raises(ValueError, match="invalid literal"):
        run_bounded(int, "x")


def test_the_fork_server_started_ahead_loads_the_readers_named_and_serves_the_next_run():
    import gongkai.reports.uploads  # noqa: F401 — names the report readers' modules
    from gongkai.documents import untrusted

    assert "gongkai.reports.engine" in untrusted._PRELOAD
    untrusted.start()
    assert run_bounded(os.getpid) != os.getpid()


def test_a_run_past_its_time_is_stopped():
    started = time.monotonic()
    with pytest.raises(LimitError) as refused:
        run_bounded(time.sleep, 30, limits=RunLimits(seconds=0.5))
    assert refused.value.limit == "seconds" and "0.5 秒" in str(refused.value)
    assert time.monotonic() - started < 10


def test_a_run_past_its_memory_is_stopped_and_the_parent_keeps_its_own():
    before = _peak_rss_mb()
    with pytest.raises(LimitError) as refused:
        run_bounded(bytearray, 2 * 1024**3, limits=RunLimits(memory=512 * 1024**2))
    assert refused.value.limit in ("memory", "died") and "512.0 MB" in str(refused.value)
    assert _peak_rss_mb() - before < 100


# Every upload path -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "make", "said"),
    [
        ("bomb.docx", docx_bomb, "word/document.xml"),
        ("bomb.xlsx", xlsx_bomb, "xl/worksheets/sheet1.xml"),
        ("pages.pdf", lambda: many_pages_pdf(1001), "1001 页"),
    ],
)
def test_the_public_checker_refuses_a_bomb_with_a_clear_4xx(client, name, make, said):
    before = _peak_rss_mb()
    response = client.post(reverse("reports:check"), {"file": SimpleUploadedFile(name, make())})
    assert response.status_code == 422
    assert said in response.content.decode()
    assert _peak_rss_mb() - before < 200
    assert client.get(reverse("reports:check")).status_code == 200  # the site still answers


def test_the_ledger_refuses_a_workbook_bomb_and_a_csv_of_18000_columns():
    with pytest.raises(LedgerFileError, match="xl/worksheets/sheet1.xml"):
        read_table(xlsx_bomb(), "ledger.xlsx", max_bytes=20 * 1024**2)
    wide = ("编号," + ",".join(["x"] * 18_000) + "\n").encode()
    with pytest.raises(LedgerFileError) as refused:
        read_table(wide, "ledger.csv", max_bytes=20 * 1024**2)
    assert "第 1 行" in str(refused.value) and str(MAX_COLUMNS) in str(refused.value)


def test_an_item_attachment_bomb_is_refused_naming_the_file():
    upload = SimpleUploadedFile("通知.docx", docx_bomb())
    with pytest.raises(ValidationError) as refused:
        check_attachment(upload)
    assert refused.value.code == "limit"
    assert "通知.docx" in refused.value.messages[0]
    assert "word/document.xml" in refused.value.messages[0]
