"""What the portal's views share."""

from __future__ import annotations

from django.http import Http404

from gongkai.agencies.models import Agency
from gongkai.portal import selectors


def agency_or_404(code: str) -> Agency:
    agency = selectors.agency_by_code(code)
    if agency is None:
        raise Http404(code)
    return agency
