"""Notice templates in the admin: agency admins edit their own agencies' wording only, the
platform defaults are the superusers', and a bad template is refused at its field."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.urls import include, path

from gongkai.applications.models import Notice, NoticeTemplate
from gongkai.applications.notices import kinds
from gongkai.applications.notices.admin import NoticeAdmin, NoticeTemplateAdmin
from tests.applications.test_notices_support import registered

# A site of its own, so that these tests do not depend on who imports the admin module.
site = AdminSite(name="notices_test_admin")
site.register(NoticeTemplate, NoticeTemplateAdmin)
site.register(Notice, NoticeAdmin)
# The site's own pages too: an issued notice links to the public track page.
urlpatterns = [path("admin/", site.urls), path("", include("gongkai.urls"))]
pytestmark = pytest.mark.urls(__name__)

ADD = "/admin/applications/noticetemplate/add/"
LIST = "/admin/applications/noticetemplate/"
BODY = "{applicant_name}：\n我局来函。\n{reply_text}"


@pytest.fixture
def superuser(django_user_model):
    # Not pytest-django's admin_user: its username "admin" is the office's agency admin.
    return django_user_model.objects.create_superuser("root", "root@example.gov.cn", "pw")


@pytest.fixture
def agency_admin(office):
    office.admin.is_staff = True  # to enter the admin site at all
    office.admin.save()
    return office.admin


def _post(client, **fields):
    data = {"agency": "", "kind": kinds.REPLY, "outcome": "", "body": BODY, "closing": ""}
    data.update(fields)
    return client.post(ADD, data)


def test_importing_the_module_registers_both_models_on_the_default_site():
    assert admin.site.is_registered(NoticeTemplate)
    assert admin.site.is_registered(Notice)


def test_an_agency_admin_adds_a_template_for_their_agency(client, office, agency_admin):
    client.force_login(agency_admin)
    response = _post(client, agency=office.agency.pk)
    assert response.status_code == 302
    template = NoticeTemplate.objects.get()
    assert (
        template.agency == office.agency
        and template.body == BODY.replace("\n", "\r\n")
        or (template.body == BODY)
    )


def test_an_agency_admin_cannot_write_the_platform_default(client, agency_admin):
    client.force_login(agency_admin)
    response = _post(client)
    assert response.status_code == 200
    assert "平台默认模板只能由平台管理员修改" in response.content.decode()
    assert not NoticeTemplate.objects.exists()


def test_an_agency_admin_cannot_choose_another_agency(client, office, agency_admin):
    client.force_login(agency_admin)
    response = _post(client, agency=office.other_agency.pk)
    assert response.status_code == 200
    assert not NoticeTemplate.objects.exists()


def test_an_agency_admin_sees_and_edits_only_their_agencies_templates(client, office, agency_admin):
    own = NoticeTemplate.objects.create(agency=office.agency, kind=kinds.REPLY, body=BODY)
    other = NoticeTemplate.objects.create(agency=office.other_agency, kind=kinds.REPLY, body=BODY)
    default = NoticeTemplate.objects.create(kind=kinds.REPLY, body=BODY)
    client.force_login(agency_admin)
    listing = client.get(LIST).content.decode()
    assert f"/{own.pk}/change/" in listing
    assert f"/{other.pk}/change/" not in listing
    assert f"/{default.pk}/change/" not in listing
    assert client.get(f"{LIST}{own.pk}/change/").status_code == 200
    assert client.get(f"{LIST}{other.pk}/change/").status_code in (302, 404)


def test_a_clerk_with_staff_status_gets_no_template_admin(client, office):
    office.clerk.is_staff = True
    office.clerk.save()
    client.force_login(office.clerk)
    assert client.get(ADD).status_code == 403


def test_a_superuser_writes_the_platform_default(client, superuser):
    client.force_login(superuser)
    assert _post(client).status_code == 302
    assert NoticeTemplate.objects.get().agency is None


def test_the_admin_form_names_the_unknown_placeholder(client, office, agency_admin):
    client.force_login(agency_admin)
    response = _post(client, agency=office.agency.pk, body="{applicant_name}：{fax}\n{reply_text}")
    page = response.content.decode()
    assert response.status_code == 200
    assert "{fax}" in page and "无法识别" in page
    assert not NoticeTemplate.objects.exists()


def test_the_admin_form_refuses_legal_text(client, office, agency_admin):
    client.force_login(agency_admin)
    body = "{applicant_name}：\n{reply_text}\n不服的可申请行政复议。"
    response = _post(client, agency=office.agency.pk, body=body)
    assert "法律依据或救济途径" in response.content.decode()
    assert not NoticeTemplate.objects.exists()


def test_issued_notices_are_read_only_in_the_admin(client, office, superuser):
    notice = registered(office).notices.get()
    client.force_login(superuser)
    page = client.get(f"/admin/applications/notice/{notice.pk}/change/")
    assert page.status_code == 200
    assert notice.number in page.content.decode()
    assert client.post(f"/admin/applications/notice/{notice.pk}/delete/").status_code == 403
    assert Notice.objects.filter(pk=notice.pk).exists()
