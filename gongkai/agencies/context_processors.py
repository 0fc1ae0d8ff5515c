"""``staff_banner``: tells agency staff which relevant years have no holiday schedule yet.

Registered in settings' TEMPLATES; the staff layout includes "workdays/provisional_banner.html".
It lives here, not in workdays, because whether the user is agency staff is the agencies' rule
(the working-day calendar knows nothing of agencies).
"""

from __future__ import annotations

from django.http import HttpRequest

from gongkai.agencies.permissions import access_of
from gongkai.workdays.services import missing_years_now


def staff_banner(request: HttpRequest) -> dict[str, list[int]]:
    """``workdays_missing_years``: the relevant unloaded years; empty for all but agency staff
    and platform admins."""
    user = getattr(request, "user", None)
    if user is None or not access_of(user).is_staff_anywhere:
        return {"workdays_missing_years": []}
    return {"workdays_missing_years": missing_years_now()}
