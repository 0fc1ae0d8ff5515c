"""The provincial office's pages of a year: the agencies and their reports, the province's sum,
the agencies behind one cell of the sum, and the year's matrix as CSV or XLSX.

For the provincial office (``Role.PROVINCE``) and platform admins, who pick the office
(``?office=CODE``; the only one when there is one); everyone else is refused with a reason (403).
A year outside ``report_years()`` or a cell the edition does not have is a 404 that says why.
The list is two queries; the sum, the cell and the exports five or six (compile.py), however
many agencies.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from gongkai.agencies.models import Agency
from gongkai.core.views import staff_view
from gongkai.reports.annual.deadlines import BASIS_49, DEADLINES, TOWNSHIP_NOTE
from gongkai.reports.engine.editions import SECTION_TITLES, Edition
from gongkai.reports.engine.model import Report
from gongkai.reports.engine.writers.layout import table2_grid, table3_grid, table4_grid
from gongkai.reports.province import export
from gongkai.reports.province.compile import ProvinceYear, as_text, province_year
from gongkai.reports.province.offices import (
    ChooseOffice,
    refuse_unless_provincial,
    uploadable_agencies,
)
from gongkai.reports.province.pages import (
    OFFICE_PARAM,
    NotFound,
    cell_at,
    cell_index,
    choose,
    edition_of,
    not_found,
    office_of,
    page_rows,
    records_cell_url,
    report_page_url,
    with_office,
    year_links,
)
from gongkai.reports.province.statuses import Source, Status, agency_years

View = Callable[[HttpRequest, int, Agency, Edition], HttpResponse]
GRIDS = {"二": table2_grid, "三": table3_grid, "四": table4_grid}


def province_page(url_name: str) -> Callable[[View], Callable[..., HttpResponse]]:
    """Login, the provincial role (403), the year (404), the office (chosen, or 404)."""

    def decorate(view: View) -> Callable[..., HttpResponse]:
        @staff_view
        @require_GET
        @wraps(view)
        def wrapped(request: HttpRequest, year: int) -> HttpResponse:
            refuse_unless_provincial(request.user)
            try:
                edition = edition_of(year)
                office = office_of(request)
            except NotFound as exc:
                return not_found(request, year, exc)
            except ChooseOffice as exc:
                return choose(request, year, exc, url_name)
            return view(request, year, office, edition)

        return wrapped

    return decorate


@staff_view
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The last complete year (the one whose reports are due this spring)."""
    refuse_unless_provincial(request.user)
    url = reverse("province:year", args=[timezone.localdate().year - 1])
    office = request.GET.get(OFFICE_PARAM, "")
    return redirect(f"{url}?{urlencode({OFFICE_PARAM: office})}" if office else url)


def _context(office: Agency, year: int, edition: Edition, name: str) -> dict:
    return {
        "office": office,
        "year": year,
        "edition": edition,
        "years": year_links(name, office, year),
        "urls": {
            page: with_office(reverse(f"province:{page}", args=[year]), office)
            for page in ("year", "total", "export_csv", "export_xlsx", "upload")
        },
    }


@province_page("province:year")
def year_list(request: HttpRequest, year: int, office: Agency, edition: Edition) -> HttpResponse:
    agencies = agency_years(office, year)
    counts = {status: 0 for status in Status}
    for agency in agencies:
        counts[agency.status] += 1
    context = _context(office, year, edition, "province:year")
    context.update(
        agencies=agencies,
        counts=[(status.label, counts[status]) for status in Status],
        may_upload=uploadable_agencies(request.user, office).exists(),
        deadlines=[(d.kind, d.due(year), d.basis) for d in DEADLINES.values()],
        basis=BASIS_49,
        township_note=TOWNSHIP_NOTE,
    )
    return render(request, "province/year.html", context)


def _total_report(compiled: ProvinceYear) -> Report:
    report = Report(edition=compiled.edition, agency=compiled.office.name, year=compiled.year)
    total = compiled.total
    for key in compiled.edition.cell_keys():
        report.set(key, total.text(key))
    return report


@province_page("province:total")
def total(request: HttpRequest, year: int, office: Agency, edition: Edition) -> HttpResponse:
    compiled = province_year(office, year)
    report = _total_report(compiled)
    index = cell_index(edition)
    base = reverse("province:cell", args=[year])

    def url_of(key) -> str:
        return with_office(base, office, cell=index[key])

    tables = [
        (f"{number}、{SECTION_TITLES[number]}", number, page_rows(GRIDS[number](report), url_of))
        for number in ("二", "三", "四")
    ]
    context = _context(office, year, edition, "province:total")
    context.update(
        tables=tables,
        published=compiled.of_source(Source.PUBLISHED),
        provisional=compiled.of_source(Source.PROVISIONAL),
        without=compiled.without_figures,
        problems=[
            (a, compiled.problems[a.pk]) for a in compiled.agencies if a.pk in compiled.problems
        ],
        left_out=[
            (item, edition.cell_name(item.key), report_page_url(item.agency, year, index[item.key]))
            for item in compiled.total.left_out
        ],
    )
    return render(request, "province/total.html", context)


@province_page("province:cell")
def cell(request: HttpRequest, year: int, office: Agency, edition: Edition) -> HttpResponse:
    try:
        n, key = cell_at(edition, request.GET.get("cell", ""))
    except NotFound as exc:
        return not_found(request, year, exc)
    compiled = province_year(office, year)
    rows = []
    for agency in compiled.agencies:
        value = compiled.value(agency, key)
        if value is None:
            continue
        figures = compiled.figures[agency.pk]
        report_url = report_page_url(agency, year, n) if agency.published else ""
        records_url = "" if agency.from_file else records_cell_url(agency, year, edition, key)
        rows.append(
            {
                "agency": agency,
                "value": as_text(value),
                "omitted": key.section in figures.omitted,
                "source": figures.source,
                "url": report_url if agency.from_file else records_url,
                "report_url": report_url,
            }
        )
    context = _context(office, year, edition, "province:total")
    context.update(
        cell_name=edition.cell_name(key),
        key=key,
        total=compiled.total.text(key),
        rows=rows,
        left_out=[i for i in compiled.total.left_out if i.key == key],
        without=compiled.without_figures,
        problems=[a for a in compiled.agencies if a.pk in compiled.problems],
    )
    return render(request, "province/cell.html", context)


def _download(office: Agency, year: int, fmt: str) -> HttpResponse:
    compiled = province_year(office, year)
    renderer, media_type = export.RENDERERS[fmt]
    response = HttpResponse(renderer(compiled), content_type=media_type)
    name = export.file_name(compiled, fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@province_page("province:export_csv")
def export_csv(request: HttpRequest, year: int, office: Agency, edition: Edition) -> HttpResponse:
    return _download(office, year, "csv")


@province_page("province:export_xlsx")
def export_xlsx(request: HttpRequest, year: int, office: Agency, edition: Edition) -> HttpResponse:
    return _download(office, year, "xlsx")
