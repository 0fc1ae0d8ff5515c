from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from gongkai.workdays.calendar import WorkCalendar
from tests.workdays.data import SEEDED


@pytest.fixture
def seeded() -> WorkCalendar:
    return SEEDED


@pytest.fixture
def superuser(db: None) -> User:
    return User.objects.create_superuser("platform", "platform@example.org", "pw-platform-1")


@pytest.fixture
def staff(db: None) -> User:
    return User.objects.create_user("clerk", "clerk@example.org", "pw-clerk-1", is_staff=True)


@pytest.fixture
def outsider(db: None) -> User:
    return User.objects.create_user("outsider", "outsider@example.org", "pw-outsider-1")
