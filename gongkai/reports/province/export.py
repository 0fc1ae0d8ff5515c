"""The province's year as a matrix (agency × cell), in CSV and XLSX. Keep the CSV stable.

CSV — UTF-8 (no BOM), comma-separated, quoted where needed, "\\n" line ends, the header exactly

    agency,section,block,row,column,value

- agency: the agency's **code** (``Agency.code``: unique, stable, ASCII, what the CLI and the URLs
  use; names change and can repeat); the name is in the agency's ``meta`` row ``agency``;
- section, block, row, column, value: as in the cell contract (engine/writers/contract.py) — the
  section 二/三/四, the table-二 heading, the official row and column labels joined with " / ",
  the value as written ("0", "-3", "251000元", "/", "" for blank).

For each agency with figures, in code order: first its ``meta`` rows (section ``meta``, the name in
``row``, ``block`` and ``column`` empty), as the contract's own metadata rows —

- ``edition`` (2019 or 2021), ``agency`` (the name), ``year``;
- ``figures``: ``published`` (the latest published version's cells) or ``provisional`` (computed
  now from the agency's records: not yet published, may change);
- ``status``: missing, draft, submitted, published or late (Art. 49, ``annual.deadlines``);
- ``origin``: platform, imported or uploaded (empty without a report); ``published_on``: the first
  publication's date (ISO), empty when unpublished;
- ``omitted``: the sections the figures leave out, comma-separated (only when there are some;
  their cells are blank);

then one line per cell of the year's edition, in ``edition.cell_keys()`` order. An agency without
figures (not on the platform, no report uploaded) has no lines. A consumer that wants the cells
only keeps the lines whose section is 二, 三 or 四.

XLSX — the same lines on the sheet 明细 (header first); the sheet 机关 lists every agency under the
office with its status; the sheet 合计 holds the province's sum per cell (section … value), and
the values the sum left out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.utils.translation import gettext as _

from gongkai.reports.engine.batch.spreadsheet import spreadsheet_safe
from gongkai.reports.engine.writers.contract import OMITTED_SEPARATOR
from gongkai.reports.province.compile import ProvinceYear, as_text
from gongkai.reports.province.statuses import AgencyYear

COLUMNS = ("agency", "section", "block", "row", "column", "value")
META = "meta"
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _meta(agency: AgencyYear, name: str, value: str) -> tuple[str, ...]:
    return (agency.code, META, "", name, "", value)


def matrix_rows(year: ProvinceYear) -> Iterator[tuple[str, ...]]:
    """Every line after the header, in order, spreadsheet-safe."""
    for line in _matrix_lines(year):
        yield tuple(spreadsheet_safe(value) for value in line)


def _matrix_lines(year: ProvinceYear) -> Iterator[tuple[str, ...]]:
    for agency, cells in year.matrix():
        figures = year.figures[agency.pk]
        yield _meta(agency, "edition", year.edition.key)
        yield _meta(agency, "agency", agency.name)
        yield _meta(agency, "year", str(year.year))
        yield _meta(agency, "figures", figures.source.value)
        yield _meta(agency, "status", agency.status.value)
        yield _meta(agency, "origin", agency.origin)
        published = agency.first_published_on
        yield _meta(agency, "published_on", published.isoformat() if published else "")
        if figures.omitted:
            sections = [n for n in "一二三四五六" if n in figures.omitted]
            yield _meta(agency, "omitted", OMITTED_SEPARATOR.join(sections))
        for key, value in cells.items():
            yield (agency.code, key.section, key.block, key.row, key.column, as_text(value))


def render_csv(year: ProvinceYear) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(matrix_rows(year))
    return out.getvalue().encode("utf-8")


def render_xlsx(year: ProvinceYear) -> bytes:
    from openpyxl import Workbook  # imported on use: the CSV needs none of it

    book = Workbook(write_only=True)
    detail = book.create_sheet(_("明细"))
    detail.append(COLUMNS)
    for line in matrix_rows(year):
        detail.append(line)
    agencies = book.create_sheet(_("机关"))
    agencies.append(
        [
            _("机关代码"),
            _("机关名称"),
            _("状态"),
            _("数据来源"),
            _("来源"),
            _("公开日期"),
            _("法定期限"),
            _("错误"),
            _("警告"),
        ]
    )
    for agency in year.agencies:
        figures = year.figures.get(agency.pk)
        agencies.append(
            [
                agency.code,
                agency.name,
                agency.status_label,
                str(figures.source.label) if figures else str(_("无数据")),
                agency.origin_label,
                agency.first_published_on,
                agency.due,
                agency.errors if agency.published else None,
                agency.warnings if agency.published else None,
            ]
        )
    total = year.total
    sums = book.create_sheet(_("合计"))
    sums.append(COLUMNS[1:])
    for key in year.edition.cell_keys():
        sums.append([key.section, key.block, key.row, key.column, total.text(key)])
    if total.left_out:
        sums.append([])
        sums.append([_("未计入合计的数值"), _("机关代码"), _("单元格"), _("数值"), _("原因")])
        for item in total.left_out:
            sums.append(
                ["", item.agency.code, year.edition.cell_name(item.key), item.text, item.reason]
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


RENDERERS = {"csv": (render_csv, CSV_MEDIA_TYPE), "xlsx": (render_xlsx, XLSX_MEDIA_TYPE)}


def file_name(year: ProvinceYear, fmt: str) -> str:
    return f"{year.office.code}-{year.year}-province.{fmt}"
