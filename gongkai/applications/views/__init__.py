"""The screens of disclosure on request: public (apply, track), staff (workload, handling)."""

from __future__ import annotations

from gongkai.applications.views.detail import act, detail
from gongkai.applications.views.files import application_file
from gongkai.applications.views.public import (
    apply,
    apply_done,
    track,
    track_file,
    track_signout,
    track_status,
    track_withdraw,
)
from gongkai.applications.views.register import register
from gongkai.applications.views.staff import application_list, workload

__all__ = [
    "act",
    "application_file",
    "application_list",
    "apply",
    "apply_done",
    "detail",
    "register",
    "track",
    "track_file",
    "track_signout",
    "track_status",
    "track_withdraw",
    "workload",
]
