"""Drafting through the staff's screens: the new-item form with every content field, errors
beside the field the service names, the edit form of a draft only, attachments uploaded
(checked by their content), listed, removed, and downloaded with safe headers."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.publishing.models import EventKind, Item, ItemAttachment, State
from tests.applications.factories import Office, make_office, resident_id
from tests.publishing.factories import category, draft_item, published_item, review


@pytest.fixture
def office(db) -> Office:
    return make_office()


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


NEW = reverse("publishing:new")


def form_data(office: Office, **overrides: str) -> dict[str, str]:
    data = {
        "category": str(category(office).pk),
        "title": "关于开展专利转化专项计划的通知",
        "document_number": "",
        "issuer": office.agency.name,
        "written_on": "",
        "formed_on": timezone.localdate().isoformat(),
        "topic": "",
        "summary": "",
        "body": "第一段。\n第二段。",
        "kind": "other",
        "validity": "",
        "department": str(office.department.pk),
    }
    data.update(overrides)
    return data


def test_the_new_item_form_offers_the_agencys_catalogue_and_departments_with_its_name(office):
    category(office)
    html = as_user(office.clerk).get(NEW).text
    for name in (
        "category",
        "title",
        "document_number",
        "issuer",
        "written_on",
        "formed_on",
        "topic",
        "summary",
        "body",
        "kind",
        "validity",
        "effective_on",
        "validity_changed_on",
        "replaces",
        "department",
    ):
        assert f'name="{name}"' in html, name
    assert f'value="{office.agency.name}"' in html  # 发布机构 defaults to the agency's name
    assert "行政法规、规章和规范性文件" in html and "综合协调处" in html
    assert "清除脚本" in html  # the body's help text says it is sanitised
    assert "办公室" not in html.split('name="department"')[1]  # not the other agency's


def test_plain_text_becomes_paragraphs_and_a_service_refusal_lands_beside_its_field(office):
    client = as_user(office.clerk)
    response = client.post(NEW, form_data(office))
    assert response.status_code == 302
    assert Item.objects.get().body == "<p>第一段。</p><p>第二段。</p>"
    # 已修改 without the day it was amended: the service names validity_changed_on.
    response = client.post(NEW, form_data(office, kind="normative", validity="amended"))
    assert response.status_code == 200
    assert 'id="id_validity_changed_on_error"' in response.text
    assert "已修改或废止的文件须填写修改或废止日期" in response.text
    assert Item.objects.count() == 1
    response = client.post(NEW, form_data(office, title=""))
    assert 'id="id_title_error"' in response.text and "请填写名称" in response.text


def test_a_draft_is_edited_and_the_event_names_the_fields(office):
    item = draft_item(office)
    client = as_user(office.clerk)
    url = reverse("publishing:edit", args=[item.pk])
    page = client.get(url).text
    assert 'name="department"' not in page and item.title in page
    data = form_data(office, title="新名称", formed_on=item.formed_on.isoformat())
    data.pop("department")
    assert client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert item.title == "新名称"
    assert "title" in item.events.filter(kind=EventKind.EDIT).last().data["fields"]
    page = client.get(reverse("publishing:detail", args=[item.pk])).text
    assert "修改的项目" in page and "名称" in page


def test_only_a_draft_is_edited_and_only_by_a_clerk(office):
    item = draft_item(office)
    assert as_user(office.head).get(reverse("publishing:edit", args=[item.pk])).status_code == 403
    published = published_item(office)
    response = as_user(office.clerk).get(reverse("publishing:edit", args=[published.pk]))
    assert response.status_code == 403 and "不能修改" in response.text
    assert as_user(office.head).get(NEW).status_code == 403


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def upload(client: Client, item: Item, name: str, content: bytes):
    url = reverse("publishing:attachment_upload", args=[item.pk])
    return client.post(url, {"attachment": SimpleUploadedFile(name, content)})


def test_an_attachment_is_uploaded_scanned_downloaded_and_removed(office):
    item = draft_item(office)
    client = as_user(office.clerk)
    number = resident_id()
    response = upload(client, item, "名单.docx", docx_bytes(f"获奖人身份证号 {number} 。"))
    assert response.status_code == 302
    attachment = ItemAttachment.objects.get()
    page = client.get(reverse("publishing:detail", args=[item.pk])).text
    assert "名单.docx" in page
    assert f"<mark>{number}</mark>" in page and "位于：名单.docx" in page

    download = client.get(reverse("publishing:attachment", args=[item.pk, attachment.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == attachment.media_type
    assert bytes(download.content) == bytes(attachment.content)

    url = reverse("publishing:attachment_remove", args=[item.pk, attachment.pk])
    assert client.post(url).status_code == 302
    assert not item.attachments.exists()
    assert item.events.filter(kind=EventKind.EDIT, data__detached="名单.docx").exists()


def test_a_file_that_is_not_what_it_says_is_refused_with_the_message(office):
    item = draft_item(office)
    response = upload(as_user(office.clerk), item, "通知.pdf", b"<html><script></script></html>")
    assert response.status_code == 200
    assert 'id="id_attachment_error"' in response.text
    assert "按文件内容判断" in response.text
    assert not ItemAttachment.objects.exists()


def test_a_published_versions_file_still_downloads_and_another_items_does_not(office):
    item = draft_item(office)
    upload(as_user(office.clerk), item, "附件.docx", docx_bytes("附件正文"))
    item = review(office, item)
    assert item.state == State.PUBLISHED
    attachment = ItemAttachment.objects.get()
    other = draft_item(office, title="另一条")
    reviewer = as_user(office.reviewer)
    assert (
        reviewer.get(reverse("publishing:attachment", args=[item.pk, attachment.pk])).status_code
        == 200
    )
    assert (
        reviewer.get(reverse("publishing:attachment", args=[other.pk, attachment.pk])).status_code
        == 404
    )
    assert (
        as_user(office.provincial)
        .get(reverse("publishing:attachment", args=[item.pk, attachment.pk]))
        .status_code
        == 200
    )
    assert (
        as_user(office.outsider)
        .get(reverse("publishing:attachment", args=[item.pk, attachment.pk]))
        .status_code
        == 404
    )
