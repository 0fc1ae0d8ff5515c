"""A first visit's form is written once per process (views/public.py): the same page as the
form written for the request, with its own submission key, and one query, for the agency."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

KEY = re.compile(r'name="submission_key" value="([0-9a-f-]{36})"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def first_visit(office, **headers) -> str:
    response = Client().get(reverse("applications:apply", args=[office.agency.code]), **headers)
    assert response.status_code == 200
    return response.content.decode()


def without_tokens(html: str) -> str:
    return CSRF.sub("csrf", KEY.sub("key", html))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_page_kept_for_first_visits_is_the_page_written_for_the_request(office, language):
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    kept = first_visit(office, **headers)
    with override_settings(DEBUG=True):  # the form built and written for this request
        written = first_visit(office, **headers)
    assert without_tokens(kept) == without_tokens(written)
    assert f'<html lang="{language}">' in kept


def test_each_first_visit_still_gets_its_own_key(office):
    keys = [KEY.findall(first_visit(office)) for _ in range(3)]
    assert all(len(found) == 1 for found in keys)
    assert len({found[0] for found in keys}) == 3


def test_the_kept_form_follows_the_upload_limit(office, settings):
    settings.GONGKAI_APPLICANT_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    assert "不超过 2.0 MB" in first_visit(office)
    settings.GONGKAI_APPLICANT_UPLOAD_MAX_BYTES = 3 * 1024 * 1024
    assert "不超过 3.0 MB" in first_visit(office)


def test_a_first_visit_reads_only_the_agency(office, django_assert_num_queries):
    first_visit(office)  # the form kept once
    with django_assert_num_queries(1):
        html = first_visit(office)
    assert office.agency.name in html


def test_an_unknown_agency_is_still_not_found(db):
    response = Client().get(reverse("applications:apply", args=["no-such-agency"]))
    assert response.status_code == 404


def test_a_renamed_agency_shows_its_new_name_at_once(office):
    first_visit(office)
    office.agency.name = "黑龙江省市场监督管理局"
    office.agency.save()
    assert "黑龙江省市场监督管理局" in first_visit(office)
