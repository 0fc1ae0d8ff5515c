"""How a notice is printed: the signature never alone on a page, and the PDF rendered before the
agency's row is locked (numbers still unique and sequential)."""

from __future__ import annotations

import io

import docx
import pdfplumber
import pytest

from gongkai.agencies.models import Agency
from gongkai.applications import outcomes
from gongkai.applications.models import Notice
from gongkai.applications.notices import kinds, services
from gongkai.applications.notices.compose import Composed
from gongkai.applications.notices.render_docx import render_docx
from gongkai.applications.notices.render_pdf import render_pdf
from tests.applications.test_notices_support import pdf_text, registered, squash

LAST = "最后一段：" + "如对本答复有疑问，请与本机关政府信息公开工作机构联系，" * 3 + "特此告知。"


def _notice(paragraphs: int) -> Composed:
    return Composed(
        title="政府信息公开申请答复告知书",
        number="hlj-ipo-2026-0001",
        addressee="张三",
        salutation="张三：",
        body=tuple(f"第{i:02d}段，本机关依法审查了您的申请。" for i in range(paragraphs)),
        legal=(),
        closing=(LAST,),
        agency_name="黑龙江省知识产权局",
        date_text="2026年10月12日",
    )


def _pages(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [squash(page.extract_text() or "") for page in pdf.pages]


def test_the_signature_date_and_seal_stay_on_one_page_with_the_whole_last_paragraph():
    # From a body that fits one page to one that pushes the ending onto page 2: around the page
    # boundary the last paragraph (four lines) would otherwise begin on page 1 and end on page 2.
    spilled = 0
    for paragraphs in range(9, 15):
        pages = _pages(render_pdf(_notice(paragraphs)))
        last = pages[-1]
        assert squash(LAST) in last, f"{paragraphs} paragraphs: the last paragraph was split"
        assert last.endswith("黑龙江省知识产权局2026年10月12日（印章）")
        assert all("（印章）" not in page for page in pages[:-1])
        spilled += len(pages) > 1
    assert spilled >= 3  # the boundary was crossed, so the rule was really put to the test


def test_control_characters_typed_into_a_field_are_left_out_of_the_word_notice():
    # A pasted escape (the fuzz of the consultation form found one in the party's name) is not
    # text XML can hold; the notice is printed without it instead of failing the step.
    notice = _notice(2)
    notice = Composed(**{**notice.__dict__, "salutation": "张\x1b三\x00：", "title": "告知书\x07"})
    document = docx.Document(io.BytesIO(render_docx(notice)))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert "张三：" in texts
    assert "告知书" in texts
    assert document.core_properties.title == "告知书"


def test_a_last_paragraph_longer_than_a_page_breaks_rather_than_leave_page_one_empty():
    long = "".join(
        f"第{i:02d}句，如对本答复有疑问请与本机关政府信息公开工作机构联系；" for i in range(40)
    )
    notice = _notice(3)
    notice = Composed(**{**notice.__dict__, "closing": (long + "特此告知。",)})
    pages = _pages(render_pdf(notice))
    assert "第00句" in pages[0]  # it begins under the body, not on a page of its own
    assert pages[-1].endswith("特此告知。黑龙江省知识产权局2026年10月12日（印章）")
    assert "第39句" in pages[-1]  # and its last lines stand above the signature


def _counting_renders(monkeypatch) -> list[str]:
    """Record each PDF render, and whether the agency row was locked at the time."""
    calls: list[str] = []
    real_render, real_lock = services.render_pdf, Agency.objects.select_for_update

    def render(composed):
        calls.append(f"render {composed.number}")
        return real_render(composed)

    def lock(*args, **kwargs):
        calls.append("lock")
        return real_lock(*args, **kwargs)

    monkeypatch.setattr(services, "render_pdf", render)
    monkeypatch.setattr(Agency.objects, "select_for_update", lock)
    return calls


def test_a_notice_is_rendered_once_and_before_the_agency_row_is_locked(office, monkeypatch):
    application = registered(office)  # its receipt is notice 0001
    calls = _counting_renders(monkeypatch)
    notice = services.notice_issue(
        application=application, kind=kinds.REPLY, outcome=outcomes.GRANTED
    )
    assert calls == ["render hlj-ipo-2026-0002", "lock"]
    assert notice.number == "hlj-ipo-2026-0002"
    assert "hlj-ipo-2026-0002" in pdf_text(notice.pdf)


def test_a_notice_issued_meanwhile_makes_the_next_one_print_again_with_its_real_number(
    office, monkeypatch
):
    application = registered(office)
    calls = _counting_renders(monkeypatch)
    render = services.render_pdf

    def render_while_another_is_issued(composed):
        if len(calls) == 0:  # during the first render, another clerk issues a notice
            monkeypatch.setattr(services, "render_pdf", render)
            services.notice_issue(
                application=application, kind=kinds.REPLY, outcome=outcomes.GRANTED
            )
            monkeypatch.setattr(services, "render_pdf", render_while_another_is_issued)
        return render(composed)

    monkeypatch.setattr(services, "render_pdf", render_while_another_is_issued)
    notice = services.notice_issue(
        application=application, kind=kinds.REPLY, outcome=outcomes.GRANTED
    )
    # The other notice took 0002 while this one was printed as 0002: printed again, as 0003.
    assert notice.number == "hlj-ipo-2026-0003"
    assert "hlj-ipo-2026-0003" in pdf_text(notice.pdf)
    assert "hlj-ipo-2026-0002" not in pdf_text(notice.pdf)
    assert calls[-2:] == ["lock", "render hlj-ipo-2026-0003"]
    numbers = list(Notice.objects.order_by("pk").values_list("number", "sequence"))
    assert numbers == [("hlj-ipo-2026-0001", 1), ("hlj-ipo-2026-0002", 2), ("hlj-ipo-2026-0003", 3)]


def test_a_notice_that_cannot_be_rendered_takes_no_number(office, monkeypatch):
    application = registered(office)

    def broken(composed):
        raise RuntimeError("no renderer")

    monkeypatch.setattr(services, "render_pdf", broken)
    with pytest.raises(RuntimeError):
        services.notice_issue(application=application, kind=kinds.REPLY, outcome=outcomes.GRANTED)
    monkeypatch.undo()
    notice = services.notice_issue(
        application=application, kind=kinds.REPLY, outcome=outcomes.GRANTED
    )
    assert notice.number == "hlj-ipo-2026-0002"
