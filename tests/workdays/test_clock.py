from __future__ import annotations

from datetime import date

import pytest

from gongkai.workdays.calendar import WorkCalendar
from gongkai.workdays.clock import (
    CONSULTATION_ENDED,
    CONSULTATION_STARTED,
    CORRECTION_RECEIVED,
    CORRECTION_REQUESTED,
    CUSTOM_DEADLINE,
    EXTENSION_APPROVED,
    FEE_NOTICE_SENT,
    FEE_PAID,
    RECEIVED,
    ClockError,
    ClockEvent,
    Convention,
    correction_notice_deadline,
    fee_payment_deadline,
    reply_deadline,
)
from tests.workdays.data import SEEDED, TABLE


def received(on: date) -> ClockEvent:
    return ClockEvent(RECEIVED, on)


def consultation(start: date, end: date | None = None) -> list[ClockEvent]:
    events = [ClockEvent(CONSULTATION_STARTED, start)]
    if end is not None:
        events.append(ClockEvent(CONSULTATION_ENDED, end))
    return events


@pytest.mark.parametrize(("on", "due", "extended", "correction_due"), TABLE)
def test_the_required_table_holds_on_the_seeded_calendar(
    on: date, due: date, extended: date, correction_due: date
) -> None:
    plain = reply_deadline([received(on)], SEEDED)
    assert (plain.due, plain.provisional, plain.base) == (due, False, on)
    longer = reply_deadline([received(on), ClockEvent(EXTENSION_APPROVED, on, days=20)], SEEDED)
    assert longer.due == extended
    assert correction_notice_deadline(on, SEEDED).due == correction_due


def test_a_consultation_is_not_counted() -> None:
    on = date(2026, 3, 2)
    assert reply_deadline([received(on)], SEEDED).due == date(2026, 3, 30)
    deadline = reply_deadline(
        [received(on), *consultation(date(2026, 3, 10), date(2026, 3, 20))], SEEDED
    )
    assert deadline.due == date(2026, 4, 10)
    assert deadline.paused == ((date(2026, 3, 11), date(2026, 3, 20)),)
    assert deadline.explanation == (
        "20 个工作日，自 2026-03-02 起算（收到申请之日，当日不计入）；"
        "征求意见 2026-03-11 至 2026-03-20 不计入"
    )


def test_the_explanation_names_the_extension() -> None:
    on = date(2026, 3, 2)
    deadline = reply_deadline(
        [received(on), ClockEvent(EXTENSION_APPROVED, date(2026, 3, 25), days=20)], SEEDED
    )
    assert deadline.explanation.endswith("；延期 20 个工作日（2026-03-25 批准）")


def test_a_deadline_running_into_an_unloaded_year_is_provisional_until_the_year_is_loaded() -> None:
    events = [received(date(2026, 12, 15))]
    before = reply_deadline(events, SEEDED)
    assert (before.due, before.provisional) == (date(2027, 1, 12), True)
    assert before.explanation.endswith("（2027 年节假日未载入，暂按周末计算）")
    loaded = SEEDED.with_year(2027, holidays=[date(2027, 1, 1)])
    after = reply_deadline(events, loaded)
    assert (after.due, after.provisional) == (date(2027, 1, 13), False)
    assert "未载入" not in after.explanation


def test_a_correction_restarts_the_clock_from_its_receipt() -> None:
    events = [
        received(date(2026, 3, 2)),
        ClockEvent(CORRECTION_REQUESTED, date(2026, 3, 4)),
        ClockEvent(CORRECTION_RECEIVED, date(2026, 3, 16)),
    ]
    deadline = reply_deadline(events, SEEDED)
    assert deadline.base == date(2026, 3, 16)
    assert deadline.due == SEEDED.add_workdays(date(2026, 3, 16), 20) == date(2026, 4, 14)
    assert "收到补正之日" in deadline.explanation


def test_the_clock_waits_while_a_correction_is_outstanding() -> None:
    events = [received(date(2026, 3, 2)), ClockEvent(CORRECTION_REQUESTED, date(2026, 3, 4))]
    deadline = reply_deadline(events, SEEDED)
    assert deadline.due is None
    assert deadline.explanation.startswith("等待申请人补正")


def test_the_latest_correction_wins() -> None:
    events = [
        received(date(2026, 3, 2)),
        ClockEvent(CORRECTION_REQUESTED, date(2026, 3, 3)),
        ClockEvent(CORRECTION_RECEIVED, date(2026, 3, 5)),
        ClockEvent(CORRECTION_REQUESTED, date(2026, 3, 9)),
        ClockEvent(CORRECTION_RECEIVED, date(2026, 3, 12)),
    ]
    assert reply_deadline(events, SEEDED).base == date(2026, 3, 12)


def test_events_on_the_same_day_are_ordered_by_kind_not_by_input_order() -> None:
    events = [
        ClockEvent(CORRECTION_RECEIVED, date(2026, 3, 4)),
        ClockEvent(CORRECTION_REQUESTED, date(2026, 3, 4)),
        received(date(2026, 3, 2)),
    ]
    assert reply_deadline(events, SEEDED).base == date(2026, 3, 4)


def test_an_open_consultation_leaves_the_deadline_open() -> None:
    events = [received(date(2026, 3, 2)), *consultation(date(2026, 3, 10))]
    deadline = reply_deadline(events, SEEDED)
    assert deadline.due is None
    assert "等待第三方或其他机关意见（自 2026-03-10 起征求意见）" in deadline.explanation


def test_an_open_consultation_notes_when_the_15_day_answer_period_is_over() -> None:
    events = [received(date(2026, 3, 2)), *consultation(date(2026, 3, 10))]
    assert "届满" not in reply_deadline(events, SEEDED, today=date(2026, 3, 31)).explanation
    late = reply_deadline(events, SEEDED, today=date(2026, 4, 1))
    assert "15 个工作日的答复期已于 2026-03-31 届满" in late.explanation


def test_a_consultation_started_after_the_deadline_does_not_move_it() -> None:
    events = [received(date(2026, 3, 2)), *consultation(date(2026, 4, 1))]
    assert reply_deadline(events, SEEDED).due == date(2026, 3, 30)


def test_overlapping_consultations_pause_until_the_last_one_ends() -> None:
    events = [
        received(date(2026, 3, 2)),
        *consultation(date(2026, 3, 10), date(2026, 3, 13)),
        *consultation(date(2026, 3, 12), date(2026, 3, 20)),
    ]
    deadline = reply_deadline(events, SEEDED)
    assert deadline.due == date(2026, 4, 10)
    assert deadline.paused == ((date(2026, 3, 11), date(2026, 3, 20)),)


def test_a_fee_notice_pauses_the_clock_only_under_that_convention() -> None:
    events = [
        received(date(2026, 3, 2)),
        ClockEvent(FEE_NOTICE_SENT, date(2026, 3, 10)),
        ClockEvent(FEE_PAID, date(2026, 3, 20)),
    ]
    assert reply_deadline(events, SEEDED).due == date(2026, 3, 30)
    pausing = Convention(fee_pauses_clock=True)
    deadline = reply_deadline(events, SEEDED, pausing)
    assert deadline.due == date(2026, 4, 10)
    assert "收费通知至缴费 2026-03-11 至 2026-03-20 不计入" in deadline.explanation
    unpaid = reply_deadline(events[:2], SEEDED, pausing)
    assert unpaid.due is None
    assert "等待申请人缴纳信息处理费" in unpaid.explanation


def test_counting_the_receipt_day_moves_the_deadline_one_working_day_earlier() -> None:
    counting = Convention(count_receipt_day=True)
    deadline = reply_deadline([received(date(2026, 3, 2))], SEEDED, counting)
    assert deadline.due == date(2026, 3, 27)
    assert "当日计入" in deadline.explanation
    # Received on a Saturday: the receipt day is no working day, so nothing changes.
    saturday = date(2026, 3, 7)
    assert (
        reply_deadline([received(saturday)], SEEDED, counting).due
        == reply_deadline([received(saturday)], SEEDED).due
    )


def test_a_custom_deadline_overrides_the_statutory_one_with_its_reason() -> None:
    events = [
        received(date(2026, 3, 2)),
        ClockEvent(
            CUSTOM_DEADLINE, date(2026, 3, 20), until=date(2026, 5, 29), reason="申请数量巨大"
        ),
    ]
    deadline = reply_deadline(events, SEEDED)
    assert (deadline.due, deadline.provisional) == (date(2026, 5, 29), False)
    assert "条例第三十五条" in deadline.explanation
    assert "申请数量巨大" in deadline.explanation


def test_a_second_extension_is_refused() -> None:
    events = [
        received(date(2026, 3, 2)),
        ClockEvent(EXTENSION_APPROVED, date(2026, 3, 20), days=10),
        ClockEvent(EXTENSION_APPROVED, date(2026, 3, 25), days=10),
    ]
    with pytest.raises(ClockError) as error:
        reply_deadline(events, SEEDED)
    assert str(error.value) == (
        "答复期限只能延长一次（条例第三十三条）：已于 2026-03-20 批准延期，2026-03-25 不能再次延期"
    )


def test_an_extension_over_20_working_days_is_refused() -> None:
    events = [
        received(date(2026, 3, 2)),
        ClockEvent(EXTENSION_APPROVED, date(2026, 3, 20), days=21),
    ]
    with pytest.raises(ClockError) as error:
        reply_deadline(events, SEEDED)
    assert str(error.value) == "延长的期限最长不得超过 20 个工作日（条例第三十三条），实为 21 个"


def test_an_extension_without_a_number_takes_the_maximum() -> None:
    events = [received(date(2026, 3, 2)), ClockEvent(EXTENSION_APPROVED, date(2026, 3, 20))]
    assert reply_deadline(events, SEEDED).due == SEEDED.add_workdays(date(2026, 3, 30), 20)


def test_a_late_extension_is_pointed_out() -> None:
    events = [received(date(2026, 3, 2)), ClockEvent(EXTENSION_APPROVED, date(2026, 3, 31), days=5)]
    assert (
        "注意：延期批准日 2026-03-31 晚于原答复期限 2026-03-30"
        in reply_deadline(events, SEEDED).explanation
    )


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([], "缺少“收到申请”事件"),
        ([received(date(2026, 3, 2)), received(date(2026, 3, 3))], "“收到申请”只能有一次"),
        (
            [received(date(2026, 3, 2)), ClockEvent("reply_sent", date(2026, 3, 3))],
            "未知的时钟事件类型",
        ),
        (
            [received(date(2026, 3, 2)), ClockEvent(CORRECTION_RECEIVED, date(2026, 3, 1))],
            "“收到补正”的日期 2026-03-01 早于收到申请日期 2026-03-02",
        ),
        (
            [received(date(2026, 3, 2)), ClockEvent(CONSULTATION_ENDED, date(2026, 3, 5))],
            "此前没有对应的开始",
        ),
        (
            [received(date(2026, 3, 2)), ClockEvent(EXTENSION_APPROVED, date(2026, 3, 5), days=0)],
            "至少为 1 个工作日",
        ),
        (
            [
                received(date(2026, 3, 2)),
                ClockEvent(CUSTOM_DEADLINE, date(2026, 3, 5), until=date(2026, 6, 1)),
            ],
            "必须写明理由",
        ),
        (
            [
                received(date(2026, 3, 2)),
                ClockEvent(CUSTOM_DEADLINE, date(2026, 3, 5), reason="多"),
            ],
            "缺少截止日期",
        ),
    ],
)
def test_impossible_events_raise_a_clock_error_in_chinese(
    events: list[ClockEvent], message: str
) -> None:
    with pytest.raises(ClockError, match=message):
        reply_deadline(events, SEEDED)


def test_the_correction_notice_window_is_7_working_days() -> None:
    deadline = correction_notice_deadline(date(2025, 9, 26), SEEDED)
    assert deadline.due == date(2025, 10, 13)
    assert deadline.explanation.startswith("补正告知期限 7 个工作日")


def test_the_fee_payment_window_is_20_working_days_from_the_day_after_the_notice() -> None:
    deadline = fee_payment_deadline(date(2026, 3, 2), SEEDED)
    assert deadline.due == date(2026, 3, 30)
    # The receipt-day convention does not apply: the rule says "the day after the notice".
    assert fee_payment_deadline(
        date(2026, 3, 2), SEEDED, Convention(count_receipt_day=True)
    ).due == (date(2026, 3, 30))
    assert fee_payment_deadline(date(2026, 12, 15), SEEDED).provisional


def test_an_empty_calendar_counts_weekends_only_and_marks_everything_provisional() -> None:
    deadline = reply_deadline([received(date(2026, 9, 25))], WorkCalendar())
    assert (deadline.due, deadline.provisional) == (date(2026, 10, 23), True)
