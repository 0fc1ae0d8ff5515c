"""The agency admin's notice template editor: each kind's wording, its placeholders, a preview.

Only the agency's own wording is edited here (body and contact lines, per outcome for replies);
the legal paragraphs are fixed data and are shown in the preview as they will be appended. The
platform's defaults are the platform admins' (Django admin). Access as for every agency admin
page (agencies.views.administered_agency_or_404): another agency's editor does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.agencies.models import Agency
from gongkai.agencies.views import administered_agency_or_404
from gongkai.applications import outcomes
from gongkai.applications.models import Application, NoticeTemplate
from gongkai.applications.notices import editing, kinds
from gongkai.applications.notices.placeholders import placeholders_for
from gongkai.applications.notices.services import notice_wording
from gongkai.core.errors import DomainError
from gongkai.core.forms import NamedErrorsMixin, attach_domain_error
from gongkai.core.views import staff_view


class TemplateForm(NamedErrorsMixin, forms.Form):
    body = forms.CharField(
        label=gettext_lazy("正文"),
        widget=forms.Textarea(attrs={"rows": 10}),
        strip=False,
        help_text=gettext_lazy(
            "第一行为称呼（如 {applicant_name}：），其后每行一段；法律依据和救济途径由系统自动附加"
        ),
    )
    closing = forms.CharField(
        label=gettext_lazy("联系信息"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        strip=False,
        help_text=gettext_lazy("附在法律段落之后、落款之前；留空使用默认联系信息"),
    )
    application = forms.CharField(
        label=gettext_lazy("预览所用申请编号"),
        max_length=30,
        required=False,
        help_text=gettext_lazy("留空以示例申请预览；填写本机关的申请编号则以该申请预览"),
    )


@dataclass(frozen=True)
class Entry:
    """One line of the list: a kind (and for replies an outcome) with where its wording is from."""

    kind: kinds.NoticeKind
    outcome: str
    title: str
    own: NoticeTemplate | None
    url: str


def _edit_url(agency_code: str, kind_key: str, outcome_key: str) -> str:
    url = reverse("notices:template_edit", args=[agency_code, kind_key])
    return url + ("?" + urlencode({"outcome": outcome_key}) if outcome_key else "")


@staff_view
@require_GET
def template_list(request: HttpRequest, agency_code: str) -> HttpResponse:
    agency = administered_agency_or_404(request, agency_code)
    own = {(t.kind, t.outcome): t for t in NoticeTemplate.objects.filter(agency=agency)}
    entries = []
    for kind in kinds.KINDS.values():
        keys = [""] + (list(outcomes.OUTCOMES) if kind.key == kinds.REPLY else [])
        for outcome_key in keys:
            title = kinds.title_for(kind.key, outcome_key)
            if outcome_key:
                title = _("%(title)s · %(outcome)s") % {
                    "title": title,
                    "outcome": outcomes.outcome(outcome_key).label,
                }
            entries.append(
                Entry(
                    kind,
                    outcome_key,
                    title,
                    own.get((kind.key, outcome_key)),
                    _edit_url(agency.code, kind.key, outcome_key),
                )
            )
    return render(
        request, "applications/notice_templates/list.html", {"agency": agency, "entries": entries}
    )


def _placeholders(kind: kinds.NoticeKind) -> list[tuple[str, str, str]]:
    """(Chinese name, key — each as written in a template — and what it holds)."""
    return [(f"{{{p.name}}}", f"{{{p.key}}}", p.meaning) for p in placeholders_for(kind.key)]


def _chosen_application(form: TemplateForm, agency: Agency) -> Application | None:
    number = (form.cleaned_data.get("application") or "").strip()
    if not number:
        return None
    application = Application.objects.filter(agency=agency, number=number).first()
    if application is None:
        form.add_error(
            "application",
            _("预览所用申请编号：本机关没有编号为“%(number)s”的申请") % {"number": number},
        )
    return application


@staff_view
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, agency_code: str, kind: str) -> HttpResponse:
    agency = administered_agency_or_404(request, agency_code)
    notice_kind = kinds.KINDS.get(kind)
    outcome_key = request.GET.get("outcome", "")
    if notice_kind is None or (
        outcome_key and (kind != kinds.REPLY or outcome_key not in outcomes.OUTCOMES)
    ):
        raise Http404(_("没有这种告知书"))
    own = NoticeTemplate.objects.filter(agency=agency, kind=kind, outcome=outcome_key).first()
    in_force = notice_wording(agency, kind, outcome_key) if own is None else None
    initial = (
        {"body": own.body, "closing": own.closing}
        if own is not None
        else {"body": in_force.body, "closing": in_force.closing}
    )
    form = TemplateForm(request.POST or None, initial=initial)
    preview = None
    action = request.POST.get("action", "preview")
    here = _edit_url(agency.code, kind, outcome_key)
    if request.method == "POST" and action == "reset":
        if editing.notice_template_reset(agency=agency, kind=kind, outcome=outcome_key):
            messages.success(request, _("已删除本机关模板，恢复使用默认模板"))
        return redirect(here)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        wording = {
            "kind": kind,
            "outcome": outcome_key,
            "body": data["body"],
            "closing": data["closing"],
        }
        try:
            if action == "save":
                editing.notice_template_save(agency=agency, **wording)
                messages.success(request, _("已保存本机关模板"))
                return redirect(here)
            application = _chosen_application(form, agency)
            if form.is_valid():
                preview = editing.notice_preview(agency=agency, application=application, **wording)
        except DomainError as error:
            attach_domain_error(form, error)
    context = {
        "agency": agency,
        "kind": notice_kind,
        "outcome": outcomes.OUTCOMES.get(outcome_key),
        "title": kinds.title_for(kind, outcome_key),
        "own": own,
        "source": None if own is not None else in_force.source,
        "placeholders": _placeholders(notice_kind),
        "required": [
            f"{{{notice_kind.all_placeholders()[key][0]}}}" for key in notice_kind.required
        ],
        "form": form,
        "preview": preview,
    }
    return render(request, "applications/notice_templates/edit.html", context)
