"""The annual report computed from the records: tables 二, 三 and 四, one contributor each; the
narrative is left out (``Report.omitted``) unless given, so the checker reads nothing there.

Table 二's input cells that were never entered stay blank: the checker reads a blank table-二
cell as no value (it asks nothing of table 二 alone), and the staff page names them as missing.
"""

from __future__ import annotations

from collections.abc import Mapping

from gongkai.agencies.models import Agency
from gongkai.reports.compute.table2 import table2_cells
from gongkai.reports.compute.table3 import table3_counts
from gongkai.reports.compute.table4 import table4_counts
from gongkai.reports.engine.editions import NARRATIVE_SECTIONS, edition_for_year
from gongkai.reports.engine.model import Report

# The sections a computed report leaves out when no narrative is given (every table has its
# contributor, so no table is ever left out).
OMITTED = frozenset(NARRATIVE_SECTIONS)


def report_compute(
    agency: Agency, year: int, *, sections: Mapping[str, str] | None = None
) -> Report:
    """The annual report with its tables from the records. With ``sections`` (一、五、六) it is
    the whole report as it will be published; without, the narrative is left out."""
    edition = edition_for_year(year)
    narrative = {n: sections.get(n, "") for n in NARRATIVE_SECTIONS} if sections is not None else {}
    omitted = frozenset() if sections is not None else OMITTED
    report = Report(
        edition=edition, agency=agency.name, year=year, sections=narrative, omitted=omitted
    )
    for key, value in table2_cells(agency, year).items():
        report.set(key, value)
    for key, n in (*table3_counts(agency, year).items(), *table4_counts(agency, year).items()):
        report.set(key, n)
    return report
