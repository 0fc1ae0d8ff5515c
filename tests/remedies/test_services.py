"""The register's services: what they refuse (naming the field, in Chinese), what they write,
and the event each write leaves in the same transaction."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from gongkai.core.errors import DomainError
from gongkai.remedies.models import Case, CaseEvent, EventKind, Result, Stream
from gongkai.remedies.services import case_decide, case_register, case_reopen, case_update
from tests.applications.factories import Office
from tests.remedies.factories import closed_application, decided_case, registered_case

pytestmark = pytest.mark.django_db


def refusal(call, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call(**kwargs)
    return caught.value


def test_registering_a_case_writes_it_open_with_a_registered_event(office: Office) -> None:
    app = closed_application(office.agency)
    case = registered_case(office, application=app, number="黑政复决字〔2025〕第1号")
    assert (case.is_open, case.result, case.created_by) == (True, "", office.clerk)
    event = case.events.get()
    assert event.kind == EventKind.REGISTERED
    assert (event.actor, event.state_before, event.state_after) == (office.clerk, "", "open")
    assert event.before == {}
    assert event.after["application"] == app.number
    assert event.after["filed_on"] == "2025-05-06"
    assert event.after["stream"] == "review"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"stream": "appeal"}, "stream", "请选择类别"),
        ({"filed_on": None}, "filed_on", "请填写立案日期"),
        ({"filed_on": "2025-05-06"}, "filed_on", "立案日期不是有效日期"),
        ({"body": "  "}, "body", "请填写复议机关/审理法院"),
        ({"challenged": ""}, "challenged", "请填写复议/诉讼事项"),
        ({"number": "号" * 101}, "number", "案号最多 100 个字"),
        ({"application_reference": "字" * 201}, "application_reference", "最多 200 个字"),
    ],
)
def test_registration_refusals_name_their_field(office: Office, changes, field, words) -> None:
    error = refusal(registered_case, office=office, **changes)
    assert error.field == field
    assert words in error.message
    assert not Case.objects.exists() and not CaseEvent.objects.exists()


def test_a_case_cannot_be_filed_in_the_future(office: Office) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    error = refusal(registered_case, office=office, filed_on=tomorrow)
    assert (error.field, error.message) == ("filed_on", "立案日期不能晚于今天")


def test_the_application_of_another_agency_is_refused(office: Office) -> None:
    theirs = closed_application(office.other_agency)
    error = refusal(registered_case, office=office, application=theirs)
    assert (error.field, error.message) == ("application", "关联申请须是本机关的申请")
    assert not Case.objects.exists()


def test_a_case_is_not_filed_before_its_application_was_received(office: Office) -> None:
    app = closed_application(office.agency, received=date(2025, 6, 1), closed=date(2025, 6, 20))
    error = refusal(registered_case, office=office, application=app, filed_on=date(2025, 5, 31))
    assert error.field == "filed_on"
    assert "2025-06-01" in error.message


def test_a_linked_case_takes_no_free_reference_too(office: Office) -> None:
    app = closed_application(office.agency)
    error = refusal(
        registered_case, office=office, application=app, application_reference="旧台账第 3 号"
    )
    assert error.field == "application_reference"


def test_a_free_case_keeps_its_reference(office: Office) -> None:
    case = registered_case(office, application_reference="2019 年纸质台账第 37 号")
    assert case.application is None
    assert case.application_reference == "2019 年纸质台账第 37 号"


def test_one_number_is_registered_once_per_agency(office: Office) -> None:
    registered_case(office, number="（2025）黑0103行初12号")
    error = refusal(registered_case, office=office, number="（2025）黑0103行初12号")
    assert error.field == "number"
    assert "已登记" in error.message
    assert Case.objects.count() == 1


@pytest.mark.parametrize("persona", ["head", "leader", "reviewer", "provincial", "outsider"])
def test_only_clerks_and_admins_register(office: Office, persona: str) -> None:
    error = refusal(
        case_register,
        agency=office.agency,
        actor=getattr(office, persona),
        stream=Stream.REVIEW,
        filed_on=date(2025, 5, 6),
        body="黑龙江省人民政府",
        challenged="答复",
    )
    assert "承办人或机关管理员" in error.message
    assert not Case.objects.exists()


def test_the_admin_registers_too(office: Office) -> None:
    case = case_register(
        agency=office.agency,
        actor=office.admin,
        stream=Stream.DIRECT,
        filed_on=date(2025, 5, 6),
        body="哈尔滨市南岗区人民法院",
        challenged="答复",
    )
    assert case.created_by == office.admin


def test_an_update_records_only_what_changed(office: Office) -> None:
    case = registered_case(office)
    case = case_update(
        case=case, actor=office.clerk2, number=" 黑政复决字〔2025〕第9号 ", body="黑龙江省人民政府"
    )
    assert case.number == "黑政复决字〔2025〕第9号"  # stripped
    event = case.events.get(kind=EventKind.UPDATED)
    assert event.actor == office.clerk2
    assert event.before == {"number": ""}
    assert event.after == {"number": "黑政复决字〔2025〕第9号"}


def test_an_update_that_changes_nothing_writes_no_event(office: Office) -> None:
    case = registered_case(office)
    case_update(case=case, actor=office.clerk, body="黑龙江省人民政府")
    assert case.events.count() == 1


def test_an_update_cannot_touch_the_decision(office: Office) -> None:
    case = registered_case(office)
    error = refusal(case_update, case=case, actor=office.clerk, result=Result.UPHELD)
    assert "result" in error.message
    case.refresh_from_db()
    assert case.result == ""


def test_an_update_to_another_agencys_application_is_refused(office: Office) -> None:
    case = registered_case(office)
    theirs = closed_application(office.other_agency)
    error = refusal(case_update, case=case, actor=office.clerk, application=theirs)
    assert error.field == "application"
    case.refresh_from_db()
    assert case.application is None


def test_a_decided_case_cannot_be_refiled_after_its_decision(office: Office) -> None:
    case = decided_case(office, decided_on=date(2025, 8, 1))
    error = refusal(case_update, case=case, actor=office.clerk, filed_on=date(2025, 8, 2))
    assert error.field == "filed_on"
    assert "2025-08-01" in error.message


def test_deciding_writes_the_decision_and_its_event(office: Office) -> None:
    case = registered_case(office)
    case = case_decide(
        case=case, actor=office.clerk, decided_on=date(2025, 9, 1), result="corrected", note="撤销"
    )
    assert (case.decided_on, case.result, case.is_open) == (date(2025, 9, 1), "corrected", False)
    event = case.events.get(kind=EventKind.DECIDED)
    assert (event.state_before, event.state_after, event.note) == ("open", "decided", "撤销")
    assert event.before == {"decided_on": None, "result": ""}
    assert event.after == {"decided_on": "2025-09-01", "result": "corrected"}


@pytest.mark.parametrize(
    ("decided_on", "result", "field", "words"),
    [
        (None, "upheld", "decided_on", "请填写审结日期"),
        (date(2025, 5, 5), "upheld", "decided_on", "审结日期不能早于立案日期（2025-05-06）"),
        (date(2025, 9, 1), "", "result", "请选择结果"),
        (date(2025, 9, 1), "dismissed", "result", "请选择结果"),
    ],
)
def test_decision_refusals_name_their_field(office, decided_on, result, field, words) -> None:
    case = registered_case(office)
    error = refusal(
        case_decide, case=case, actor=office.clerk, decided_on=decided_on, result=result
    )
    assert error.field == field
    assert words in error.message
    case.refresh_from_db()
    assert case.is_open and case.events.count() == 1


def test_a_decided_case_is_not_decided_again(office: Office) -> None:
    case = decided_case(office)
    error = refusal(
        case_decide, case=case, actor=office.clerk, decided_on=date(2025, 9, 1), result="other"
    )
    assert "已审结" in error.message
    case.refresh_from_db()
    assert case.result == "upheld"


def test_the_provincial_office_decides_nothing(office: Office) -> None:
    case = registered_case(office)
    error = refusal(
        case_decide, case=case, actor=office.provincial, decided_on=date(2025, 9, 1), result="other"
    )
    assert "承办人" in error.message
    case.refresh_from_db()
    assert case.is_open


def test_reopening_takes_the_decision_back_and_keeps_it_in_the_event(office: Office) -> None:
    case = decided_case(office, result="upheld", decided_on=date(2025, 8, 1))
    case = case_reopen(case=case, actor=office.clerk, reason="结果登记错误")
    assert (case.is_open, case.result) == (True, "")
    event = case.events.get(kind=EventKind.REOPENED)
    assert event.before == {"decided_on": "2025-08-01", "result": "upheld"}
    assert event.after == {"decided_on": None, "result": ""}
    assert event.note == "结果登记错误"
    case = case_decide(case=case, actor=office.clerk, decided_on=date(2025, 8, 1), result="other")
    kinds = list(case.events.order_by("at", "pk").values_list("kind", flat=True))
    assert kinds == ["registered", "decided", "reopened", "decided"]


def test_reopening_needs_a_reason_and_a_decision(office: Office) -> None:
    decided = decided_case(office)
    error = refusal(case_reopen, case=decided, actor=office.clerk, reason=" ")
    assert (error.field, error.message) == ("reason", "请填写更正原因")
    open_case = registered_case(office, number="X-2")
    error = refusal(case_reopen, case=open_case, actor=office.clerk, reason="错")
    assert "尚未审结" in error.message


def test_a_corrected_case_keeps_its_application(office: Office) -> None:
    app = closed_application(office.agency)
    case = decided_case(office, result=Result.CORRECTED, application=app)
    case.refresh_from_db()
    assert case.application == app
    assert list(app.remedy_cases.all()) == [case]
