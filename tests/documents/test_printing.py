"""The documents package: fonts looked up once per process, renders that leave little behind,
and no Django in it (the report engine prints through it)."""

from __future__ import annotations

import ast
import gc
import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from docx import Document

import gongkai.documents
from gongkai.documents import docx as official
from gongkai.documents import fonts
from gongkai.documents.errors import RenderError
from gongkai.documents.pdf import html_to_pdf


def _page(family: str) -> str:
    body = (
        "<p>经查，您申请的信息答复如下。根据《中华人民共和国政府信息公开条例》第三十六条。</p>" * 30
    )
    return f"<html><body style=\"font-family: '{family}'\"><h1>告知书</h1>{body}</body></html>"


@pytest.fixture
def fresh_fonts():
    fonts.forget_fonts()
    yield
    fonts.forget_fonts()


def test_the_fonts_are_looked_up_once_not_once_per_render(fresh_fonts, monkeypatch):
    asked, built = [], []
    real_ask = fonts.fontconfig_zh_families
    from weasyprint.text import fonts as weasyprint_fonts

    class Counted(weasyprint_fonts.FontConfiguration):
        def __init__(self) -> None:
            built.append(1)
            super().__init__()

    monkeypatch.setattr(fonts, "fontconfig_zh_families", lambda: asked.append(1) or real_ask())
    monkeypatch.setattr(weasyprint_fonts, "FontConfiguration", Counted)
    first, second = html_to_pdf(_page), html_to_pdf(_page)
    assert first.startswith(b"%PDF") and second.startswith(b"%PDF")
    assert len(asked) == 1  # fontconfig asked for the Chinese families once
    assert len(built) == 1  # and WeasyPrint's font configuration built once


def test_renders_from_several_threads_share_the_fonts_and_all_succeed(fresh_fonts):
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda _: html_to_pdf(_page), range(3)))
    assert all(data.startswith(b"%PDF") for data in results)
    assert len({len(data) for data in results}) == 1  # the same page, the same file


def test_no_chinese_font_is_asked_again_so_installing_one_mends_a_running_process(
    fresh_fonts, monkeypatch
):
    answers = [(), ("Noto Serif CJK SC",)]
    monkeypatch.setattr(fonts, "fontconfig_zh_families", lambda: answers.pop(0))
    with pytest.raises(RenderError, match="未找到中文字体"):
        fonts.find_cjk_font()
    assert fonts.find_cjk_font() == "Noto Serif CJK SC"


def _rss_mb() -> float:
    status = Path("/proc/self/status")
    if not status.exists():
        pytest.skip("needs Linux's /proc to read the resident set size")
    for line in status.read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    pytest.skip("no VmRSS in /proc/self/status")


def test_a_render_leaves_no_font_copies_behind_in_reference_cycles():
    """With a font configuration per render, each render kept ~50 MB in reference cycles (the
    CJK faces, loaded anew) until a full garbage collection; now it keeps about 1 MB."""
    html_to_pdf(_page)
    html_to_pdf(_page)
    gc.collect()
    gc.disable()  # what a large process sees between its rare full collections
    try:
        before = _rss_mb()
        for _ in range(5):
            html_to_pdf(_page)
        grown = _rss_mb() - before
    finally:
        gc.enable()
    assert grown < 60, f"5 renders kept {grown:.0f} MB"


def test_official_page_sets_a4_with_gb_t_9704_margins_and_east_asian_runs():
    document = Document()
    official.official_page(document, title="标题", subject="主题", author="某局")
    official.title_paragraph(document, "标题")
    paragraph = document.add_paragraph()
    official.styled_run(paragraph, "正文 text", official.FANGSONG, official.BODY_SIZE)
    again = Document(io.BytesIO(official.docx_bytes(document)))
    section = again.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.top_margin.cm, 1) == 3.7
    runs = again.paragraphs[-1].runs
    assert (
        runs[0].element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
        == official.FANGSONG
    )
    assert again.core_properties.author == "某局"


PRINTING = ("__init__.py", "errors.py", "fonts.py", "pdf.py", "docx.py")


def test_the_printing_modules_import_no_django():
    """The report engine, which must not import Django, prints through them (media.py, the
    upload checks, is Django's; pyproject.toml's import contracts say the same)."""
    folder = Path(gongkai.documents.__file__).parent
    for path in (folder / name for name in PRINTING):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n == "django" or n.startswith("django.") for n in names), path.name
