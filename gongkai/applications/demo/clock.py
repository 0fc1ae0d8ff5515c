"""Replaying history: the system's "today" set to the day a step happened.

The services date what they record from Django's clock (the number's year, the submission time,
an online submission's day, "not later than today"). Demo data and the end-to-end test replay
months of work in a few seconds, so each step runs with the clock set to its own day, and the
records come out as if the office had worked through those months.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from unittest import mock

from django.utils import timezone

# Office hours: a step recorded "on" a day happens in the morning of it, local time.
_AT = time(10, 0)


def moment(day: date) -> datetime:
    """The aware datetime that stands for a step taken on ``day``."""
    return timezone.make_aware(datetime.combine(day, _AT))


@contextmanager
def simulated_today(day: date) -> Iterator[None]:
    """Within the block, ``timezone.now()`` and ``timezone.localdate()`` are ``day``, 10:00.

    Django's own ``localdate``/``localtime`` call the module's ``now``, so patching the module
    attribute moves every caller that goes through ``django.utils.timezone``.
    """
    with mock.patch("django.utils.timezone.now", return_value=moment(day)):
        yield
