"""View helpers every staff screen shares (no domain app's models or rules)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

# The refusal page in the staff layout (with the staff menu). The layout is the applications
# app's templates; a template is found by name when the page is drawn, so nothing is imported.
REFUSED_TEMPLATE = "applications/staff/refused.html"


def staff_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Login required; a refusal (PermissionDenied) is a 403 page that says why, in Chinese."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as refusal:
            context = {"reason": str(refusal) or _("您没有执行该操作的权限")}
            return render(request, REFUSED_TEMPLATE, context, status=403)

    return wrapped
