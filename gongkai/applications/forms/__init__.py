"""The forms of the applications screens (public and staff)."""

from __future__ import annotations

from gongkai.applications.forms.actions import FORMS as ACTION_FORMS
from gongkai.applications.forms.actions import ActionForm, action_form
from gongkai.applications.forms.intake import (
    PublicApplicationForm,
    StaffRegistrationForm,
    new_submission_key,
    with_fresh_key,
)
from gongkai.applications.forms.lookup import ApplicationFilterForm, TrackForm
from gongkai.core.forms import attach_domain_error

__all__ = [
    "ACTION_FORMS",
    "ActionForm",
    "ApplicationFilterForm",
    "PublicApplicationForm",
    "StaffRegistrationForm",
    "TrackForm",
    "action_form",
    "attach_domain_error",
    "new_submission_key",
    "with_fresh_key",
]
