"""The office's handling steps: assigning (only to a department someone heads, again until the
reply is reviewed), a received correction that corrects the request, and serving the reply with
how it was served and the information given as files."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import ProtectedError
from django.urls import reverse

from gongkai.agencies.models import Agency, Department, Membership, Role
from gongkai.applications import outcomes
from gongkai.applications.models import ApplicationFile, FilePurpose, Notice, State
from gongkai.applications.permissions import action_refusal
from gongkai.applications.services import application_act
from gongkai.core.errors import DomainError
from tests.applications.e2e_world import fast_notices
from tests.applications.factories import make_user
from tests.applications.views_helpers import (
    act,
    assigned,
    days_ahead,
    drafted,
    field_html,
    post_action,
    registered,
    today,
)


@pytest.fixture(autouse=True)
def _fast_notices():
    with fast_notices():
        yield


def detail(client, app):
    return client.get(reverse("applications:detail", args=[app.pk]))


def _cleared(office):
    app = act(drafted(office), "head_review", office.head)
    return act(app, "clear", office.reviewer)


# Assigning ---------------------------------------------------------------------------------


def test_a_department_without_a_head_is_refused_naming_who_must_be_appointed(client, office):
    laws = Department.objects.create(agency=office.agency, name="法规处")
    Membership.objects.filter(user=office.head, role=Role.HEAD).update(department=office.department)
    app = registered(office)
    with pytest.raises(DomainError) as refused:
        act(app, "assign", office.clerk, department=laws.pk)
    assert refused.value.field == "department"
    assert refused.value.message == "法规处尚无处室负责人，请机关管理员先任命处室负责人"

    client.force_login(office.clerk)
    choices = field_html(detail(client, app).text, "assign-department")
    assert "法规处（尚无处室负责人）" in choices and "综合协调处</option>" in choices
    response = post_action(client, app, "assign", department=laws.pk)
    assert "请机关管理员先任命处室负责人" in field_html(response.text, "assign-department")
    app.refresh_from_db()
    assert app.state == State.REGISTERED


def test_where_no_department_has_a_head_assigning_is_not_offered_and_says_why(client, office):
    Membership.objects.filter(user=office.head, role=Role.HEAD).delete()
    app = registered(office)
    assert action_refusal(office.clerk, app, "assign") == (
        "本机关各处室均尚无处室负责人，请机关管理员先任命处室负责人"
    )
    client.force_login(office.clerk)
    assert 'id="act-assign"' not in detail(client, app).text
    bare = Agency.objects.create(code="bare", name="某某局")
    clerk = make_user("bare-clerk", (bare, Role.CLERK))
    lone = registered(office)
    lone.agency = bare  # an agency without departments at all
    assert "尚未设立处室" in action_refusal(clerk, lone, "assign")


def test_one_person_heads_several_departments_and_reviews_for_each(office):
    patents = Department.objects.create(agency=office.agency, name="专利管理处")
    Membership.objects.filter(user=office.head, role=Role.HEAD).update(department=office.department)
    Membership.objects.create(
        user=office.head, agency=office.agency, role=Role.HEAD, department=patents
    )
    for department in (office.department, patents):
        app = act(registered(office), "assign", office.clerk, department=department.pk)
        app = act(app, "draft", office.clerk, outcome=outcomes.GRANTED, reply_text="予以公开")
        assert act(app, "head_review", office.head).state == State.HEAD_REVIEWED


def test_a_head_reassigns_only_what_their_own_department_handles(office):
    patents = Department.objects.create(agency=office.agency, name="专利管理处")
    Membership.objects.filter(user=office.head, role=Role.HEAD).update(department=office.department)
    patents_head = make_user("patents-head")
    Membership.objects.create(
        user=patents_head, agency=office.agency, role=Role.HEAD, department=patents
    )
    app = act(registered(office), "assign", office.clerk, department=patents.pk)
    app = act(app, "draft", office.clerk, outcome=outcomes.GRANTED, reply_text="予以公开")
    refusal = action_refusal(office.head, app, "assign")
    assert refusal is not None and "专利管理处" in refusal
    with pytest.raises(DomainError, match="重新分办"):
        act(app, "assign", office.head, department=office.department.pk)
    assert action_refusal(patents_head, app, "assign") is None
    assert action_refusal(office.clerk, app, "assign") is None


def test_a_department_someone_heads_cannot_be_deleted_from_under_them(office):
    Membership.objects.filter(user=office.head, role=Role.HEAD).update(department=office.department)
    with pytest.raises(ProtectedError):
        office.department.delete()


def test_reassignment_is_possible_until_the_reply_is_reviewed_and_keeps_what_it_was(office):
    patents = Department.objects.create(agency=office.agency, name="专利管理处")
    office.clerk2.first_name = "李承办"
    office.clerk2.save()
    app = assigned(office)
    app = act(app, "assign", office.clerk, department=patents.pk, assignee=office.clerk2.pk)
    assert (app.state, app.department, app.assignee) == (State.ASSIGNED, patents, office.clerk2)
    event = app.events.filter(kind="assign").last()
    assert event.data["previous_department_name"] == "综合协调处"
    assert event.data["assignee_name"] == "李承办"  # the name, not the login

    # A drafted reply goes back with it, to be drafted again by whoever handles it now.
    app = act(app, "draft", office.clerk2, outcome=outcomes.GRANTED, reply_text="予以公开")
    app = act(app, "assign", office.head, department=office.department.pk)
    assert (app.state, app.department, app.assignee) == (State.ASSIGNED, office.department, None)
    assert app.reply_text == "予以公开"
    assert app.events.filter(kind="assign").last().data["previous_assignee_name"] == "李承办"

    with pytest.raises(DomainError, match="重新分办请选择其他处室或承办人") as same:
        act(app, "assign", office.clerk, department=office.department.pk)
    assert same.value.field == "department"

    reviewed = act(drafted(office), "head_review", office.head)
    with pytest.raises(DomainError, match="处室负责人已审核"):
        act(reviewed, "assign", office.clerk, department=patents.pk)


def test_the_reassign_form_shows_the_current_choice(client, office):
    app = act(assigned(office), "draft", office.clerk, outcome=outcomes.GRANTED, reply_text="x")
    client.force_login(office.clerk)
    html = detail(client, app).text
    assert f'value="{office.department.pk}" selected' in field_html(html, "assign-department")
    assert "重新分办" in html[html.index('id="act-assign"') :]
    assert "重新拟写" in field_html(html, "assign-department")


# A received correction ---------------------------------------------------------------------


def test_a_received_correction_corrects_the_request_and_the_history_shows_both(client, office):
    app = registered(office, info_name="专利资助", description="")
    app = act(app, "request_correction", office.clerk, items="请写明年度", until=days_ahead(10))
    client.force_login(office.clerk)
    form = field_html(detail(client, app).text, "receive_correction-info_name")
    assert 'value="专利资助"' in form
    response = post_action(
        client,
        app,
        "receive_correction",
        follow=True,
        info_name="2025 年专利资助资金分配结果",
        description="按市州汇总",
    )
    app.refresh_from_db()
    assert (app.state, app.info_name, app.description) == (
        State.REGISTERED,
        "2025 年专利资助资金分配结果",
        "按市州汇总",
    )
    event = app.events.get(kind="receive_correction")
    assert event.data == {
        "info_name_before": "专利资助",
        "info_name": "2025 年专利资助资金分配结果",
        "description_before": "",
        "description": "按市州汇总",
    }
    history = response.text[response.text.index('class="history"') :]
    assert "所需信息名称（补正前）：专利资助" in history
    assert "所需信息名称（补正后）：2025 年专利资助资金分配结果" in history

    # Later notices quote the corrected request.
    app = act(app, "assign", office.clerk, department=office.department.pk)
    app = act(app, "draft", office.clerk, outcome=outcomes.GRANTED, reply_text="予以公开")
    app = act(act(app, "head_review", office.head), "clear", office.reviewer)
    app = act(app, "serve", office.clerk, method="in_person")
    reply = Notice.objects.get(event__kind="serve", application=app)
    assert "2025 年专利资助资金分配结果" in reply.text


def test_a_correction_that_leaves_the_text_records_no_change(office):
    app = registered(office, description="第一行\n第二行")
    app = act(app, "request_correction", office.clerk, items="请写明年度", until=days_ahead(10))
    # As a browser sends the form back unchanged: line breaks as CR LF.
    app = act(
        app,
        "receive_correction",
        office.clerk,
        info_name=app.info_name,
        description="第一行\r\n第二行",
    )
    assert app.events.get(kind="receive_correction").data == {}


# Serving -----------------------------------------------------------------------------------


def test_serving_records_how_and_a_post_needs_its_tracking_number(office):
    app = _cleared(office)
    with pytest.raises(DomainError, match="请填写邮寄单号") as missing:
        act(app, "serve", office.clerk, method="post")
    assert missing.value.field == "tracking_number"
    with pytest.raises(DomainError, match="送达方式") as wrong:
        act(app, "serve", office.clerk, method="pigeon")
    assert wrong.value.field == "method"
    app = act(app, "serve", office.clerk, method="post", tracking_number=" SF1234567890 ")
    event = app.events.get(kind="serve")
    assert (event.data["method"], event.data["tracking_number"]) == ("post", "SF1234567890")


def test_the_information_given_is_kept_with_the_serve_event(client, office):
    app = _cleared(office)
    client.force_login(office.clerk)
    table = SimpleUploadedFile("资助名单.xlsx", b"PK\x03\x04 a spreadsheet")
    scan = SimpleUploadedFile("scan.bin", b"%PDF-1.7 a scanned page")
    odd = SimpleUploadedFile("说明.zzz", b"anything at all")
    html = detail(client, app).text
    serve_form = html[html.index('id="act-serve"') :]
    assert 'enctype="multipart/form-data"' in serve_form and "multiple" in serve_form
    response = post_action(
        client, app, "serve", method="email", files=[table, scan, odd], follow=True
    )
    assert response.status_code == 200
    event = app.events.get(kind="serve")
    stored = list(ApplicationFile.objects.filter(application=app).order_by("pk"))
    assert [(f.name, f.media_type) for f in stored] == [
        ("资助名单.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("scan.bin", "application/pdf"),
        ("说明.zzz", "application/octet-stream"),
    ]
    for f in stored:
        assert (f.purpose, f.event, f.uploaded_by) == (FilePurpose.INFORMATION, event, office.clerk)
        assert f.sha256 == hashlib.sha256(bytes(f.content)).hexdigest()
        assert f.size == len(bytes(f.content))
    assert event.data["files"] == ["资助名单.xlsx", "scan.bin", "说明.zzz"]
    history = response.text[response.text.index('class="history"') :]
    assert "送达方式：电子邮件" in history
    url = reverse("applications:file", args=[app.pk, stored[0].pk])
    assert url in history

    download = client.get(url)
    assert download.status_code == 200 and bytes(download.content) == b"PK\x03\x04 a spreadsheet"
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Cache-Control"] == "private, no-store"
    client.force_login(office.provincial)  # reads the agency's records
    assert client.get(url).status_code == 200
    client.force_login(office.outsider)
    assert client.get(url).status_code == 404
    other = registered(office)
    assert (
        client.get(reverse("applications:file", args=[other.pk, stored[0].pk])).status_code == 404
    )


def test_a_file_over_the_limit_is_refused_naming_it(client, office, settings):
    settings.GONGKAI_UPLOAD_MAX_BYTES = 10
    app = _cleared(office)
    client.force_login(office.clerk)
    big = SimpleUploadedFile("大文件.pdf", b"%PDF-1.7 more than ten bytes")
    response = post_action(client, app, "serve", method="in_person", files=[big])
    assert response.status_code == 200
    assert "文件“大文件.pdf”过大" in field_html(response.text, "serve-files")
    empty = SimpleUploadedFile("空.txt", b"")
    response = post_action(client, app, "serve", method="in_person", files=[empty])
    assert "文件“空.txt”是空的" in field_html(response.text, "serve-files")
    app.refresh_from_db()
    assert app.state == State.CLEARED and not ApplicationFile.objects.exists()


def test_a_post_served_through_the_form_without_its_number_is_refused_beside_the_field(
    client, office
):
    app = _cleared(office)
    client.force_login(office.clerk)
    response = post_action(client, app, "serve", method="post")
    assert "请填写邮寄单号" in field_html(response.text, "serve-tracking_number")
    response = post_action(client, app, "serve")
    assert "请填写送达方式" in field_html(response.text, "serve-method")


def test_files_go_only_with_the_serve_step(office):
    app = registered(office)
    with pytest.raises(DomainError, match="只有送达答复告知书时") as refused:
        application_act(
            application=app,
            action="withdraw",
            actor=office.clerk,
            on=today(),
            files=[SimpleUploadedFile("a.txt", b"x")],
        )
    assert refused.value.field == "files"
