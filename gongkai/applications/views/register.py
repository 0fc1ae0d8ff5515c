"""Staff register an application from any channel but the online form (Art. 29, 31)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gongkai.applications.forms import StaffRegistrationForm, attach_domain_error, with_fresh_key
from gongkai.applications.services import (
    IntakeError,
    SubmissionKeyReused,
    application_register,
)
from gongkai.applications.views.access import registering_agencies
from gongkai.core.errors import DomainError
from gongkai.core.views import staff_view


@staff_view
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    agencies = registering_agencies(request)
    form = StaffRegistrationForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = application_register(
                agency=data["agency"],
                intake=form.intake(),
                received_on=data["received_on"],
                actor=request.user,
                submission_key=data["submission_key"] or None,
                note=data["note"],
            )
        except SubmissionKeyReused as error:
            form = StaffRegistrationForm(with_fresh_key(request.POST), agencies=agencies)
            form.is_valid()
            form.add_error(None, error.message)
        except (IntakeError, DomainError) as error:
            attach_domain_error(form, error)
        else:
            messages.success(request, f"已登记申请 {application.number}")
            return redirect("applications:detail", pk=application.pk)
    return render(request, "applications/staff/register.html", {"form": form})
