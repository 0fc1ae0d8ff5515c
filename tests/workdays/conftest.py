from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from gongkai.agencies.models import Agency, Membership, Role
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
    """A clerk of an agency: staff by role, not by Django's is_staff flag."""
    agency = Agency.objects.create(code="test-agency", name="测试机关")
    user = User.objects.create_user("clerk", "clerk@example.org", "pw-clerk-1")
    Membership.objects.create(user=user, agency=agency, role=Role.CLERK)
    return user


@pytest.fixture
def outsider(db: None) -> User:
    return User.objects.create_user("outsider", "outsider@example.org", "pw-outsider-1")


@pytest.fixture
def admin_staff(staff: User) -> User:
    """May enter Django's admin (is_staff), but is no platform admin."""
    staff.is_staff = True
    staff.save()
    return staff
