"""Demo cases for one agency, made through the services so that each has its history.

Every stream with every result, a few still open, one filed last year and decided this year
(the cross-year rule of table 四), one whose decision was entered wrongly and corrected, and one
from before the platform (no application, a reference in words). Where the agency has closed
applications, the cases arise from them: filed after the reply, decided after the filing.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application
from gongkai.remedies.models import Case, Result, Stream
from gongkai.remedies.services import case_decide, case_register, case_reopen

_BODIES = {
    Stream.REVIEW: ("黑龙江省人民政府", "国家知识产权局"),
    Stream.DIRECT: ("哈尔滨市南岗区人民法院", "哈尔滨铁路运输法院"),
    Stream.AFTER_REVIEW: ("哈尔滨市中级人民法院", "哈尔滨铁路运输法院"),
}
_CHALLENGED = (
    "对政府信息公开申请的答复（不予公开）",
    "对政府信息公开申请的答复（信息不存在）",
    "逾期未答复政府信息公开申请",
    "对政府信息公开申请的答复（部分公开）",
)


def _number(stream: str, year: int, serial: int) -> str:
    if stream == Stream.REVIEW:
        return f"黑政复决字〔{year}〕第{serial}号"
    return f"（{year}）黑0103行初{serial}号"


def demo_cases(
    agency: Agency,
    applications: Iterable[Application],
    *,
    actor: AbstractBaseUser,
    rng: random.Random,
    today: date | None = None,
) -> list[Case]:
    """About 16 cases of ``agency`` registered (and decided) by ``actor``, one of its clerks;
    ``applications``: the agency's applications to tie them to (only closed ones are used)."""
    today = today or timezone.localdate()
    closed = sorted(
        (a for a in applications if a.agency_id == agency.pk and a.closed_on),
        key=lambda a: (a.closed_on, a.pk),
    )
    rng.shuffle(closed)
    serial = iter(range(1, 10_000))
    made: list[Case] = []

    def register(stream: str, filed_on: date, **extra) -> Case:
        application = extra.pop("application", None)
        if application is None and "application_reference" not in extra and closed:
            application = closed.pop()
        if application is not None and application.closed_on:
            filed_on = max(filed_on, application.closed_on + timedelta(days=rng.randint(5, 40)))
        filed_on = min(filed_on, today)
        case = case_register(
            agency=agency,
            actor=actor,
            stream=stream,
            filed_on=filed_on,
            number=_number(stream, filed_on.year, next(serial)),
            body=rng.choice(_BODIES[Stream(stream)]),
            challenged=rng.choice(_CHALLENGED),
            application=application,
            **extra,
        )
        made.append(case)
        return case

    def decide(case: Case, result: str, after_days: int) -> Case:
        decided_on = min(case.filed_on + timedelta(days=after_days), today)
        return case_decide(case=case, actor=actor, decided_on=decided_on, result=result)

    start = date(today.year - 1, 1, 15)
    for stream in Stream:
        for result in Result:
            filed = start + timedelta(days=rng.randint(0, 500))
            decide(register(stream, filed), result, rng.randint(30, 150))
        register(stream, today - timedelta(days=rng.randint(10, 120)))  # still open
    # Filed late last year, decided this year: pending in last year's table, a result in this.
    late = register(Stream.REVIEW, date(today.year - 1, 12, 1))
    decided_on = max(date(today.year, 1, 20), late.filed_on)
    case_decide(case=late, actor=actor, decided_on=min(decided_on, today), result=Result.CORRECTED)
    # A decision entered wrongly, corrected: reopened, then decided again.
    wrong = decide(register(Stream.DIRECT, start + timedelta(days=60)), Result.UPHELD, 90)
    wrong = case_reopen(
        case=wrong, actor=actor, reason="误将“驳回诉讼请求”登记为维持，应为其他结果"
    )
    decide(wrong, Result.OTHER, 90)
    # From before the platform: no application on it.
    register(
        Stream.REVIEW,
        date(today.year - 1, 3, 2),
        application_reference="2019 年纸质台账第 37 号申请（平台上线前）",
    )
    return made
