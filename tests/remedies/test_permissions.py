"""Who reads and who writes the register: the predicates, then every page × every persona.

Whoever reads the agency reads its register (the provincial office and platform admins too);
only its clerks and admins write — every write page and POST answers the others 403 with a
reason and changes nothing; another agency's staff find nothing (404)."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.agencies.models import Role
from gongkai.remedies.models import Case, CaseEvent
from gongkai.remedies.permissions import can_edit_case, can_edit_cases, cases_visible_to
from tests.applications.factories import Office, make_user
from tests.remedies.factories import decided_case, registered_case

pytestmark = pytest.mark.django_db

WRITERS = ("clerk", "admin")
READERS = ("head", "leader", "reviewer", "provincial", "superuser")
ELSEWHERE = ("outsider", "other_admin")
PERSONAS = ("anonymous", *WRITERS, *READERS, *ELSEWHERE)


@pytest.fixture
def people(office: Office) -> dict:
    users = {name: getattr(office, name) for name in (*WRITERS, *READERS[:4], "outsider")}
    users["superuser"] = get_user_model().objects.create_superuser("root", "r@example.gov.cn", "pw")
    users["other_admin"] = make_user("other_admin", (office.other_agency, Role.ADMIN))
    return users


def client_for(persona: str, people: dict) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(people[persona])
    return client


def outcome(response) -> str:
    if response.status_code == 302:
        return "login" if response["Location"].startswith(reverse("login")) else "redirect"
    return str(response.status_code)


def expected(default: str, **overrides: str) -> dict[str, str]:
    result = {p: default for p in PERSONAS}
    result.update(anonymous="login", outsider="404", other_admin="404")
    result.update(overrides)
    return result


READ = expected("200")
WRITE = expected("403", clerk="200", admin="200")
# The method is refused before the agency is looked up: another agency's staff learn nothing.
POST_ONLY = expected("405", outsider="405", other_admin="405")


def test_cases_visible_to_each_persona(office: Office, people: dict) -> None:
    mine = registered_case(office)
    theirs = Case.objects.create(
        agency=office.other_agency,
        stream="review",
        filed_on=date(2025, 1, 2),
        body="某机关",
        challenged="答复",
    )
    for persona in (*WRITERS, "head", "leader", "reviewer"):
        assert list(cases_visible_to(people[persona])) == [mine], persona
    # The provincial office reads every agency below it; platform admins read all.
    assert set(cases_visible_to(people["provincial"])) == {mine, theirs}
    assert set(cases_visible_to(people["superuser"])) == {mine, theirs}
    assert list(cases_visible_to(people["outsider"])) == [theirs]


def test_only_clerks_and_admins_edit(office: Office, people: dict) -> None:
    case = registered_case(office)
    for persona, user in people.items():
        allowed = persona in WRITERS
        assert can_edit_cases(user, office.agency) is allowed, persona
        assert can_edit_case(user, case) is allowed, persona
    assert can_edit_cases(people["outsider"], office.other_agency)


def urls(office: Office, case: Case, decided: Case) -> dict[str, tuple[str, dict[str, str]]]:
    code = office.agency.code
    table4 = reverse("reports:table4", args=[code, 2025])
    return {
        "remedies:list": (reverse("remedies:list", args=[code]), READ),
        "remedies:new": (reverse("remedies:new", args=[code]), WRITE),
        "remedies:import": (reverse("remedies:import", args=[code]), WRITE),
        "remedies:template": (reverse("remedies:template", args=[code, "xlsx"]), READ),
        "remedies:detail": (reverse("remedies:detail", args=[code, case.pk]), READ),
        "remedies:edit": (reverse("remedies:edit", args=[code, case.pk]), WRITE),
        "remedies:decide": (reverse("remedies:decide", args=[code, case.pk]), WRITE),
        "remedies:reopen": (reverse("remedies:reopen", args=[code, decided.pk]), POST_ONLY),
        "reports:table4": (table4, READ),
        "reports:table4_cell": (table4 + "cell/?column=review.upheld", READ),
    }


def test_every_page_as_every_persona(office: Office, people: dict) -> None:
    case, decided = registered_case(office), decided_case(office, number="D-1")
    for name, (url, wanted) in urls(office, case, decided).items():
        got = {p: outcome(client_for(p, people).get(url)) for p in PERSONAS}
        assert got == wanted, name


def test_a_reader_is_told_why_they_may_not_write(office: Office, people: dict) -> None:
    response = client_for("provincial", people).get(
        reverse("remedies:new", args=[office.agency.code])
    )
    assert response.status_code == 403
    assert "只有黑龙江省知识产权局的承办人或机关管理员可以登记和修改复议诉讼案件" in response.text


def _csv(number: str) -> SimpleUploadedFile:
    """A one-case file; each with its own 案号, so that no upload repeats another."""
    text = "类别,案号,立案日期,复议机关/审理法院,复议/诉讼事项\n"
    text += f"行政复议,I-{number},2025-03-02,某机关,答复\n"
    return SimpleUploadedFile("cases.csv", text.encode("utf-8-sig"), content_type="text/csv")


def _posts(office: Office) -> dict:
    """Each write: (url maker, data maker, how to tell it was done)."""
    code = office.agency.code

    def register_data(_case):
        return {
            "stream": "direct",
            "filed_on": "2025-04-01",
            "body": "哈尔滨铁路运输法院",
            "challenged": "答复",
        }

    return {
        "new": (lambda c: reverse("remedies:new", args=[code]), register_data),
        "edit": (
            lambda c: reverse("remedies:edit", args=[code, c.pk]),
            lambda c: {**register_data(c), "stream": "review", "number": f"E-{c.pk}"},
        ),
        "decide": (
            lambda c: reverse("remedies:decide", args=[code, c.pk]),
            lambda c: {"decided_on": "2025-09-01", "result": "other"},
        ),
        "reopen": (
            lambda c: reverse("remedies:reopen", args=[code, c.pk]),
            lambda c: {"reason": "登记错误"},
        ),
        "import": (
            lambda c: reverse("remedies:import", args=[code]),
            lambda c: {"file": _csv(c.number)},
        ),
    }


@pytest.mark.parametrize("write", ["new", "edit", "decide", "reopen", "import"])
def test_every_write_as_every_persona(office: Office, people: dict, write: str) -> None:
    make_url, make_data = _posts(office)[write]
    wanted = expected("403", clerk="done", admin="done")
    if write == "import":
        wanted.update(clerk="200", admin="200")  # the page shows what it imported
    got = {}
    for n, persona in enumerate(PERSONAS):
        case = (decided_case if write == "reopen" else registered_case)(office, number=f"P-{n}")
        before = (Case.objects.count(), CaseEvent.objects.count())
        response = client_for(persona, people).post(make_url(case), make_data(case))
        result = outcome(response)
        after = (Case.objects.count(), CaseEvent.objects.count())
        if result == "redirect" and after != before:
            result = "done"
        elif persona not in WRITERS:
            assert after == before, (persona, "changed on refusal")
        got[persona] = result
        if write == "import" and persona in WRITERS:
            assert after[0] == before[0] + 1, persona
    assert got == wanted
