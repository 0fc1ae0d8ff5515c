"""Writes to applications go through these functions; views and commands stay thin."""

from __future__ import annotations

from gongkai.applications.services.deadlines import (
    application_deadline,
    application_refresh_deadline,
    deadlines_refresh,
    deadlines_refresh_stale,
)
from gongkai.applications.services.handling import application_act
from gongkai.applications.services.registration import (
    IntakeError,
    SubmissionKeyReused,
    application_register,
    application_submit_online,
)

__all__ = [
    "IntakeError",
    "SubmissionKeyReused",
    "application_act",
    "application_deadline",
    "application_refresh_deadline",
    "application_register",
    "application_submit_online",
    "deadlines_refresh",
    "deadlines_refresh_stale",
]
