"""What the steps' effects share to read their input: a required value, a date, a day someone
else recorded. Each refusal names its field."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core.errors import DomainError


def require(data: dict[str, Any], name: str, label: str) -> Any:
    value = data.get(name)
    if value in (None, ""):
        raise DomainError(_("请填写%(label)s") % {"label": label}, field=name)
    return value


def as_date(value: Any, name: str, label: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DomainError(
            _("%(label)s“%(value)s”不是有效日期（应为 YYYY-MM-DD）")
            % {"label": label, "value": value},
            field=name,
        ) from None


def day_not_before(data, name: str, label: str, earliest: date, earliest_label: str) -> date:
    """A day someone else recorded (a delivery, a receipt): not before ``earliest``, not later
    than today."""
    day = as_date(require(data, name, label), name, label)
    if day < earliest:
        raise DomainError(
            _("%(label)s %(day)s 早于%(earliest_label)s %(earliest)s")
            % {"label": label, "day": day, "earliest_label": earliest_label, "earliest": earliest},
            field=name,
        )
    if day > timezone.localdate():
        raise DomainError(
            _("%(label)s %(day)s 晚于今天") % {"label": label, "day": day}, field=name
        )
    return day
