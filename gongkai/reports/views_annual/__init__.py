"""Staff pages of the annual report: an agency's years, one year's report (its tables as they
will be published, the gate, the narrative, the review chain, the events, the published
versions), the writes (POST only) and the downloads of the published versions.

The same access as the table pages (views_records): whoever reads the agency reads every page,
for anyone else the agency does not exist (404); a write the user may not make is a 403 that
says why, a write the service refuses is the page again with the reason at its field (422).
"""

from __future__ import annotations

from gongkai.reports.views_annual.files import version_file
from gongkai.reports.views_annual.pages import report_detail, report_list
from gongkai.reports.views_annual.writes import (
    report_acknowledge,
    report_edit,
    report_import,
    report_open,
    report_step,
)

__all__ = [
    "report_acknowledge",
    "report_detail",
    "report_edit",
    "report_import",
    "report_list",
    "report_open",
    "report_step",
    "version_file",
]
