from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from gongkai.workdays.models import SOURCE_ADMIN, CalendarDay, CalendarYear
from gongkai.workdays.signals import calendar_changed
from tests.workdays.data import NOTICE_2027

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:workdays_calendaryear_import"


@pytest.fixture
def changes() -> Any:
    sent: list[frozenset[int]] = []

    def receiver(sender: object, years: frozenset[int], **kwargs: object) -> None:
        sent.append(years)

    calendar_changed.connect(receiver, weak=False)
    yield sent
    calendar_changed.disconnect(receiver)


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_platform_admin_imports_a_year_by_pasting_the_notice(
    superuser: User, changes: list[frozenset[int]]
) -> None:
    client = logged_in(superuser)
    assert client.get(reverse(IMPORT_URL)).status_code == 200
    response = client.post(
        reverse(IMPORT_URL), {"year": 2027, "lines": NOTICE_2027, "source": "国办发明电〔2026〕"}
    )
    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2027).loaded_by == superuser
    assert changes == [frozenset({2027})]
    listing = client.get(reverse("admin:workdays_calendaryear_changelist"))
    assert "已导入 2027 年：休息日 1 天" in listing.content.decode()


def test_the_import_page_shows_every_line_error_and_stores_nothing(superuser: User) -> None:
    response = logged_in(superuser).post(
        reverse(IMPORT_URL),
        {
            "year": 2027,
            "lines": "2027-01-01 休 元旦\n2027-13-01 休\n2027-01-04 班\n",
            "source": "x",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "第 2 行：“2027-13-01”不是有效日期" in page
    assert "第 3 行：2027-01-04 是星期一" in page
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_replacing_a_loaded_year_must_be_ticked(superuser: User) -> None:
    client = logged_in(superuser)
    data = {"year": 2026, "lines": "2026-03-02 休 测试\n", "source": "x"}
    response = client.post(reverse(IMPORT_URL), data)
    assert "2026 年已载入" in response.content.decode()
    assert CalendarDay.objects.filter(date__year=2026).count() == 25
    client.post(reverse(IMPORT_URL), {**data, "replace": "on"})
    assert CalendarDay.objects.filter(date__year=2026).count() == 1


def test_staff_may_not_import_and_outsiders_are_sent_to_log_in(
    admin_staff: User, outsider: User
) -> None:
    staff = admin_staff
    assert logged_in(staff).get(reverse(IMPORT_URL)).status_code == 403
    assert logged_in(outsider).get(reverse(IMPORT_URL)).status_code == 302
    response = logged_in(staff).post(reverse(IMPORT_URL), {"year": 2027, "lines": NOTICE_2027})
    assert response.status_code == 403
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_a_platform_admin_marks_a_single_day_off(
    superuser: User, changes: list[frozenset[int]]
) -> None:
    response = logged_in(superuser).post(
        reverse("admin:workdays_calendarday_add"),
        {"date": "2026-03-02", "name": "临时放假"},  # is_workday unticked: a day off
    )
    assert response.status_code == 302
    day = CalendarDay.objects.get(date=date(2026, 3, 2))
    assert (day.is_workday, day.source, day.updated_by) == (False, SOURCE_ADMIN, superuser)
    assert changes == [frozenset({2026})]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "2026-03-07", "name": "周六"}, "2026-03-07 本来就是休息日"),
        ({"date": "2026-03-02", "is_workday": "on"}, "2026-03-02 本来就是工作日"),
        ({"date": "2027-01-01", "name": "元旦"}, "2027 年的节假日安排尚未载入"),
    ],
)
def test_a_single_day_that_is_no_exception_is_refused(
    superuser: User, data: dict[str, str], message: str
) -> None:
    response = logged_in(superuser).post(reverse("admin:workdays_calendarday_add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_staff_cannot_change_the_calendar_in_the_admin(admin_staff: User) -> None:
    client = logged_in(admin_staff)
    assert client.get(reverse("admin:workdays_calendarday_add")).status_code == 403
    day = CalendarDay.objects.get(date=date(2026, 10, 1))
    assert (
        client.post(
            reverse("admin:workdays_calendarday_delete", args=[day.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert CalendarDay.objects.filter(pk=day.pk).exists()


def test_deleting_a_year_in_the_admin_removes_its_exceptions(
    superuser: User, changes: list[frozenset[int]]
) -> None:
    year = CalendarYear.objects.get(year=2026)
    response = logged_in(superuser).post(
        reverse("admin:workdays_calendaryear_delete", args=[year.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not CalendarDay.objects.filter(date__year=2026).exists()
    assert changes == [frozenset({2026})]


def test_the_admin_lists_render(superuser: User) -> None:
    client = logged_in(superuser)
    days = client.get(reverse("admin:workdays_calendarday_changelist"), {"q": "国庆"})
    assert days.status_code == 200 and "星期" in days.content.decode()
    years = client.get(reverse("admin:workdays_calendaryear_changelist"))
    assert "导入年度节假日安排" in years.content.decode()
