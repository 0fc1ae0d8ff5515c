"""The public pages: the online application form and the applicant's lookup. No account needed."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.agencies.models import Agency
from gongkai.applications.forms import (
    PublicApplicationForm,
    TrackForm,
    attach_domain_error,
    new_submission_key,
    with_fresh_key,
)
from gongkai.applications.forms.lookup import WithdrawForm
from gongkai.applications.models import Application, ApplicationEvent, ApplicationFile, State
from gongkai.applications.outcomes import OUTCOMES
from gongkai.applications.permissions import application_for_applicant
from gongkai.applications.services import (
    IntakeError,
    SubmissionKeyReused,
    application_submit_online,
)
from gongkai.applications.services.applicant_files import (
    applicant_files_store,
    information_files_for_applicant,
    submitted_files_for_applicant,
)
from gongkai.applications.services.withdrawal import (
    application_withdraw_by_applicant,
    can_withdraw_online,
    withdrawal_refusal,
)
from gongkai.applications.views.access import (
    LAST_SUBMITTED_KEY,
    PUBLIC_STATE_LABELS,
    applicant_application_or_404,
    forget_applicant,
    remember_for_applicant,
)
from gongkai.applications.views.notices import public_notices
from gongkai.core.errors import DomainError
from gongkai.core.throttle import Throttle, client_address
from gongkai.documents.media import applicant_upload_max_bytes, human_size

# The application this browser submitted last, for the page that shows its query code.
_LAST_SUBMITTED = LAST_SUBMITTED_KEY
# One message for a wrong code and a wrong phone/ID: the page never tells which, nor whether
# the code exists.
LOOKUP_FAILED = "查询码与联系电话或证件号码不匹配，请核对后重试。"
LOOKUP_BLOCKED = "查询失败次数过多，请 15 分钟后再试。"
# Per query code and per client address: 10 failures in any 15 minutes (see ``track``).
LOOKUP_THROTTLE = Throttle("track", limit=10, window_seconds=15 * 60)
# Anonymous submissions store up to two files each: at most 30 from one address in an hour (a
# service hall's shared address included), so that no one fills the database from a script.
SUBMIT_THROTTLE = Throttle("apply", limit=30, window_seconds=60 * 60)


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, agency_code: str) -> HttpResponse:
    agency = get_object_or_404(Agency, code=agency_code)
    if request.method == "GET" and not settings.DEBUG:
        # A first visit: the fields are the same for everyone but for their fresh key.
        fields = blank_form_fields(get_language(), applicant_upload_max_bytes())
        fields = mark_safe(fields.replace(_BLANK_KEY, f'value="{new_submission_key()}"', 1))
        return render(
            request,
            "applications/public/apply.html",
            {"agency": agency, "blank_form_fields": fields},
        )
    form = PublicApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if SUBMIT_THROTTLE.reserve(f"ip:{client_address(request)}") is None:
            form.add_error(
                None, gettext("来自本网络的提交过于频繁，请一小时后再试。您填写的内容已保留。")
            )
            return render(
                request,
                "applications/public/apply.html",
                {"agency": agency, "form": form},
                status=429,
            )
        try:
            # The attachments are stored with the application, or neither is.
            with transaction.atomic():
                application = application_submit_online(
                    agency=agency,
                    intake=form.intake(),
                    submission_key=form.cleaned_data["submission_key"] or None,
                )
                applicant_files_store(application=application, files=form.checked_files())
        except SubmissionKeyReused as error:
            form = PublicApplicationForm(with_fresh_key(request.POST), request.FILES)
            form.is_valid()
            form.add_error(None, error.message)
        except (IntakeError, DomainError) as error:
            attach_domain_error(form, error)
        else:
            remember_for_applicant(request, application)
            request.session[_LAST_SUBMITTED] = application.pk
            return redirect("applications:apply_done", agency_code=agency.code)
    return render(request, "applications/public/apply.html", {"agency": agency, "form": form})


# The submission key the blank form is written with, then replaced by each visit's own.
_BLANK_KEY = 'value="00000000-0000-4000-8000-000000000000"'


@lru_cache(maxsize=8)
def blank_form_fields(language: str | None, upload_limit: int) -> SafeString:
    """The unbound form's fields as applications/public/_apply_fields.html writes them, once
    per process for what they depend on: the language (labels, help texts) and the upload
    limit (in the attachments' help). A GET shows it with its own submission key instead of
    building and writing the same 18 fields again. Not under DEBUG, where templates are read
    again on each render. tests/applications/test_public_apply_first_visit.py compares the
    two pages."""
    form = PublicApplicationForm()
    form.fields["submission_key"].initial = _BLANK_KEY.split('"')[1]
    html = render_to_string("applications/public/_apply_fields.html", {"form": form})
    if html.count(_BLANK_KEY) != 1:
        raise AssertionError("the blank form must carry its submission key exactly once")
    return mark_safe(html)


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


@dataclass(frozen=True)
class FileLink:
    name: str
    size: str
    url: str = ""


@require_http_methods(["GET"])
def track_status(request: HttpRequest, pk: int) -> HttpResponse:
    """What the applicant may know: state, receipt day, deadline, the notices and the files of
    information served; and, before the reply, a way to withdraw."""
    application = applicant_application_or_404(request, pk)
    withdrawal = _withdrawal(application)
    answered = application.state in (State.SERVED, State.CLOSED) and withdrawal is None
    state_label = PUBLIC_STATE_LABELS.get(application.state, "")
    context = {
        "application": application,
        "state_label": gettext("已撤回") if withdrawal else state_label,
        "notices": public_notices(application),
        "answered": answered,
        "outcome_label": outcome_label(application) if answered else "",
        # Submitted online, not yet confirmed: no clock runs yet (Art. 31(4)).
        "awaiting_receipt": application.state == State.SUBMITTED
        and application.received_on is None,
        "withdrawal": withdrawal,
        "can_withdraw": can_withdraw_online(application),
        "information_files": [
            FileLink(f.name, human_size(f.size), _file_url(application, f))
            for f in information_files_for_applicant(application)
        ],
        "submitted_files": [
            FileLink(f.name, human_size(f.size)) for f in submitted_files_for_applicant(application)
        ],
    }
    return render(request, "applications/public/track_status.html", context)


def outcome_label(application: Application) -> str:
    found = OUTCOMES.get(application.outcome)
    return found.label if found else ""


def _withdrawal(application: Application) -> ApplicationEvent | None:
    if application.state != State.CLOSED:
        return None
    return application.events.filter(kind="withdraw").order_by("-on", "-pk").first()


def _file_url(application: Application, file: ApplicationFile) -> str:
    return reverse("applications:track_file", args=[application.pk, file.pk])


@require_http_methods(["GET", "POST"])
def track_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The applicant withdraws their application: a confirmation, an optional reason."""
    application = applicant_application_or_404(request, pk)
    if refusal := withdrawal_refusal(application):
        messages.error(request, refusal)
        return redirect("applications:track_status", pk=application.pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application_withdraw_by_applicant(
                application=application, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            attach_domain_error(form, error)
        else:
            messages.success(request, gettext("您的申请已撤回，机关将不再办理。"))
            return redirect("applications:track_status", pk=application.pk)
    context = {"application": application, "form": form}
    return render(request, "applications/public/track_withdraw.html", context)


@require_POST
def track_signout(request: HttpRequest) -> HttpResponse:
    """退出: on a shared computer, this browser no longer opens the applicant's applications."""
    forget_applicant(request)
    messages.success(
        request,
        gettext(
            "您已退出。本浏览器不能再查看您的申请，也不能再下载告知书和文件；"
            "再次查看须重新输入查询码和联系电话或证件号码。"
        ),
    )
    return redirect("applications:track")


@require_GET
def track_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    """A file of information given with the served reply, for the applicant who opened it here."""
    application = applicant_application_or_404(request, pk)
    found = information_files_for_applicant(application).filter(pk=file_pk).first()
    if found is None:
        raise Http404(gettext("未找到该文件"))
    response = HttpResponse(
        bytes(found.content), content_type=found.media_type or "application/octet-stream"
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=found.name
    )
    # Personal data: never kept by a shared cache or the browser's back button.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
