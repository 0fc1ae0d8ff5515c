"""Who may download a notice: staff who may view the application, and the applicant who proved
it in this session; everyone else gets 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.applications.models import Notice
from gongkai.applications.notices import kinds
from gongkai.applications.notices.services import notice_issue
from gongkai.applications.notices.views import APPLICANT_SESSION_KEY
from tests.applications.test_notices_support import docx_text, registered


def _staff_url(notice: Notice, fmt: str = "pdf") -> str:
    return reverse("notices:staff_download", kwargs={"pk": notice.pk, "fmt": fmt})


def _public_url(notice: Notice, fmt: str = "pdf") -> str:
    return reverse("notices:applicant_download", kwargs={"pk": notice.pk, "fmt": fmt})


def _prove(client, *applications) -> None:
    session = client.session
    session[APPLICANT_SESSION_KEY] = [a.pk for a in applications]
    session.save()


@pytest.fixture
def receipt(office) -> Notice:
    return registered(office).notices.get()


def test_the_urls_sit_where_the_integrator_expects_them(receipt):
    assert _staff_url(receipt) == f"/notices/{receipt.pk}/pdf/"
    assert _public_url(receipt, "docx") == f"/public/notices/{receipt.pk}/docx/"


@pytest.mark.parametrize("who", ["clerk", "head", "leader", "reviewer", "admin", "provincial"])
def test_staff_who_may_view_the_application_download_both_formats(client, office, receipt, who):
    client.force_login(getattr(office, who))
    pdf = client.get(_staff_url(receipt, "pdf"))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content == bytes(receipt.pdf)
    assert "attachment" in pdf["Content-Disposition"]
    assert "no-store" in pdf["Cache-Control"]
    docx = client.get(_staff_url(receipt, "docx"))
    assert docx.status_code == 200
    assert "张三" in docx_text(docx.content)


def test_staff_of_another_agency_get_404(client, office, receipt):
    client.force_login(office.outsider)
    assert client.get(_staff_url(receipt)).status_code == 404


def test_anonymous_visitors_get_404_from_the_staff_download(client, receipt):
    assert client.get(_staff_url(receipt)).status_code == 404


def test_an_applicant_session_does_not_open_the_staff_download(client, receipt):
    _prove(client, receipt.application)
    assert client.get(_staff_url(receipt)).status_code == 404


def test_unknown_formats_and_notices_are_404(client, office, receipt):
    client.force_login(office.clerk)
    assert client.get(f"/notices/{receipt.pk}/html/").status_code == 404
    assert client.get(f"/notices/{receipt.pk + 1000}/pdf/").status_code == 404


def test_post_is_not_a_download(client, office, receipt):
    client.force_login(office.clerk)
    assert client.post(_staff_url(receipt)).status_code == 405


def test_the_applicant_who_proved_the_application_downloads_its_notices(client, receipt):
    _prove(client, receipt.application)
    pdf = client.get(_public_url(receipt, "pdf"))
    assert pdf.status_code == 200 and pdf.content == bytes(receipt.pdf)
    docx = client.get(_public_url(receipt, "docx"))
    assert docx.status_code == 200 and docx.content == bytes(receipt.docx)


def test_an_applicant_gets_404_for_someone_elses_notice(client, office, receipt):
    mine = registered(office, applicant_name="李四")
    _prove(client, mine)
    assert client.get(_public_url(receipt)).status_code == 404
    assert client.get(_public_url(mine.notices.get())).status_code == 200


def test_without_the_proven_session_the_public_download_is_404(client, office, receipt):
    assert client.get(_public_url(receipt)).status_code == 404
    client.force_login(office.clerk)  # being staff does not open the applicant's route
    assert client.get(_public_url(receipt)).status_code == 404


def test_a_malformed_session_value_opens_nothing(client, receipt):
    session = client.session
    session[APPLICANT_SESSION_KEY] = "all"
    session.save()
    assert client.get(_public_url(receipt)).status_code == 404


def test_the_applicant_cannot_fetch_the_letter_sent_to_a_third_party(client, receipt):
    letter = notice_issue(
        application=receipt.application,
        kind=kinds.CONSULTATION,
        data={"party": "哈尔滨某某电子有限公司", "kind": "third_party"},
    )
    _prove(client, receipt.application)
    assert client.get(_public_url(letter)).status_code == 404
    assert client.get(_public_url(receipt)).status_code == 200
