"""A plain XLSX workbook of many rows, written directly as its XML parts.

openpyxl (writers/xlsx.py, for the one-report workbook with its merged layout) builds a cell
object per value, about 15 µs each: a province's summary of 1,000 reports holds over a million
cells, which would take longer to write than to check the reports. Rows of text and numbers need
none of that: each string goes once into the shared-strings table (file names and the
contract's labels repeat on every line) and each cell is one short XML element.

Strings are always stored as shared strings, so none is ever a formula; the header row is bold
and frozen.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from xml.sax.saxutils import escape

from gongkai.documents.xml_text import xml_text

Value = str | int | float | None

_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
_MAX_SHEET_NAME = 31

_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
_OFFICE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Types xmlns="{_PACKAGE}/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_OFFICE}.sheet.main+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_OFFICE}.styles+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_OFFICE}.sharedStrings+xml"/>'
    "{sheets}</Types>"
)
_SHEET_TYPE = (
    f'<Override PartName="/xl/worksheets/sheet{{n}}.xml" ContentType="{_OFFICE}.worksheet+xml"/>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{_PACKAGE}/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{_MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="宋体"/></font>'
    '<font><b/><sz val="11"/><name val="宋体"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_FROZEN_HEADER = (
    '<sheetViews><sheetView workbookViewId="0">'
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    "</sheetView></sheetViews>"
)


class _Strings:
    """The shared-strings table: each distinct string once, cells point at it by index.

    A cell's XML is kept per distinct value too: most values repeat, and are then one lookup.
    """

    def __init__(self, text: Callable[[str], str]) -> None:
        self.text = text
        self.index: dict[str, int] = {}
        self.cells: dict[str, str] = {}
        self.uses = 0

    def cell(self, value: str) -> str:
        self.uses += 1
        xml = self.cells.get(value)
        if xml is None:
            stored = self.text(value)
            number = self.index.get(stored)
            if number is None:
                number = self.index[stored] = len(self.index)
            xml = self.cells[value] = f'<c t="s"><v>{number}</v></c>'
        return xml

    def xml(self) -> str:
        items = "".join(
            f'<si><t xml:space="preserve">{escape(xml_text(text))}</t></si>' for text in self.index
        )
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<sst xmlns="{_MAIN}" count="{self.uses}" uniqueCount="{len(self.index)}">'
            f"{items}</sst>"
        )


def workbook(
    sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Value]]]],
    text: Callable[[str], str] = str,
) -> bytes:
    """An XLSX of ``(title, header, rows)`` sheets; None and "" are empty cells, and every
    other string is stored as ``text`` makes it (e.g. spreadsheet-safe)."""
    strings = _Strings(text)
    parts = [_sheet_xml(header, rows, strings) for _, header, rows in sheets]
    titles = [_sheet_name(title) for title, _, _ in sheets]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        count = len(parts)
        types = "".join(_SHEET_TYPE.format(n=n) for n in range(1, count + 1))
        book.writestr("[Content_Types].xml", _CONTENT_TYPES.format(sheets=types))
        book.writestr("_rels/.rels", _ROOT_RELS)
        book.writestr("xl/workbook.xml", _workbook_xml(titles))
        book.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(count))
        book.writestr("xl/styles.xml", _STYLES)
        for n, xml in enumerate(parts, 1):
            book.writestr(f"xl/worksheets/sheet{n}.xml", xml)
        book.writestr("xl/sharedStrings.xml", strings.xml())
    return out.getvalue()


def _sheet_xml(header: Sequence[str], rows: Iterable[Sequence[Value]], strings: _Strings) -> str:
    bold = "".join(f'<c t="inlineStr" s="1"><is><t>{escape(h)}</t></is></c>' for h in header)
    lines = [f"<row>{bold}</row>"]
    cell = strings.cell
    for row in rows:
        lines.append("<row>")
        for value in row:
            if value is None or value == "":
                lines.append("<c/>")
            elif isinstance(value, str):
                lines.append(cell(value))
            else:
                lines.append(f"<c><v>{value}</v></c>")
        lines.append("</row>")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">{_FROZEN_HEADER}'
        f"<sheetData>{''.join(lines)}</sheetData></worksheet>"
    )


def _workbook_xml(titles: list[str]) -> str:
    sheets = "".join(
        f'<sheet name="{escape(title, {chr(34): "&quot;"})}" sheetId="{n}" r:id="rId{n}"/>'
        for n, title in enumerate(titles, 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{sheets}</sheets></workbook>'
    )


def _workbook_rels(count: int) -> str:
    sheet = f"{_REL}/worksheet"
    rels = [
        f'<Relationship Id="rId{n}" Type="{sheet}" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, count + 1)
    ]
    rels.append(
        f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId{count + 2}" Type="{_REL}/sharedStrings" '
        'Target="sharedStrings.xml"/>'
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_PACKAGE}/relationships">'
        f"{''.join(rels)}</Relationships>"
    )


def _sheet_name(title: str) -> str:
    return _SHEET_NAME_BAD.sub("_", title)[:_MAX_SHEET_NAME] or "Sheet"
