"""The track page: the information delivered with the served reply, for the signed-in applicant
only; signing out on a shared computer; and what it says before the office confirms receipt."""

from __future__ import annotations

import hashlib

from django.test import Client
from django.urls import reverse

from gongkai.applications.models import Application, ApplicationFile, FilePurpose
from gongkai.applications.views.access import APPLICANT_SESSION_KEY, LAST_SUBMITTED_KEY
from gongkai.core.stored_files import stored_put
from tests.applications.track_helpers import TRACK, lookup, status_url
from tests.applications.views_helpers import (
    act,
    days_ahead,
    drafted,
    public_form_data,
    registered,
    submitted_online,
)

CONTENT = b"PK\x03\x04 a spreadsheet of the 2023 grants"


def stored_file(app: Application, purpose: str, *, event=None, name="资助名单.xlsx", by=None):
    return ApplicationFile.objects.create(
        application=app,
        purpose=purpose,
        event=event,
        name=name,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        size=len(CONTENT),
        file=stored_put("applications", CONTENT, extension="xlsx"),
        sha256=hashlib.sha256(CONTENT).hexdigest(),
        uploaded_by=by,
    )


def served_with_file(office) -> tuple[Application, ApplicationFile]:
    app = act(drafted(office), "head_review", office.head)
    app = act(app, "clear", office.reviewer)
    app = act(app, "serve", office.clerk)
    serve = app.events.get(kind="serve")
    return app, stored_file(app, FilePurpose.INFORMATION, event=serve, by=office.clerk)


def file_url(app, file) -> str:
    return reverse("applications:track_file", args=[app.pk, file.pk])


def test_the_served_information_is_listed_with_name_size_and_link(client, office):
    app, info = served_with_file(office)
    lookup(client, app.query_code, app.phone)
    page = client.get(status_url(app))
    [listed] = page.context["information_files"]
    assert (listed.name, listed.url) == ("资助名单.xlsx", file_url(app, info))
    assert 'id="information-files"' in page.text
    assert "资助名单.xlsx" in page.text and listed.size in page.text and listed.url in page.text


def test_the_applicant_downloads_the_information_as_an_attachment(client, office):
    app, info = served_with_file(office)
    lookup(client, app.query_code, app.phone)
    response = client.get(file_url(app, info))
    assert response.status_code == 200
    assert response.content == CONTENT
    assert response["Content-Type"] == info.media_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_one_else_downloads_it(client, office):
    app, info = served_with_file(office)
    other = registered(office, applicant_name="李四")
    assert Client().get(file_url(app, info)).status_code == 404  # not signed in
    lookup(client, other.query_code, other.phone)  # signed in, for another application
    assert client.get(file_url(app, info)).status_code == 404
    # Nor through their own application's address.
    assert client.get(file_url(other, info)).status_code == 404


def test_only_the_information_of_a_served_reply_is_offered(client, office):
    app, _info = served_with_file(office)
    unserved = stored_file(app, FilePurpose.INFORMATION, name="草稿.xlsx")  # no serve step
    proof = stored_file(app, FilePurpose.IDENTITY_PROOF, name="身份证.png")
    lookup(client, app.query_code, app.phone)
    page = client.get(status_url(app))
    assert [f.name for f in page.context["information_files"]] == ["资助名单.xlsx"]
    assert "草稿.xlsx" not in page.text
    assert client.get(file_url(app, unserved)).status_code == 404
    assert client.get(file_url(app, proof)).status_code == 404


def test_before_the_reply_no_information_section_is_shown(client, office):
    app = registered(office)
    lookup(client, app.query_code, app.phone)
    page = client.get(status_url(app))
    assert page.context["information_files"] == []
    assert 'id="information-files"' not in page.text


def test_signing_out_ends_the_access_and_says_so(client, office):
    app, info = served_with_file(office)
    lookup(client, app.query_code, app.phone)
    page = client.get(status_url(app)).text
    assert reverse("applications:track_signout") in page and "退出" in page
    response = client.post(reverse("applications:track_signout"), follow=True)
    assert response.redirect_chain[-1][0] == TRACK
    assert "您已退出" in response.text
    assert APPLICANT_SESSION_KEY not in client.session
    assert client.get(status_url(app)).status_code == 404
    assert client.get(file_url(app, info)).status_code == 404
    notice = app.notices.first()
    download = reverse("notices:applicant_download", args=[notice.pk, "pdf"])
    assert client.get(download).status_code == 404


def test_signing_out_after_submitting_hides_the_query_code_page(client, office):
    apply_url = reverse("applications:apply", args=[office.agency.code])
    client.post(apply_url, public_form_data())
    done = reverse("applications:apply_done", args=[office.agency.code])
    page = client.get(done)
    assert page.status_code == 200 and reverse("applications:track_signout") in page.text
    client.post(reverse("applications:track_signout"))
    assert LAST_SUBMITTED_KEY not in client.session
    assert client.get(done).status_code == 302  # back to the form: the code is not shown again


def test_signing_out_takes_a_post(client, office):
    app = registered(office)
    lookup(client, app.query_code, app.phone)
    assert client.get(reverse("applications:track_signout")).status_code == 405
    assert client.session[APPLICANT_SESSION_KEY] == [app.pk]


def test_before_receipt_the_page_says_it_waits_for_the_office_not_that_the_clock_is_paused(
    client, office
):
    app = submitted_online(office)
    lookup(client, app.query_code, app.phone)
    page = client.get(status_url(app))
    assert page.context["awaiting_receipt"]
    deadline = page.text[page.text.index('id="deadline"') :]
    deadline = deadline[: deadline.index("</dd>")]
    assert "待机关确认收到" in deadline
    assert "暂停计算" not in page.text


def test_a_paused_clock_is_still_said_to_be_paused(client, office):
    app = registered(office)
    until = days_ahead(15).isoformat()
    app = act(app, "request_correction", office.clerk, items="请补充文号", until=until)
    assert app.due_on is None  # the correction stops the clock until it is received
    lookup(client, app.query_code, app.phone)
    page = client.get(status_url(app))
    assert not page.context["awaiting_receipt"]
    assert "暂停计算" in page.text and "待机关确认收到申请后" not in page.text
