"""An item's page: the metadata table above the body, its files, its versions; a withdrawn
item says why and shows nothing else; a draft, or an item under another agency, is 404."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from gongkai.publishing.models import Kind, Validity
from gongkai.publishing.services.drafting import item_detach, item_update
from gongkai.publishing.services.steps import item_act
from tests.portal.helpers import (
    FILE_NAME,
    PNG,
    draft_item,
    published_item,
    review,
    revised,
    with_file,
    withdrawn,
)

pytestmark = pytest.mark.django_db


def _url(item, *more) -> str:
    return reverse("portal:item", args=[item.agency.code, item.pk]) + "".join(more)


def _text(response) -> str:
    return re.sub(r"\s+", "", response.content.decode())


def test_the_item_page_shows_the_metadata_table_above_the_body(client, office):
    item = published_item(office, topic="知识产权")
    page = client.get(_url(item))
    assert page.status_code == 200
    html = _text(page)
    table, body = html.index('<tableclass="metadata">'), html.index('<divclass="body">')
    assert table < body
    metadata = html[table : html.index("</table>", table)]
    for label, value in (
        ("索引号", item.index_number),
        ("主题分类", "知识产权"),
        ("发布机构", "黑龙江省知识产权局"),
        ("成文日期", "2026-11-02"),
        ("发布日期", item.published_on.isoformat()),
        ("文号", "黑知发〔2026〕3号"),
        ("名称", "黑龙江省专利奖励办法"),
    ):
        assert re.search(
            f"<th[^>]*>{label}</th><td[^>]*>(<time[^>]*>)?{re.escape(value)}", metadata
        ), label
    assert "效力状态" not in metadata  # not a 规章 or 规范性文件
    assert "<p>为鼓励发明创造，促进专利转化运用，制定本办法。</p>" in html[body:]


def test_the_topic_falls_back_to_the_category(client, office):
    html = _text(client.get(_url(published_item(office))))
    assert re.search(r"<th[^>]*>主题分类</th><td>行政法规、规章和规范性文件</td>", html)


def test_a_normative_document_shows_its_validity_and_the_links_between_versions(client, office):
    old = published_item(
        office,
        title="专利资助办法（2020年）",
        kind=Kind.NORMATIVE,
        validity=Validity.IN_FORCE,
        effective_on=date(2026, 11, 10),
    )
    new = published_item(
        office,
        title="专利资助办法（2026年）",
        kind=Kind.NORMATIVE,
        validity=Validity.IN_FORCE,
        effective_on=date(2026, 12, 1),
        replaces=old,
    )
    new_page = _text(client.get(_url(new)))
    assert "<strong>有效</strong>" in new_page and "施行日期：2026-12-01" in new_page
    assert f'修改或替代：<ahref="{_url(old)}">专利资助办法（2020年）</a>' in new_page
    old_page = _text(client.get(_url(old)))
    assert f'已被修改或替代：<ahref="{_url(new)}">专利资助办法（2026年）</a>' in old_page


def test_the_item_page_lists_the_current_files_with_sizes_and_links(client, office):
    item = with_file(office)
    attachment = item.current_version.attachments.get()
    html = client.get(_url(item)).content.decode()
    link = reverse("portal:item_file", args=[item.agency.code, item.pk, attachment.pk])
    assert f'href="{link}"' in html and FILE_NAME in html
    assert re.search(rf"（{len(PNG)}\s字节）", html)  # filesizeformat: a no-break space


def test_the_page_says_which_version_it_is_and_lists_the_earlier_ones(client, office):
    item = revised(
        office, published_item(office), note="更正文号", document_number="黑知发〔2026〕9号"
    )
    html = _text(client.get(_url(item)))
    assert "更新（第2版）" in html and "修订说明：更正文号" in html
    assert "黑知发〔2026〕9号" in html
    earlier = reverse("portal:item_version", args=[item.agency.code, item.pk, 1])
    assert f'href="{earlier}"' in html
    old = client.get(earlier)
    assert old.status_code == 200
    old_html = _text(old)
    assert "您正在查看第1版（历史版本" in old_html and "黑知发〔2026〕3号" in old_html
    assert f'href="{_url(item)}"' in old_html


def test_the_current_version_s_own_number_goes_to_the_item_page(client, office):
    item = published_item(office)
    response = client.get(reverse("portal:item_version", args=[item.agency.code, item.pk, 1]))
    assert response.status_code == 302 and response["Location"] == _url(item)
    missing = reverse("portal:item_version", args=[item.agency.code, item.pk, 7])
    assert client.get(missing).status_code == 404


def test_a_withdrawn_item_says_when_and_why_and_shows_no_body(client, office):
    item = withdrawn(office, with_file(office), reason="内容有误，需重新核实")
    page = client.get(_url(item))
    assert page.status_code == 200
    html = _text(page)
    assert "已撤回" in html
    assert f"该信息已于{item.withdrawn_on.isoformat()}撤回" in html
    assert "撤回原因：内容有误，需重新核实" in html
    assert "为鼓励发明创造" not in html and FILE_NAME.replace(" ", "") not in html
    assert 'class="metadata"' not in html
    old = client.get(reverse("portal:item_version", args=[item.agency.code, item.pk, 1]))
    assert old.status_code == 200 and "为鼓励发明创造" not in old.content.decode()


def test_a_draft_never_published_is_404(client, office):
    item = draft_item(office)
    assert client.get(_url(item)).status_code == 404
    in_review = draft_item(office, title="送审中")
    item_act(item=in_review, actor=office.clerk, key="submit")
    assert client.get(_url(in_review)).status_code == 404


def test_an_item_under_another_agency_s_code_is_404(client, office):
    item = published_item(office)
    wrong = reverse("portal:item", args=[office.other_agency.code, item.pk])
    assert client.get(wrong).status_code == 404
    assert client.get(reverse("portal:item", args=["nowhere", item.pk])).status_code == 404


def test_a_revision_under_review_leaves_the_published_version_up(client, office):
    item = published_item(office)
    item = item_act(item=item, actor=office.clerk, key="revise", reason="补充")
    item_update(item=item, actor=office.clerk, title="尚未审核的新标题")
    html = client.get(_url(item)).content.decode()
    assert "黑龙江省专利奖励办法" in html and "尚未审核的新标题" not in html


def test_the_download_is_the_stored_file_with_safe_headers(client, office):
    item = with_file(office)
    attachment = item.current_version.attachments.get()
    response = client.get(
        reverse("portal:item_file", args=[item.agency.code, item.pk, attachment.pk])
    )
    assert response.status_code == 200
    assert bytes(response.content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Content-Length"] == str(len(PNG))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="__ __.png"' in disposition
    assert "filename*=UTF-8''%E4%B8%93%E5%88%A9%20%E8%AF%81%E4%B9%A6.png" in disposition


def test_only_files_of_the_current_version_of_a_public_item_download(client, office):
    item = with_file(office)
    old_file = item.current_version.attachments.get()
    other = with_file(office, name="other.png", title="另一条")
    other_file = other.current_version.attachments.get()
    code = office.agency.code
    # Another item's file under this item: 404.
    assert (
        client.get(reverse("portal:item_file", args=[code, item.pk, other_file.pk])).status_code
        == 404
    )
    # A file the revision took off: still kept for version 1, but no longer downloaded.
    item = item_act(item=item, actor=office.clerk, key="revise", reason="删除附件")
    item_detach(item=item, actor=office.clerk, attachment=old_file)
    item = review(office, item)
    assert (
        client.get(reverse("portal:item_file", args=[code, item.pk, old_file.pk])).status_code
        == 404
    )
    # A withdrawn item's files: 404.
    withdrawn(office, other)
    assert (
        client.get(reverse("portal:item_file", args=[code, other.pk, other_file.pk])).status_code
        == 404
    )
    # Under another agency's code: 404.
    wrong = reverse("portal:item_file", args=[office.other_agency.code, other.pk, other_file.pk])
    assert client.get(wrong).status_code == 404
