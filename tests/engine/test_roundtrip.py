"""Whatever a writer writes, the reader reads back as the same report, in every format.

For random valid reports of both editions and for the seed (a real published report): for every
format W, read_report(render(R, W)).report == R. A failure prints what differs, cell by cell.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.reports.engine import EDITION_2019, EDITION_2021, Report, read_report, render
from gongkai.reports.engine.writers import FORMATS

from .strategies import reports

EDITIONS = pytest.mark.parametrize("edition", [EDITION_2019, EDITION_2021], ids=["2019", "2021"])
FAST_FORMATS = [f for f in FORMATS if f != "pdf"]


def assert_round_trip(expected: Report, fmt: str) -> None:
    data = render(expected, fmt)
    result = read_report(data)
    assert result.format == fmt, f"{fmt} was read as {result.format}"
    got = result.report
    assert got == expected, f"{fmt} round trip differs:\n" + "\n".join(expected.differences(got))


@EDITIONS
@pytest.mark.parametrize("fmt", FAST_FORMATS)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_format_reads_back_as_the_report_it_was_written_from(fmt, edition, data):
    assert_round_trip(data.draw(reports(edition), label="report"), fmt)


@EDITIONS
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_pdf_reads_back_as_the_report_it_was_written_from(edition, data):
    assert_round_trip(data.draw(reports(edition), label="report"), "pdf")


@pytest.fixture(scope="module")
def seed(seed_report) -> Report:
    """The seed report as read from its text; the suite fails, never skips, without it."""
    report = read_report(seed_report.read_bytes()).report
    # A sanity check that the round trips below start from the real report, not an empty one.
    assert (report.edition, report.agency, report.year) == (
        EDITION_2019,
        "黑龙江省知识产权局",
        2020,
    )
    return report


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_seed_reads_back_as_itself_in_every_format(seed, fmt):
    assert_round_trip(seed, fmt)
