"""Who may open which page: every URL of the applications, reports and agencies apps × every
persona.

The rows come from the URLconf itself (every namespace whose URLs live in gongkai.applications —
the screens, the notices' downloads, the ledger import —, in gongkai.reports: the public
checker and tables 二 and 三 computed from the records, or in gongkai.agencies: the agency admin's
pages): a new view without a row here fails ``test_every_url_has_a_row_for_every_persona``. The
world holds a served application with a file of information and a proof of identity, so the
file downloads answer 200 to whoever may have them and a leak would fail. Expected results:
200/403/404/405 the status; "login" a redirect to the login page; "redirect" any other redirect;
"done" (POST) the step was taken and the browser sent back to the application.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gongkai.agencies.models import Membership, Role
from gongkai.applications import outcomes
from gongkai.applications.models import Application, ApplicationFile, FilePurpose, Notice, State
from gongkai.applications.views.access import APPLICANT_SESSION_KEY
from gongkai.core.stored_files import stored_put
from gongkai.publishing.services.drafting import item_attach
from gongkai.reports.compute.report import report_compute
from gongkai.reports.engine import edition_for_year, render
from gongkai.reports.models import AnnualReport, ReportState, ReportVersion
from tests.applications.factories import Office, make_user
from tests.applications.views_helpers import (
    act,
    assigned,
    drafted,
    post_action,
    public_form_data,
    registered,
    today,
)
from tests.portal.helpers import revised, with_file
from tests.publishing.factories import draft_item
from tests.remedies.factories import registered_case
from tests.reports.annual_world import FILLED

PUBLIC = ("anonymous", "applicant", "applicant_other")
AGENCY_STAFF = ("clerk", "head", "leader", "reviewer", "admin")
# outsider: a clerk of another agency; other_admin: the admin of another agency.
ELSEWHERE = ("outsider", "other_admin")
PERSONAS = (*PUBLIC, *AGENCY_STAFF, *ELSEWHERE, "provincial", "superuser")


def _url_patterns(patterns) -> Iterator[URLPattern]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _url_patterns(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern


MATRIX_APPS = (
    "gongkai.applications",
    "gongkai.reports",
    "gongkai.agencies",
    "gongkai.publishing",
    "gongkai.portal",
    "gongkai.remedies",
)


def applications_urls() -> dict[str, URLPattern]:
    """ "namespace:name" of every URL served from the apps above, as the project wires it, and
    the name of every URL of gongkai/urls.py itself (sign-in, password, two-factor). /admin/ is
    left out: Django's own site, its pages behind Django's is_staff (its sign-in page is tested in
    tests/test_two_factor.py)."""
    found = {}
    for namespace, (_, resolver) in get_resolver().namespace_dict.items():
        if getattr(resolver.urlconf_module, "__name__", "").startswith(MATRIX_APPS):
            for pattern in _url_patterns(resolver.url_patterns):
                found[f"{namespace}:{pattern.name}"] = pattern
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLPattern) and not str(pattern.pattern).startswith("admin/"):
            found[pattern.name] = pattern
    return found


def row(default: str, **overrides: str) -> dict[str, str]:
    # The admin of another agency finds what its clerk (the outsider) finds, unless said otherwise.
    overrides.setdefault("other_admin", overrides.get("outsider", default))
    return {persona: overrides.get(persona, default) for persona in PERSONAS}


def staff_row(**overrides: str) -> dict[str, str]:
    """Staff pages: anonymous visitors and applicants (no account) are sent to log in."""
    return row("200", **{p: "login" for p in PUBLIC}, **overrides)


# A's agency's admin pages: its admin and platform admins; its other staff and its provincial
# office are refused with a reason; another agency's staff, its admin included, find nothing.
AGENCY_ADMIN_ONLY = staff_row(
    clerk="403", head="403", leader="403", reviewer="403", provincial="403", outsider="404"
)

GET: dict[str, dict[str, str]] = {
    "applications:apply": row("200"),
    # The query code page shows the browser's own last submission, else back to the form.
    "applications:apply_done": row("redirect", applicant="200", applicant_other="200"),
    "applications:track": row("200"),
    # Application A: only the browser that opened it; staff use the detail page.
    "applications:track_status": row("404", applicant="200"),
    "applications:track_withdraw": row("404", applicant="200"),
    # The file of information served with C: only the browser that opened C.
    "applications:track_file": row("404", applicant="200"),
    "applications:track_signout": row("405"),  # POST only
    "applications:workload": staff_row(),
    "applications:list": staff_row(),
    "applications:register": staff_row(
        head="403", leader="403", reviewer="403", provincial="403", superuser="403"
    ),
    "applications:detail": staff_row(outsider="404"),
    "applications:act": staff_row(**{p: "405" for p in PERSONAS if p not in PUBLIC}),
    # C's file of information: whoever reads C, the provincial office included.
    "applications:file": staff_row(outsider="404"),
    # A's receipt notice: staff who may read A; the applicant through their own link only.
    "notices:staff_download": row("200", **{p: "404" for p in PUBLIC}, outsider="404"),
    "notices:applicant_download": row("404", applicant="200"),
    # The agency admin's template editor: its admin and platform admins; its other staff and
    # its provincial office are refused with a reason; another agency's staff find nothing.
    "notices:templates": staff_row(
        clerk="403", head="403", leader="403", reviewer="403", provincial="403", outsider="404"
    ),
    "notices:template_edit": staff_row(
        clerk="403", head="403", leader="403", reviewer="403", provincial="403", outsider="404"
    ),
    "ledger:import": staff_row(
        head="403", leader="403", reviewer="403", provincial="403", superuser="403"
    ),
    "ledger:template": staff_row(),
    # The report checker is public; its download takes the checked report by POST only.
    "reports:check": row("200"),
    "reports:download": row("405"),
    # The checker for a ZIP of reports is public too (GET: the upload form).
    "reports:check_batch": row("200"),
    # Table 三 of A's agency and one cell's applications: whoever reads the agency, the
    # provincial office included; another agency's staff do not see it exist.
    "reports:table3": staff_row(outsider="404"),
    "reports:table3_cell": staff_row(outsider="404"),
    # Table 二 of A's agency and one computed cell's items: the same readers as table 三. Its
    # inputs are entered by POST only (clerks and admins; see tests/reports/test_table2_views.py).
    "reports:table2": staff_row(outsider="404"),
    "reports:table2_cell": staff_row(outsider="404"),
    "reports:table2_input": staff_row(**{p: "405" for p in PERSONAS if p not in PUBLIC}),
    # The agency admin's pages. The home page sends an admin of one agency to its pages and
    # lists a platform admin's; it refuses everyone who administers none.
    "agencies:home": staff_row(
        **{p: "403" for p in ("clerk", "head", "leader", "reviewer", "outsider", "provincial")},
        admin="redirect",
        other_admin="redirect",
    ),
    **{
        f"agencies:{name}": AGENCY_ADMIN_ONLY
        for name in ("people", "person_add", "person", "departments", "department_rename")
    },
    "agencies:settings": AGENCY_ADMIN_ONLY,
    "agencies:role_remove": staff_row(**{p: "405" for p in PERSONAS if p not in PUBLIC}),
    # 主动公开 (the world's item D: a draft with a file). Whoever reads the agency sees the list,
    # D and its file; the clerks (and the agency admin) draft and edit; another agency's staff
    # do not see D exist. The steps, uploads and removals are POST only.
    "publishing:list": staff_row(),
    "publishing:new": staff_row(
        head="403", leader="403", reviewer="403", provincial="403", superuser="403"
    ),
    "publishing:detail": staff_row(outsider="404"),
    "publishing:edit": staff_row(
        head="403", leader="403", reviewer="403", provincial="403", superuser="403", outsider="404"
    ),
    "publishing:attachment": staff_row(outsider="404"),
    **{
        f"publishing:{name}": staff_row(**{p: "405" for p in PERSONAS if p not in PUBLIC})
        for name in ("step", "attachment_upload", "attachment_remove")
    },
    # The catalogue editor: as the agency admin's pages.
    "publishing:catalogue_home": staff_row(
        **{p: "403" for p in ("clerk", "head", "leader", "reviewer", "outsider", "provincial")},
        admin="redirect",
        other_admin="redirect",
    ),
    "publishing:catalogue": AGENCY_ADMIN_ONLY,
    "publishing:category": AGENCY_ADMIN_ONLY,
    **{
        f"publishing:{name}": staff_row(**{p: "405" for p in PERSONAS if p not in PUBLIC})
        for name in ("catalogue_seed", "category_delete")
    },
    # The public portal (the world's item E: published, revised, with a file): everyone reads
    # every page; the 适老化 toggle takes a POST only.
    **{
        f"portal:{name}": row("200")
        for name in (
            "home",
            "search",
            "sitemap",
            "sitemap_section",
            "agency",
            "guide",
            "catalogue",
            "category",
            "category_feed",
            "year",
            "reports",
            "feed",
            "item",
            "item_version",
            "item_file",
        )
    },
    "portal:elder": row("405"),
    # The annual report (the world's: published as version 1, corrected as version 2): whoever
    # reads the agency reads its pages and files; every write is POST only.
    "annual:list": staff_row(outsider="404"),
    "annual:detail": staff_row(outsider="404"),
    "annual:file": staff_row(outsider="404"),
    **{
        f"annual:{name}": staff_row(**{p: "405" for p in PERSONAS if p not in PUBLIC})
        for name in ("open", "import", "edit", "acknowledge", "step")
    },
    # Its published versions on the portal: everyone.
    **{f"portal:{name}": row("200") for name in ("report", "report_version", "report_file")},
    # The 行政复议/行政诉讼 register (the world's case): its readers read it, its clerks (and the
    # agency admin) write; table 四 and its cells as tables 二 and 三.
    "remedies:list": staff_row(outsider="404"),
    "remedies:detail": staff_row(outsider="404"),
    "remedies:template": staff_row(outsider="404"),
    **{
        f"remedies:{name}": staff_row(
            head="403",
            leader="403",
            reviewer="403",
            provincial="403",
            superuser="403",
            outsider="404",
        )
        for name in ("new", "edit", "decide", "import")
    },
    "remedies:reopen": staff_row(**{p: "405" for p in PERSONAS if p not in PUBLIC}),
    "reports:table4": staff_row(outsider="404"),
    "reports:table4_cell": staff_row(outsider="404"),
    # The provincial office's year: its office (and platform admins) only; the agencies' own
    # staff are refused with a reason; uploads are the office's alone.
    "province:home": staff_row(
        **{p: "403" for p in (*AGENCY_STAFF, "outsider")},
        provincial="redirect",
        superuser="redirect",
    ),
    **{
        f"province:{name}": staff_row(**{p: "403" for p in (*AGENCY_STAFF, "outsider")})
        for name in ("year", "total", "cell", "export_csv", "export_xlsx")
    },
    "province:upload": staff_row(**{p: "403" for p in (*AGENCY_STAFF, "outsider", "superuser")}),
    "province:agency": staff_row(**{p: "403" for p in AGENCY_STAFF}, outsider="404"),
    # The accounts (gongkai/urls.py): the sign-in page for everyone, sign-out by POST only; a
    # signed-in user's own password and two-factor settings (turned off by POST only). The code
    # step is for a session whose password step just passed; without one, back to the sign-in.
    "login": row("200"),
    "logout": row("405"),
    "password_change": staff_row(),
    "password_change_done": staff_row(),
    "two_factor": staff_row(),
    "two_factor_disable": staff_row(**{p: "405" for p in PERSONAS if p not in PUBLIC}),
    "two_factor_verify": row("login"),
}


CONTENT = b"%PDF-1.7 the information given"


def stored_file(app: Application, purpose: str, *, event=None, by=None) -> ApplicationFile:
    return ApplicationFile.objects.create(
        application=app,
        purpose=purpose,
        event=event,
        name=f"{purpose}.pdf",
        media_type="application/pdf",
        size=len(CONTENT),
        file=stored_put("applications", CONTENT, extension="pdf"),
        sha256=hashlib.sha256(CONTENT).hexdigest(),
        uploaded_by=by,
    )


def served(office: Office) -> Application:
    app = act(drafted(office), "head_review", office.head)
    return act(act(app, "clear", office.reviewer), "serve", office.clerk)


def corrected_report(office: Office) -> AnnualReport:
    """Last year's annual report, published as version 1 and corrected as version 2. Frozen
    directly (small files): rendering PDFs for every cell of the matrix would cost minutes, and
    publication itself is tested in tests/reports."""
    year = today().year - 1
    report = AnnualReport.objects.create(
        agency=office.agency, year=year, state=ReportState.PUBLISHED, sections=FILLED
    )
    contract = render(report_compute(office.agency, year, sections=FILLED), "json").decode()
    for number in (1, 2):
        ReportVersion.objects.create(
            report=report,
            number=number,
            published_on=date(year + 1, 1, 10 * number),
            edition=edition_for_year(year).key,
            contract=contract,
            html_file=stored_put(
                "reports", b"<!doctype html><article><h1>report</h1></article>", extension="html"
            ),
            docx_file=stored_put("reports", b"PK docx", extension="docx"),
            pdf_file=stored_put("reports", b"%PDF-1.7 report", extension="pdf"),
            sha256={},
        )
    return report


@pytest.fixture
def world(office: Office) -> dict:
    """Application A and C (the applicant's), B (another applicant's, same agency), a superuser,
    the admin of another agency. C is served, with a file of information given on the serve
    step and the applicant's proof of identity."""
    a = registered(office)
    b = registered(office, applicant_name="另一位申请人")
    c = served(office)
    information = stored_file(
        c, FilePurpose.INFORMATION, event=c.events.get(kind="serve"), by=office.clerk
    )
    proof = stored_file(c, FilePurpose.IDENTITY_PROOF)  # uploaded with the online form
    superuser = get_user_model().objects.create_superuser("root", "root@example.gov.cn", "pw")
    other_admin = make_user("other_admin", (office.other_agency, Role.ADMIN))
    receipt = Notice.objects.get(application=a)  # 受理回执, issued when it was registered
    draft = draft_item(office)  # item D, with a file
    item_file = item_attach(
        item=draft,
        actor=office.clerk,
        upload=SimpleUploadedFile("d.png", b"\x89PNG\r\n\x1a\n an image"),
    )
    public_item = revised(office, with_file(office, title="公开的信息 E"))  # item E, version 2
    report = corrected_report(office)
    return {
        "report": report,
        "case": registered_case(office),
        "public_item": public_item,
        "public_file": public_item.current_version.attachments.get(),
        "office": office,
        "a": a,
        "b": b,
        "c": c,
        "information": information,
        "proof": proof,
        "superuser": superuser,
        "other_admin": other_admin,
        "receipt": receipt,
        "item": draft,
        "item_file": item_file,
    }


def client_for(persona: str, world: dict) -> Client:
    client = Client()
    office = world["office"]
    if persona in ("applicant", "applicant_other"):
        mine = [world["a"], world["c"]] if persona == "applicant" else [world["b"]]
        session = client.session
        session[APPLICANT_SESSION_KEY] = [app.pk for app in mine]
        session["applications_last_submitted"] = mine[0].pk
        session.save()
    elif persona in ("superuser", "other_admin"):
        client.force_login(world[persona])
    elif persona != "anonymous":
        client.force_login(getattr(office, persona))
    return client


def outcome_of(response) -> str:
    if response.status_code == 302:
        return "login" if response["Location"].startswith(reverse("login")) else "redirect"
    return str(response.status_code)


FILE_URLS = ("applications:file", "applications:track_file")


def url_for(
    name: str, pattern: URLPattern, world: dict, action: str = "draft", file: str = "information"
) -> str:
    namespace = name.split(":")[0]
    office = world["office"]
    pk = world["c"].pk if name in FILE_URLS else world["a"].pk
    values = {
        "agency_code": office.agency.code,
        "pk": world["receipt"].pk if namespace == "notices" else pk,
        "action": action,
        "fmt": "csv" if namespace in ("ledger", "remedies") else "pdf",
        "year": world["a"].received_on.year,
        "kind": "reply",
        "file_pk": world[file].pk,
        "user_id": office.clerk.pk,
        "membership_id": Membership.objects.get(user=office.clerk).pk,
        "department_id": office.department.pk,
        "item_id": world["item"].pk,
        "attachment_id": world["item_file"].pk,
        "step": "submit",
        "category_id": world["item"].category_id,
        "case_id": world["case"].pk,
    }
    if namespace == "annual" or name.startswith("portal:report"):
        values.update(year=world["report"].year, number=1)  # the annual report's version 1
    if namespace == "portal":  # item E, its first version, its file, a category of the catalogue
        values.update(
            pk=world["public_item"].pk,
            number=1,
            attachment_pk=world["public_file"].pk,
            category_code="art20-1",
            section="items",
        )
    kwargs = {key: values[key] for key in pattern.pattern.converters}
    query = {
        "reports:table3_cell": "?row=new&column=natural_person",
        "reports:table2_cell": "?row=rule&column=in_force",  # the year is this year: 2021 edition
        "reports:table4_cell": "?column=review.upheld",
        "province:cell": "?cell=0",
    }.get(name, "")
    return reverse(name, kwargs=kwargs) + query


def test_every_url_has_a_row_for_every_persona():
    names = set(applications_urls())
    assert names == set(GET), (
        f"URLs without a row: {names - set(GET)}; stale rows: {set(GET) - names}"
    )
    for name, expected in GET.items():
        assert set(expected) == set(PERSONAS), name


@pytest.mark.parametrize("name", sorted(applications_urls()))
def test_get_each_url_as_each_persona(world, name):
    url = url_for(name, applications_urls()[name], world)
    got = {persona: outcome_of(client_for(persona, world).get(url)) for persona in PERSONAS}
    assert got == GET[name]


# The applicant's proof of identity: staff who read the application download it; it is not
# information given, so not even the applicant downloads it back (it is listed by name only).
PROOF = {"applications:file": GET["applications:file"], "applications:track_file": row("404")}


@pytest.mark.parametrize("name", FILE_URLS)
def test_the_proof_of_identity_downloads_only_for_staff_who_read_it(world, name):
    url = url_for(name, applications_urls()[name], world, file="proof")
    got = {}
    for persona in PERSONAS:
        response = client_for(persona, world).get(url)
        got[persona] = outcome_of(response)
        if got[persona] == "200":
            assert bytes(response.content) == CONTENT, persona
    assert got == PROOF[name]


def test_a_downloaded_file_is_the_one_stored(world):
    """The 200s of the file rows are the file, not some page that happens to answer."""
    for name, persona in (("applications:file", "clerk"), ("applications:track_file", "applicant")):
        url = url_for(name, applications_urls()[name], world)
        response = client_for(persona, world).get(url)
        assert response.status_code == 200, name
        assert response["Content-Disposition"].startswith("attachment;"), name
        assert bytes(response.content) == CONTENT, name


def test_post_role_remove_as_each_persona(world):
    """Only A's agency's admins (and platform admins) take a role away there."""
    office = world["office"]
    expected = row(
        "403", **{p: "login" for p in PUBLIC}, outsider="404", admin="done", superuser="done"
    )
    got = {}
    for persona in PERSONAS:
        role = Membership.objects.create(user=office.clerk2, agency=office.agency, role=Role.HEAD)
        url = reverse("agencies:role_remove", args=[office.agency.code, role.pk])
        result = outcome_of(client_for(persona, world).post(url))
        removed = not Membership.objects.filter(pk=role.pk).exists()
        if result == "redirect" and removed:
            result = "done"
        else:
            assert not removed, (persona, "removed on refusal")
            role.delete()
        got[persona] = result
    assert got == expected


# POST to act: for each action, the state it needs and the roles that may take it.
def _drafted_by_clerk2(office: Office, outcome: str = outcomes.GRANTED) -> Application:
    return drafted(office, outcome=outcome, by=office.clerk2)


def _head_reviewed(office: Office, outcome: str) -> Application:
    return act(_drafted_by_clerk2(office, outcome), "head_review", office.head)


ACT: dict[str, tuple[Callable[[Office], Application], dict, set[str], str]] = {
    "assign": (
        registered,
        {"department": "DEPARTMENT"},
        {"clerk", "admin", "head"},
        State.ASSIGNED,
    ),
    "draft": (
        assigned,
        {"outcome": outcomes.GRANTED, "reply_text": "予以公开"},
        {"clerk", "admin"},
        State.DRAFTED,
    ),
    "head_review": (_drafted_by_clerk2, {}, {"head"}, State.HEAD_REVIEWED),
    "leader_approve": (
        lambda office: _head_reviewed(office, outcomes.PARTIAL),
        {},
        {"leader"},
        State.LEADER_APPROVED,
    ),
    "clear": (
        lambda office: _head_reviewed(office, outcomes.GRANTED),
        {},
        {"reviewer"},
        State.CLEARED,
    ),
    "approve_extension": (
        assigned,
        {"days": "10", "reason": "需要调取档案"},
        {"head"},  # Art. 33: the disclosure office's head (the leader only by agency policy)
        State.ASSIGNED,
    ),
}


def act_expected(persona: str, allowed: set[str]) -> str:
    if persona in PUBLIC:
        return "login"
    if persona in ELSEWHERE:
        return "404"  # another agency's application does not exist for them
    return "done" if persona in allowed else "403"


@pytest.mark.parametrize("action", sorted(ACT))
def test_post_each_action_as_each_persona(world, action):
    setup, fields, allowed, state_after = ACT[action]
    office = world["office"]
    fields = {k: office.department.pk if v == "DEPARTMENT" else v for k, v in fields.items()}
    got, expected = {}, {}
    for persona in PERSONAS:
        app = setup(office)
        before = (app.state, app.events.count())
        response = post_action(client_for(persona, world), app, action, **fields)
        app.refresh_from_db()
        taken = app.events.count() == before[1] + 1 and app.state == state_after
        result = outcome_of(response)
        if result == "redirect" and taken:
            assert response["Location"] == reverse("applications:detail", args=[app.pk])
            result = "done"
        elif result != "redirect":
            assert (app.state, app.events.count()) == before, (persona, "changed on refusal")
        got[persona], expected[persona] = result, act_expected(persona, allowed)
    assert got == expected


def test_post_register_as_each_persona(world):
    office = world["office"]
    expected = row("403", **{p: "login" for p in PUBLIC}, clerk="done", admin="done")
    # The outsider's form offers only their own agency: this one is refused at the field.
    expected["outsider"] = expected["other_admin"] = "200"
    got = {}
    for persona in PERSONAS:
        count = Application.objects.count()
        data = public_form_data(
            agency=str(office.agency.pk),
            channel="in_person",
            received_on=today().isoformat(),
            submission_key=f"00000000-0000-4000-8000-{PERSONAS.index(persona):012d}",
        )
        response = client_for(persona, world).post(reverse("applications:register"), data)
        result = outcome_of(response)
        if result == "redirect":
            result = "done" if Application.objects.count() == count + 1 else "redirect"
        else:
            assert Application.objects.count() == count, persona
        got[persona] = result
    assert got == expected


# The four-eyes rule: whoever drafted a reply reviews, approves or clears it in no role.
@pytest.mark.parametrize(
    ("second_role", "action", "outcome"),
    [
        (Role.HEAD, "head_review", outcomes.GRANTED),
        (Role.LEADER, "leader_approve", outcomes.PARTIAL),
        (Role.REVIEWER, "clear", outcomes.GRANTED),
    ],
)
def test_no_one_approves_their_own_draft(client, office, second_role, action, outcome):
    both = make_user("both", (office.agency, Role.CLERK), (office.agency, second_role))
    client.force_login(both)
    app = assigned(office)
    post_action(client, app, "draft", outcome=outcome, reply_text="答复如下")
    app.refresh_from_db()
    assert (app.state, app.drafted_by) == (State.DRAFTED, both)
    if action != "head_review":
        app = act(app, "head_review", office.head)
    state = app.state
    page = client.get(reverse("applications:detail", args=[app.pk]))
    assert f'id="act-{action}"' not in page.text  # the form is not offered...
    response = post_action(client, app, action)  # ...and a POST made by hand is refused
    assert response.status_code == 403
    assert "拟稿人不能审核或批准自己拟写的答复" in response.text
    app.refresh_from_db()
    assert app.state == state
    # Someone else in that role may.
    other = {Role.HEAD: office.head, Role.LEADER: office.leader, Role.REVIEWER: office.reviewer}
    client.force_login(other[second_role])
    assert f'id="act-{action}"' in client.get(reverse("applications:detail", args=[app.pk])).text
    assert post_action(client, app, action).status_code == 302
