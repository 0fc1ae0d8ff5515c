"""The public pages: the online application form and the applicant's lookup. No account needed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from gongkai.agencies.models import Agency
from gongkai.applications.forms import (
    PublicApplicationForm,
    TrackForm,
    attach_domain_error,
    with_fresh_key,
)
from gongkai.applications.models import Application, State
from gongkai.applications.outcomes import OUTCOMES
from gongkai.applications.permissions import application_for_applicant
from gongkai.applications.services import (
    IntakeError,
    SubmissionKeyReused,
    application_submit_online,
)
from gongkai.applications.views.access import (
    PUBLIC_STATE_LABELS,
    applicant_application_or_404,
    remember_for_applicant,
)
from gongkai.applications.views.notices import public_notices
from gongkai.core.errors import DomainError
from gongkai.core.throttle import Throttle, client_address

# The application this browser submitted last, for the page that shows its query code.
_LAST_SUBMITTED = "applications_last_submitted"
# One message for a wrong code and a wrong phone/ID: the page never tells which, nor whether
# the code exists.
LOOKUP_FAILED = "查询码与联系电话或证件号码不匹配，请核对后重试。"
LOOKUP_BLOCKED = "查询失败次数过多，请 15 分钟后再试。"
# Per query code and per client address: 10 failures in any 15 minutes (see ``track``).
LOOKUP_THROTTLE = Throttle("track", limit=10, window_seconds=15 * 60)


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, agency_code: str) -> HttpResponse:
    agency = get_object_or_404(Agency, code=agency_code)
    form = PublicApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = application_submit_online(
                agency=agency,
                intake=form.intake(),
                submission_key=form.cleaned_data["submission_key"] or None,
            )
        except SubmissionKeyReused as error:
            form = PublicApplicationForm(with_fresh_key(request.POST))
            form.is_valid()
            form.add_error(None, error.message)
        except (IntakeError, DomainError) as error:
            attach_domain_error(form, error)
        else:
            remember_for_applicant(request, application)
            request.session[_LAST_SUBMITTED] = application.pk
            return redirect("applications:apply_done", agency_code=agency.code)
    return render(request, "applications/public/apply.html", {"agency": agency, "form": form})


@require_http_methods(["GET"])
def apply_done(request: HttpRequest, agency_code: str) -> HttpResponse:
    """The query code, shown once after the submission (a reload shows it again)."""
    pk = request.session.get(_LAST_SUBMITTED)
    application = Application.objects.filter(pk=pk, agency__code=agency_code).first()
    if application is None:
        return redirect("applications:apply", agency_code=agency_code)
    return render(request, "applications/public/apply_done.html", {"application": application})


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Query code plus proof opens the application; guessing is bounded per code and per client.

    - A code that had too many failures opens nothing, for anyone, until its window passes:
      that bounds guessing the proof of a code seen over a shoulder, from however many
      addresses. The attempt is counted before the proof is checked, so concurrent guesses
      cannot all slip under the limit; a right proof gives its count back.
    - An address that had too many failures is refused every *wrong* guess, with the same
      page whatever was wrong, and each still counts against its code. Its right code with
      the right proof still opens: many applicants share one address (an office, a mobile
      carrier's NAT), and one guesser among them must not lock the others out.
    A text that cannot be a code is a field error before any of this: it can open nothing.
    """
    form = TrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["query_code"]  # the stored form, however it was typed
        attempt = LOOKUP_THROTTLE.reserve(f"code:{code}")
        if attempt is None:
            return _lookup_blocked(request, form)
        application = application_for_applicant(code, form.cleaned_data["proof"])
        if application is not None:
            LOOKUP_THROTTLE.release(attempt)
            remember_for_applicant(request, application)
            return redirect("applications:track_status", pk=application.pk)
        # A failure: it stays counted against the code, and counts against the address.
        if LOOKUP_THROTTLE.reserve(f"ip:{client_address(request)}") is None:
            return _lookup_blocked(request, form)
        form.add_error(None, LOOKUP_FAILED)
    return render(request, "applications/public/track.html", {"form": form})


def _lookup_blocked(request: HttpRequest, form: TrackForm) -> HttpResponse:
    form.add_error(None, LOOKUP_BLOCKED)
    return render(request, "applications/public/track.html", {"form": form}, status=429)


@require_http_methods(["GET"])
def track_status(request: HttpRequest, pk: int) -> HttpResponse:
    """What the applicant may know: state, receipt day, deadline, the notices served."""
    application = applicant_application_or_404(request, pk)
    answered = application.state in (State.SERVED, State.CLOSED)
    context = {
        "application": application,
        "state_label": PUBLIC_STATE_LABELS.get(application.state, ""),
        "notices": public_notices(application),
        "answered": answered,
        "outcome_label": outcome_label(application) if answered else "",
    }
    return render(request, "applications/public/track_status.html", context)


def outcome_label(application: Application) -> str:
    found = OUTCOMES.get(application.outcome)
    return found.label if found else ""
