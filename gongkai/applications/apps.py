from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    label = "applications"
    verbose_name = _("依申请公开")

    def ready(self) -> None:
        from gongkai.applications.services.deadlines import recompute_on_calendar_change
        from gongkai.workdays.signals import calendar_changed

        # A loaded holiday schedule turns provisional deadlines into final ones at once.
        calendar_changed.connect(
            recompute_on_calendar_change, dispatch_uid="applications-deadlines"
        )
