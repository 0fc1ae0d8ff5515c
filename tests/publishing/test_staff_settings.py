"""The agency settings the guide and the portal read, edited by the agency admin: every field
saved, a bad 索引号 pattern or credit code refused naming the field, and the pattern used when an
item is published."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.agencies.forms import AgencySettingsForm
from gongkai.agencies.models import Agency
from gongkai.agencies.services import SETTINGS_FIELDS
from tests.applications.factories import Office, make_office, uscc
from tests.publishing.factories import published_item


@pytest.fixture
def office(db) -> Office:
    return make_office()


def settings_url(office: Office) -> str:
    return reverse("agencies:settings", args=[office.agency.code])


def data(office: Office, **overrides: str) -> dict[str, str]:
    values = {
        "office_name": "黑龙江省知识产权局办公室",
        "office_address": "哈尔滨市南岗区某街 2 号",
        "office_phone": "0451-80000000",
        "disclosure_office": str(office.department.pk),
        "notice_number_pattern": "黑知公开〔{year}〕{seq}号",
        "level": "city",
        "credit_code": "",
        "office_hours": "工作日 8:30—11:30，13:30—17:00",
        "office_fax": "0451-80000001",
        "office_email": "gongkai@example.gov.cn",
        "office_postcode": "150001",
        "apply_instructions": "当面申请请携带身份证件。",
        "site_sponsor": "黑龙江省知识产权局",
        "site_code": "2300000001",
        "icp_number": "黑ICP备00000000号",
        "police_number": "黑公网安备 23010002000000号",
        "index_number_pattern": "{code}/{year}-{seq:05d}",
    }
    values.update(overrides)
    return values


def admin_client(office: Office) -> Client:
    client = Client()
    client.force_login(office.admin)
    return client


def test_every_settings_field_is_on_the_page_once():
    grouped = [name for _legend, names in AgencySettingsForm.GROUPS for name in names]
    assert sorted(grouped) == sorted(SETTINGS_FIELDS)


def test_the_guide_and_portal_settings_are_saved_and_the_index_pattern_is_used(office):
    code = uscc()
    sent = data(
        office, credit_code=code, index_number_pattern="{统一社会信用代码}/{year}-{seq:05d}"
    )
    response = admin_client(office).post(settings_url(office), sent)
    assert response.status_code == 302
    agency = Agency.objects.get(pk=office.agency.pk)
    for name in (
        "level",
        "office_hours",
        "office_fax",
        "office_email",
        "office_postcode",
        "apply_instructions",
        "site_sponsor",
        "site_code",
        "icp_number",
        "police_number",
        "index_number_pattern",
        "credit_code",
    ):
        assert getattr(agency, name) == sent[name], name
    office.agency.refresh_from_db()
    item = published_item(office)
    assert item.index_number == f"{code}/{timezone.localdate().year}-00001"


@pytest.mark.parametrize(
    "pattern", ["{code}/{seq}", "{code}/{year}", "{year}-{seq", "{月份}-{seq}"]
)
def test_a_bad_index_pattern_is_refused_naming_the_field(office, pattern):
    response = admin_client(office).post(
        settings_url(office), data(office, index_number_pattern=pattern)
    )
    assert response.status_code == 200
    assert "索引号格式：" in response.text
    assert 'id="id_index_number_pattern_error"' in response.text
    agency = Agency.objects.get(pk=office.agency.pk)
    assert agency.index_number_pattern == "{code}/{year}-{seq:05d}"
    assert agency.office_hours == ""  # nothing half-written


def test_the_credit_code_placeholder_needs_a_credit_code_and_a_bad_code_is_refused(office):
    client = admin_client(office)
    response = client.post(
        settings_url(office), data(office, index_number_pattern="{统一社会信用代码}/{year}-{seq}")
    )
    assert 'id="id_index_number_pattern_error"' in response.text
    assert "请先填写本机关的统一社会信用代码" in response.text
    response = client.post(settings_url(office), data(office, credit_code="11230000ABCDEFGHIJ"))
    assert 'id="id_credit_code_error"' in response.text
    assert Agency.objects.get(pk=office.agency.pk).credit_code == ""


def test_the_clerk_and_the_provincial_office_cannot_change_the_settings(office):
    for user, status in ((office.clerk, 403), (office.provincial, 403), (office.outsider, 404)):
        client = Client()
        client.force_login(user)
        assert client.post(settings_url(office), data(office)).status_code == status
    assert Agency.objects.get(pk=office.agency.pk).office_hours == ""
