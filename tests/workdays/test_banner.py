from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from gongkai.agencies.context_processors import staff_banner as workdays_banner

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def late_november_2026(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda: date(2026, 11, 27))


def request_of(user: User | AnonymousUser) -> object:
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_staff_are_told_which_relevant_years_are_missing(staff: User) -> None:
    assert workdays_banner(request_of(staff)) == {"workdays_missing_years": [2027]}


def test_the_public_sees_no_banner(outsider: User) -> None:
    assert workdays_banner(request_of(outsider)) == {"workdays_missing_years": []}
    assert workdays_banner(request_of(AnonymousUser())) == {"workdays_missing_years": []}


def test_the_banner_names_the_years_and_links_platform_admins_to_the_import(
    superuser: User, staff: User
) -> None:
    context = {"workdays_missing_years": [2027, 2028]}
    html = render_to_string(
        "workdays/provisional_banner.html", context, request=request_of(superuser)
    )
    assert "2027、2028 年的法定节假日安排尚未载入工作日历" in html
    assert "/admin/workdays/calendaryear/import/" in html
    clerk_html = render_to_string(
        "workdays/provisional_banner.html", context, request=request_of(staff)
    )
    assert "/import/" not in clerk_html and "请平台管理员导入" in clerk_html


def test_the_banner_is_empty_when_every_relevant_year_is_loaded(staff: User) -> None:
    html = render_to_string("workdays/provisional_banner.html", {"workdays_missing_years": []})
    assert html.strip() == ""
