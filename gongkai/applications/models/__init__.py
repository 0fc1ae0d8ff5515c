from __future__ import annotations

from gongkai.applications.models.application import Application
from gongkai.applications.models.choices import (
    ApplicantKind,
    Channel,
    Delivery,
    FormWanted,
    IdType,
    OrgKind,
    State,
)
from gongkai.applications.models.deadline import StaleDeadlineYear
from gongkai.applications.models.event import ApplicationEvent
from gongkai.applications.models.files import ApplicationFile, FilePurpose
from gongkai.applications.models.notice import Notice, NoticeTemplate  # noqa: F401 (notices)

__all__ = [
    "ApplicantKind",
    "Application",
    "ApplicationEvent",
    "ApplicationFile",
    "Channel",
    "Delivery",
    "FilePurpose",
    "FormWanted",
    "IdType",
    "OrgKind",
    "StaleDeadlineYear",
    "State",
]
