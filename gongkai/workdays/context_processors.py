"""``workdays_banner``: tells staff which relevant years have no holiday schedule yet.

Registered in settings' TEMPLATES; the staff layout includes "workdays/provisional_banner.html".
"""

from __future__ import annotations

from django.http import HttpRequest

from gongkai.agencies.permissions import is_staff_anywhere
from gongkai.workdays.services import missing_years_now


def workdays_banner(request: HttpRequest) -> dict[str, list[int]]:
    """``workdays_missing_years``: the relevant unloaded years; empty for all but agency staff."""
    user = getattr(request, "user", None)
    if user is None or not (user.is_superuser or is_staff_anywhere(user)):
        return {"workdays_missing_years": []}
    return {"workdays_missing_years": missing_years_now()}
