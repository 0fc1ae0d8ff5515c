from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemediesConfig(AppConfig):
    name = "gongkai.remedies"
    label = "remedies"
    verbose_name = _("行政复议和行政诉讼")
