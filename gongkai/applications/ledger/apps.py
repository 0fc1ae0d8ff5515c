from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    """Installed so that Django finds this package's templates; it has no models."""

    name = "gongkai.applications.ledger"
    label = "ledger"
    verbose_name = _("台账导入")
