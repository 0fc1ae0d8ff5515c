"""Reads of issued notices, for the application pages (staff and applicant)."""

from __future__ import annotations

from django.db.models import QuerySet

from gongkai.applications.models import Application, Notice
from gongkai.applications.notices import kinds

# The list pages never need the full text (the documents are in the storage, read on download).
_LIGHT = ("text",)


def notices_of_application(application: Application) -> QuerySet[Notice]:
    """Every notice issued on an application, oldest first (staff see all of them)."""
    return Notice.objects.filter(application=application).defer(*_LIGHT).order_by("issued_on", "pk")


def notices_for_applicant(application: Application) -> QuerySet[Notice]:
    """The notices addressed to the applicant (not the letters sent to third parties)."""
    own = [k.key for k in kinds.KINDS.values() if k.to_applicant]
    return notices_of_application(application).filter(kind__in=own)
