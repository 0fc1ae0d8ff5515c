from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gongkai.core"
    label = "core"
    verbose_name = "Gongkai"

    def ready(self) -> None:
        # Connects the guard that refuses a sign-in skipping the two-factor code step, before
        # any view or script can sign anyone in.
        from . import two_factor  # noqa: F401
