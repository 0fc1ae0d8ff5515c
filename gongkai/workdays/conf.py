"""The deadline convention as configured in settings (the pure modules never read settings)."""

from __future__ import annotations

from django.conf import settings

from gongkai.workdays.clock import Convention


def convention_from_settings() -> Convention:
    """GONGKAI_DEADLINE_COUNT_RECEIPT_DAY and GONGKAI_FEE_PAUSES_CLOCK; both default to false."""
    return Convention(
        count_receipt_day=bool(getattr(settings, "GONGKAI_DEADLINE_COUNT_RECEIPT_DAY", False)),
        fee_pauses_clock=bool(getattr(settings, "GONGKAI_FEE_PAUSES_CLOCK", False)),
    )
