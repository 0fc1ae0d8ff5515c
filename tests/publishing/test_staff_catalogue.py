"""The agency admin's catalogue editor: the statutory categories for an empty catalogue, a
category added, renamed and moved, a cycle refused, a category in use kept with a clear
message; only the agency's admin edits it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.publishing.models import Category
from gongkai.publishing.seeding import ARTICLE_20
from tests.applications.factories import Office, make_office
from tests.publishing.factories import draft_item


@pytest.fixture
def office(db) -> Office:
    return make_office()


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(office: Office, name: str = "catalogue", *args) -> str:
    return reverse(f"publishing:{name}", args=[office.agency.code, *args])


def test_an_empty_catalogue_is_seeded_with_the_statutory_categories_once(office):
    admin = as_user(office.admin)
    page = admin.get(url(office)).text
    assert 'id="seed"' in page
    assert admin.post(url(office, "catalogue_seed")).status_code == 302
    assert Category.objects.filter(agency=office.agency).count() == len(ARTICLE_20)
    page = admin.get(url(office)).text
    assert 'id="seed"' not in page and "统计信息" in page
    admin.post(url(office, "catalogue_seed"))  # a second press adds nothing
    assert Category.objects.filter(agency=office.agency).count() == len(ARTICLE_20)


def test_a_category_is_added_renamed_and_moved(office):
    admin = as_user(office.admin)
    data = {"name": "专利资助", "code": "patent-funding", "parent": "", "basis": ""}
    assert admin.post(url(office), data).status_code == 302
    top = Category.objects.get(code="patent-funding")
    child_data = {"name": "资助结果", "code": "funding-results", "parent": str(top.pk), "basis": ""}
    assert admin.post(url(office), child_data).status_code == 302
    child = Category.objects.get(code="funding-results")
    assert child.parent == top

    response = admin.post(url(office), {**data, "name": "重复代码"})
    assert response.status_code == 200
    assert 'id="id_code_error"' in response.text and "已被本机关的其他类别使用" in response.text

    edit = {"name": "专利资助信息", "basis": "本机关规定", "position": "3", "parent": ""}
    assert admin.post(url(office, "category", top.pk), edit).status_code == 302
    top.refresh_from_db()
    assert (top.name, top.basis, top.position, top.code) == (
        "专利资助信息",
        "本机关规定",
        3,
        "patent-funding",
    )
    page = admin.get(url(office)).text
    assert "专利资助信息" in page and 'class="depth-1" data-category="funding-results"' in page

    # Below its own child: a cycle, refused beside the field.
    response = admin.post(url(office, "category", top.pk), {**edit, "parent": str(child.pk)})
    assert response.status_code == 200
    assert 'id="id_parent_error"' in response.text and "下级类别之下" in response.text
    top.refresh_from_db()
    assert top.parent is None


def test_a_category_in_use_is_not_deleted_and_the_message_says_why(office):
    item = draft_item(office)
    admin = as_user(office.admin)
    response = admin.post(url(office, "category_delete", item.category_id), follow=True)
    assert "有 1 条公开信息" in response.text and "不能删除" in response.text
    assert Category.objects.filter(pk=item.category_id).exists()
    unused = Category.objects.get(agency=office.agency, code="art20-15")
    admin.post(url(office, "category_delete", unused.pk))
    assert not Category.objects.filter(pk=unused.pk).exists()


def test_only_the_agencys_admin_edits_its_catalogue(office):
    data = {"name": "x", "code": "x", "parent": "", "basis": ""}
    for user, status in ((office.clerk, 403), (office.provincial, 403), (office.outsider, 404)):
        client = as_user(user)
        assert client.get(url(office)).status_code == status
        assert client.post(url(office), data).status_code == status
    assert not Category.objects.filter(code="x").exists()
    assert as_user(office.admin).get(reverse("publishing:catalogue_home")).status_code == 302
