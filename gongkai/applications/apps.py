from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    label = "applications"
    verbose_name = _("依申请公开")

    def ready(self) -> None:
        from gongkai.applications.services.deadlines import mark_stale_on_calendar_change
        from gongkai.workdays.signals import calendar_changed

        # A changed holiday schedule marks its years; `gongkai recompute_deadlines` (cron, and
        # `gongkai remind` first) recomputes the deadlines through them, outside the request.
        calendar_changed.connect(
            mark_stale_on_calendar_change, dispatch_uid="applications-deadlines"
        )
