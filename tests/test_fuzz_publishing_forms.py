"""Whatever staff type into the forms of 主动公开, the case register, table 二's inputs and the
annual report, the answer is the form again with a message at the field, or the change made with
what was typed — never a 500, never half a write, never a value echoed unescaped.

Covered: an item's drafting form (new and edit), its attachment upload (random bytes under any
name), every step of its review chain; the catalogue editor (add, edit); a case's
registration, edit, decision and reopening; the entry of a table 二 input cell; the annual
report's open, narrative, acknowledgement and step forms. Each example runs in a savepoint
rolled back after it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from gongkai.publishing.forms import AttachmentForm, CategoryForm, ItemForm, StepForm
from gongkai.publishing.forms_table2 import Table2InputForm
from gongkai.publishing.models import Category, Item, ItemAttachment, Table2Input
from gongkai.publishing.services.steps import item_act
from gongkai.remedies.forms import CaseForm, DecideForm, ReopenForm
from gongkai.remedies.models import Case, CaseEvent
from gongkai.reports.annual.services import annual_report_open
from gongkai.reports.engine.editions import edition_for_year
from gongkai.reports.forms_annual import AcknowledgeForm, NarrativeForm, OpenForm
from gongkai.reports.forms_annual import StepForm as ReportStepForm
from gongkai.reports.models import AnnualReport, ReportEvent
from tests.applications.factories import Office, make_office
from tests.fuzz_helpers import (
    FUZZ,
    NUMBERS,
    OMIT,
    UPLOADS,
    check_answer,
    check_followed,
    form_data,
    rolled_back,
)
from tests.publishing.factories import category, draft_item, published_item
from tests.remedies.factories import decided_case, registered_case


@pytest.fixture
def office(db) -> Office:
    return make_office()


def _as(client, user):
    client.force_login(user)
    return client


# -- 主动公开: drafting, files, the review chain, the catalogue -------------------------------


def _item_valid(office: Office, form: ItemForm) -> dict[str, Any]:
    return {
        "category": str(category(office).pk),
        "title": "关于印发某办法的通知",
        "issuer": office.agency.name,
        "department": str(office.department.pk),
        "validity": OMIT,
        "replaces": OMIT,
        **{n: OMIT for n in ("effective_on", "validity_changed_on", "written_on")},
    }


@pytest.mark.parametrize("page", ["new", "edit"])
@FUZZ
@given(data=st.data())
def test_the_item_form_answers_any_input_with_the_form_again_or_the_draft_saved(
    client, office, page, data
):
    _as(client, office.clerk)
    item = draft_item(office) if page == "edit" else None
    form = ItemForm(agency=office.agency, instance=item)
    sent = data.draw(form_data(form, valid=_item_valid(office, form), max_mutated=4))
    url = reverse("publishing:new") if item is None else reverse("publishing:edit", args=[item.pk])
    with rolled_back():
        count = Item.objects.count()
        response = client.post(url, sent)
        if check_answer(response, sent):
            saved = Item.objects.latest("pk") if item is None else Item.objects.get(pk=item.pk)
            for name in ("title", "document_number", "summary"):
                if isinstance(sent.get(name), str):
                    assert getattr(saved, name) == sent[name].strip(), name
            check_followed(client, response, sent)
        else:
            assert Item.objects.count() == count
            if item is not None:
                assert Item.objects.get(pk=item.pk).title == item.title


@pytest.fixture
def item(office: Office) -> Item:
    return draft_item(office)


@FUZZ
@given(upload=st.one_of(st.just(OMIT), UPLOADS))
def test_an_attachment_of_any_bytes_under_any_name_is_kept_or_refused_with_a_message(
    client, office, item, upload
):
    _as(client, office.clerk)
    sent = {} if upload is OMIT else {"attachment": upload}
    with rolled_back():
        count = ItemAttachment.objects.count()
        response = client.post(reverse("publishing:attachment_upload", args=[item.pk]), sent)
        if check_answer(response, sent):
            assert ItemAttachment.objects.count() == count + 1
        else:
            assert ItemAttachment.objects.count() == count
    assert AttachmentForm  # the form under test


def _submitted(office: Office) -> Item:
    return item_act(item=draft_item(office), actor=office.clerk, key="submit")


def _head_approved(office: Office) -> Item:
    return item_act(item=_submitted(office), actor=office.head, key="head_approve")


def _leader_approved(office: Office) -> Item:
    return item_act(item=_head_approved(office), actor=office.leader, key="leader_approve")


ITEM_STEPS: dict[str, tuple[Callable[[Office], Item], str]] = {
    "submit": (draft_item, "clerk"),
    "head_approve": (_submitted, "head"),
    "leader_approve": (_head_approved, "leader"),
    "publish": (_leader_approved, "reviewer"),
    "send_back": (_submitted, "head"),
    "revise": (published_item, "clerk"),
    "withdraw": (published_item, "clerk"),
}


@pytest.fixture
def step_item(office: Office, step: str) -> Item:
    return ITEM_STEPS[step][0](office)


@pytest.mark.parametrize("step", sorted(ITEM_STEPS))
@FUZZ
@given(data=st.data())
def test_each_review_step_answers_any_reason_with_the_form_again_or_the_step_taken(
    client, office, step, step_item, data
):
    _as(client, getattr(office, ITEM_STEPS[step][1]))
    sent = data.draw(form_data(StepForm(key=step), valid={"reason": "需要修改"}))
    with rolled_back():
        before = step_item.events.count()
        response = client.post(reverse("publishing:step", args=[step_item.pk, step]), sent)
        after = Item.objects.get(pk=step_item.pk)
        if check_answer(response, sent):
            assert after.events.count() > before
            check_followed(client, response, sent)
        else:
            assert (after.state, after.events.count()) == (step_item.state, before)


@pytest.mark.parametrize("page", ["add", "edit"])
@FUZZ
@given(data=st.data())
def test_the_catalogue_editor_answers_any_input_with_the_form_again_or_the_category(
    client, office, page, data
):
    _as(client, office.admin)
    editing = category(office) if page == "edit" else None
    form = CategoryForm(agency=office.agency, editing=editing)
    valid = {"name": "新的类别", "code": "new-one", "position": "5", "parent": OMIT}
    sent = data.draw(form_data(form, valid=valid, max_mutated=3))
    if editing is None:
        url = reverse("publishing:catalogue", args=[office.agency.code])
    else:
        url = reverse("publishing:category", args=[office.agency.code, editing.pk])
    with rolled_back():
        names = list(Category.objects.order_by("pk").values_list("name", flat=True))
        response = client.post(url, sent)
        if check_answer(response, sent):
            if isinstance(sent.get("name"), str):
                stored = Category.objects.filter(agency=office.agency)
                assert stored.filter(name=sent["name"].strip()).exists()
            check_followed(client, response, sent)
        else:
            assert list(Category.objects.order_by("pk").values_list("name", flat=True)) == names


# -- the case register ----------------------------------------------------------------------

CASE_VALID = {"stream": "review", "body": "黑龙江省人民政府", "challenged": "对答复不服"}


@pytest.mark.parametrize("page", ["new", "edit"])
@FUZZ
@given(data=st.data())
def test_a_case_s_form_answers_any_input_with_the_form_again_or_the_case_as_typed(
    client, office, page, data
):
    _as(client, office.clerk)
    case = registered_case(office) if page == "edit" else None
    form = CaseForm(agency=office.agency)
    valid = {**CASE_VALID, "filed_on": "2025-05-06", "application": OMIT}
    sent = data.draw(form_data(form, valid=valid, max_mutated=4))
    code = office.agency.code
    url = (
        reverse("remedies:new", args=[code])
        if case is None
        else reverse("remedies:edit", args=[code, case.pk])
    )
    with rolled_back():
        counts = (Case.objects.count(), CaseEvent.objects.count())
        response = client.post(url, sent)
        if check_answer(response, sent):
            saved = Case.objects.latest("pk") if case is None else Case.objects.get(pk=case.pk)
            for name in ("body", "challenged", "number", "application_reference", "note"):
                if isinstance(sent.get(name), str):
                    assert getattr(saved, name) == sent[name].strip(), name
            check_followed(client, response, sent)
        else:
            assert (Case.objects.count(), CaseEvent.objects.count()) == counts


@pytest.mark.parametrize("page", ["decide", "reopen"])
@FUZZ
@given(data=st.data())
def test_deciding_and_reopening_a_case_answer_any_input_without_a_server_error(
    client, office, page, data
):
    _as(client, office.clerk)
    case = registered_case(office) if page == "decide" else decided_case(office)
    form = DecideForm() if page == "decide" else ReopenForm()
    valid = {"decided_on": "2025-08-01", "result": "upheld", "reason": "登记有误"}
    sent = data.draw(form_data(form, valid=valid, max_mutated=3))
    url = reverse(f"remedies:{page}", args=[office.agency.code, case.pk])
    with rolled_back():
        count = CaseEvent.objects.count()
        response = client.post(url, sent)
        if check_answer(response, sent):
            check_followed(client, response, sent)
        else:
            assert CaseEvent.objects.count() == count


# -- table 二's input cells -----------------------------------------------------------------


@FUZZ
@given(data=st.data())
def test_a_table2_input_answers_any_value_with_the_form_again_or_the_value_as_typed(
    client, office, data
):
    _as(client, office.clerk)
    form = Table2InputForm(edition=edition_for_year(2025))
    valid = {"value": "12", "source": "审批系统"}
    sent = data.draw(form_data(form, valid=valid, max_mutated=3))
    if data.draw(st.booleans(), label="number-like value"):
        sent["value"] = data.draw(NUMBERS, label="value")
    with rolled_back():
        count = Table2Input.objects.count()
        response = client.post(
            reverse("reports:table2_input", args=[office.agency.code, 2025]), sent
        )
        if check_answer(response, sent):
            check_followed(client, response, sent)
        else:
            assert Table2Input.objects.count() == count


# -- the annual report's forms ---------------------------------------------------------------


@FUZZ
@given(year=NUMBERS)
def test_opening_a_year_answers_any_year_without_a_server_error(client, office, year):
    _as(client, office.clerk)
    sent = {"year": year}
    with rolled_back():
        count = AnnualReport.objects.count()
        response = client.post(reverse("annual:open", args=[office.agency.code]), sent)
        if not check_answer(response, sent):
            assert AnnualReport.objects.count() == count
    assert OpenForm


@pytest.fixture
def draft_report(office: Office) -> AnnualReport:
    return annual_report_open(agency=office.agency, year=2025, actor=office.clerk)


@pytest.mark.parametrize("form_name", ["edit", "acknowledge", "submit"])
@FUZZ
@given(data=st.data())
def test_the_annual_report_s_forms_answer_any_input_without_a_server_error(
    client, office, draft_report, form_name, data
):
    _as(client, office.clerk)
    code = office.agency.code
    if form_name == "edit":
        form, url = NarrativeForm(), reverse("annual:edit", args=[code, 2025])
    elif form_name == "acknowledge":
        form, url = AcknowledgeForm(), reverse("annual:acknowledge", args=[code, 2025])
    else:
        form = ReportStepForm(key="submit")
        url = reverse("annual:step", args=[code, 2025, "submit"])
    sent = data.draw(form_data(form, max_mutated=3))
    with rolled_back():
        before = (ReportEvent.objects.count(), AnnualReport.objects.get(pk=draft_report.pk))
        response = client.post(url, sent)
        if check_answer(response, sent):
            if form_name == "edit":
                sections = AnnualReport.objects.get(pk=draft_report.pk).sections
                for name, value in sent.items():
                    if isinstance(value, str):  # strip=False: kept exactly as typed
                        assert (
                            sections[name.removeprefix("section_")] == value.replace("\r\n", "\n")
                            or sections[name.removeprefix("section_")] == value
                        ), name
            check_followed(client, response, sent)
        else:
            assert ReportEvent.objects.count() == before[0]
            assert AnnualReport.objects.get(pk=draft_report.pk).sections == before[1].sections
