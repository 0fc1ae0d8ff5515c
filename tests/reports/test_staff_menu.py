"""The staff menu leads to the annual report and the register of the agency the user works in,
and the provincial office to its year."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from gongkai.applications.context_processors import menu_for

pytestmark = pytest.mark.django_db


def _menu(user) -> dict[str, str]:
    request = RequestFactory().get("/")
    request.user = user
    return {item.key: item.url for item in menu_for(request)}


def test_staff_reach_their_agencys_report_and_register(office):
    for person in (office.clerk, office.head, office.reviewer):
        menu = _menu(person)
        assert menu["annual"] == reverse("annual:list", args=[office.agency.code])
        assert menu["remedies"] == reverse("remedies:list", args=[office.agency.code])
        assert "province" not in menu
    assert _menu(office.outsider)["annual"] == reverse(
        "annual:list", args=[office.other_agency.code]
    )


def test_the_provincial_office_reaches_its_year_and_no_agencys_pages(office):
    menu = _menu(office.provincial)
    assert menu["province"] == reverse("province:home")
    assert "annual" not in menu and "remedies" not in menu
