"""Absolute links sent outside the site (e-mail, SMS, a printed receipt): one home for each."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def track_url() -> str:
    """The public page where an applicant opens their application with the query code."""
    return settings.GONGKAI_SITE_URL + reverse("applications:track")


def staff_application_url(application_id: int) -> str:
    """An application's page for the office."""
    return settings.GONGKAI_SITE_URL + reverse("applications:detail", args=[application_id])
