"""Who opens which provincial page, with the personas and outcomes of the permission matrix
(tests/applications/test_permission_matrix.py): the provincial office reads the agencies below
it and writes nothing of theirs; platform admins read (picking the office) but do not upload; the
agency's own staff are refused with a reason (403), another agency's staff find nothing (404)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.agencies.models import Role
from gongkai.applications.views.access import APPLICANT_SESSION_KEY
from tests.applications.factories import make_user

PUBLIC = ("anonymous", "applicant", "applicant_other")
AGENCY_STAFF = ("clerk", "head", "leader", "reviewer", "admin")
ELSEWHERE = ("outsider", "other_admin")
PERSONAS = (*PUBLIC, *AGENCY_STAFF, *ELSEWHERE, "provincial", "superuser")


def row(default: str, **overrides: str) -> dict[str, str]:
    overrides.setdefault("other_admin", overrides.get("outsider", default))
    return {p: overrides.get(p, default) for p in PERSONAS}


def staff_row(**overrides: str) -> dict[str, str]:
    return row("200", **{p: "login" for p in PUBLIC}, **overrides)


REFUSED = {p: "403" for p in (*AGENCY_STAFF, *ELSEWHERE)}
# The rows for tests/applications/test_permission_matrix.py (GET, the world's agency A and year).
EXPECTED = {
    "province:home": staff_row(**REFUSED, provincial="redirect", superuser="redirect"),
    **{
        f"province:{name}": staff_row(**REFUSED)
        for name in ("year", "total", "cell", "export_csv", "export_xlsx")
    },
    "province:upload": staff_row(**REFUSED, superuser="403"),
    "province:agency": staff_row(**{p: "403" for p in AGENCY_STAFF}, outsider="404"),
}


@pytest.fixture
def personas(office) -> dict[str, Client]:
    superuser = get_user_model().objects.create_superuser("root", "root@example.gov.cn", "pw")
    users = {
        **{p: getattr(office, p) for p in (*AGENCY_STAFF, "outsider", "provincial")},
        "other_admin": make_user("other_admin", (office.other_agency, Role.ADMIN)),
        "superuser": superuser,
    }
    clients = {}
    for persona in PERSONAS:
        client = Client()
        if persona in users:
            client.force_login(users[persona])
        elif persona != "anonymous":
            session = client.session
            session[APPLICANT_SESSION_KEY] = []
            session.save()
        clients[persona] = client
    return clients


def outcome(response) -> str:
    if response.status_code == 302:
        return "login" if response["Location"].startswith(reverse("login")) else "redirect"
    return str(response.status_code)


def url_of(name: str, office) -> str:
    year = timezone.localdate().year  # the matrix's year: the world's application's
    if name == "province:home":
        return reverse(name)
    if name == "province:agency":
        return reverse(name, args=[year, office.agency.code])
    return reverse(name, args=[year]) + ("?cell=0" if name == "province:cell" else "")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_provincial_page_as_each_persona(office, personas, name):
    url = url_of(name, office)
    got = {persona: outcome(client.get(url)) for persona, client in personas.items()}
    assert got == EXPECTED[name]


def test_every_provincial_url_has_a_row():
    from django.urls import get_resolver

    names = {
        f"province:{p.name}" for p in get_resolver().namespace_dict["province"][1].url_patterns
    }
    assert names == set(EXPECTED)


def test_the_pages_take_get_only(office, personas):
    client = personas["provincial"]
    for name in ("province:year", "province:total", "province:export_csv", "province:agency"):
        assert client.post(url_of(name, office)).status_code == 405, name


def test_the_provincial_office_sees_only_the_agencies_below_it(office, personas):
    from tests.applications.factories import make_office

    elsewhere = make_office("b-")  # another province: its own office and agencies
    client = personas["provincial"]
    year = timezone.localdate().year
    assert (
        client.get(reverse("province:agency", args=[year, elsewhere.agency.code])).status_code
        == 404
    )
    page = client.get(reverse("province:year", args=[year])).text
    assert office.agency.code in page and elsewhere.agency.code not in page
    # Naming another office: not one of the user's.
    assert client.get(reverse("province:year", args=[year]), {"office": "b-hlj"}).status_code == 404


def test_a_platform_admin_picks_the_office_when_there_are_several(office, personas):
    from tests.applications.factories import make_office

    make_office("b-")
    client = personas["superuser"]
    year = timezone.localdate().year
    page = client.get(reverse("province:year", args=[year]))
    assert page.status_code == 200 and "选择省级公开办" in page.text
    assert "?office=b-hlj" in page.text and "?office=hlj" in page.text
    chosen = client.get(reverse("province:year", args=[year]), {"office": "b-hlj"})
    assert chosen.status_code == 200 and "b-hlj-ipo" in chosen.text
