"""A report in a mixed layout (table 三 with the other edition's （六） rows) is read and checked
as it is, but the platform keeps every report in the cells of the edition in force: importing
one is refused with a reason that names table 三's （六） rows, and nothing is kept."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.core.errors import DomainError
from gongkai.reports.annual.imports import annual_report_import
from gongkai.reports.engine import EDITION_2019, EDITION_2021, render
from gongkai.reports.engine.model import mixed_edition
from gongkai.reports.models import AnnualReport
from tests.engine.test_wild_layouts import known_report


@pytest.mark.parametrize(
    "base, rows_of, year", [(EDITION_2021, "2019", 2023), (EDITION_2019, "2021", 2020)]
)
def test_a_mixed_report_is_refused_naming_the_rows_of_table_three(office, base, rows_of, year):
    report = known_report(mixed_edition(base, rows_of), year)
    with pytest.raises(DomainError) as refused:
        annual_report_import(
            agency=office.agency,
            data=render(report, "txt"),
            filename=f"{year}.txt",
            published_on=date(year + 1, 1, 20),
            actor=office.clerk,
        )
    assert refused.value.field == "file"
    assert str(refused.value) == (
        f"{year} 年度报告表三第（六）项应按{base.name}的行填写，文件按 {rows_of} 年版填写，"
        "平台无法按法定格式保存，不能导入；报告检查页可按表中实有的行检查它"
    )
    assert not AnnualReport.objects.exists()


def test_the_same_report_in_the_edition_in_force_is_imported(office):
    annual = annual_report_import(
        agency=office.agency,
        data=render(known_report(EDITION_2021, 2023), "txt"),
        filename="2023.txt",
        published_on=date(2024, 1, 20),
        actor=office.clerk,
    )
    assert (annual.year, annual.versions.get().edition) == (2023, "2021")
