"""Cases and closed applications for the register's tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application
from gongkai.applications.outcomes import GRANTED
from gongkai.remedies.models import Case
from gongkai.remedies.services import case_decide, case_register
from tests.applications.factories import Office
from tests.reports.records import Record, application


def closed_application(
    agency: Agency, received: date = date(2025, 3, 2), closed: date = date(2025, 3, 20)
) -> Application:
    return application(agency, Record(received, closed, GRANTED))


def registered_case(office: Office, **overrides: Any) -> Case:
    values: dict[str, Any] = {
        "stream": "review",
        "filed_on": date(2025, 5, 6),
        "body": "黑龙江省人民政府",
        "challenged": "对政府信息公开申请的答复（不予公开）",
        "number": "",
    }
    values.update(overrides)
    return case_register(agency=office.agency, actor=office.clerk, **values)


def decided_case(
    office: Office, result: str = "upheld", decided_on: date = date(2025, 8, 1), **overrides: Any
) -> Case:
    case = registered_case(office, **overrides)
    return case_decide(case=case, actor=office.clerk, decided_on=decided_on, result=result)
