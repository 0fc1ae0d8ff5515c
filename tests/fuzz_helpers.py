"""Shared pieces of the staff-form fuzz tests: hostile values, form data drawn from a form's own
fields, a savepoint per example, and the checks every answer must pass.

A form's data is drawn from its fields: each field gets a valid value (so that most examples
reach the services, not only the form's own checks), and a few fields chosen at random get a
hostile one instead — NUL and control characters, full-width and Arabic-Indic digits, bidi
marks, a script tag, a very long string, an odd date, a huge or negative number, a choice that
is not offered — or are left out altogether.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import HttpResponse
from django.utils.html import escape
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
XSS = "<script>x</script>"
# Characters that break naive code, and the ASCII a real value has.
ODD = st.sampled_from(
    ["\x00", "\x1f", "\x7f", "\u200f", "\u202e", "\ufeff", "１", "９", "٣", "۷", "－", "　"]
    + ["%", "<", "'", '"', "&", "{", "}", "{{", "%(x)s", "\\", "\r\n", "\t", "😀", "𠀀"]
)
# st.characters(codec="utf-8") leaves out lone surrogates, which no HTTP body can carry.
ANY_TEXT = st.lists(st.one_of(ODD, st.characters(codec="utf-8")), max_size=60).map("".join)
LONG = st.builds(
    lambda unit, n: unit * n,
    st.sampled_from(["张", "a", "1", " ", "\x00", XSS]),
    st.sampled_from([201, 1001, 5001, 20_000]),
)
TEXT = st.one_of(ANY_TEXT, st.just(XSS), ANY_TEXT.map(lambda t: t + XSS), LONG, st.just(""))
ODD_DATES = st.sampled_from(
    ["", " ", "2025-02-30", "2025-13-01", "0000-01-01", "0001-01-01", "1900-01-01"]
    + ["9999-12-31", "10000-01-01", "２０２５-０１-０２", "٢٠٢٥-٠١-٠٢", "2025-1-2"]
    + ["2025/01/02", "-1-01-01", "2025-01-02\x00", "20250102", "2025-01-02T00:00", "今天"]
)
DATES = st.one_of(ODD_DATES, st.dates().map(date.isoformat), TEXT)
NUMBERS = st.one_of(
    st.sampled_from(["-1", "0", "-0", "1e9", "1.5", "NaN", "inf", " 5 ", "１２", "٣", "5\x00"]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    TEXT,
)
FILE_NAMES = st.sampled_from(
    ["a.csv", "a.xlsx", "a.CSV", "a.txt", "a.pdf", "a.docx", "a.zip", "a.html", "a.json"]
    + ["noext", "a.csv.exe", "../../a.csv", "名单.xlsx", "a\x00.csv", "x" * 250 + ".csv"]
)
XLSXISH = st.binary(max_size=2000).map(lambda b: b"PK\x03\x04" + b)


def zip_of(members: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in dict(members).items():  # one member per name
            archive.writestr(name, content)
    return out.getvalue()


ZIPS = st.lists(st.tuples(FILE_NAMES, st.binary(max_size=500)), max_size=4).map(zip_of)
FILE_BYTES = st.one_of(st.binary(max_size=3000), XLSXISH, ZIPS, TEXT.map(str.encode))
UPLOADS = st.builds(SimpleUploadedFile, FILE_NAMES, FILE_BYTES)
OMIT = object()  # a field left out of the request


def _choice_values(field: forms.ChoiceField) -> list[str]:
    if isinstance(field, forms.ModelChoiceField):
        key = field.to_field_name or "pk"
        return [str(getattr(obj, key)) for obj in field.queryset[:20]]
    values = []
    for value, label in field.choices:
        if isinstance(label, list | tuple):  # a group of choices
            values += [str(v) for v, _ in label]
        elif value not in ("", None):
            values.append(str(value))
    return values


def valid_value(field: forms.Field) -> Any:
    """A value the field itself accepts (the services may still refuse it)."""
    if isinstance(field, forms.FileField):
        return SimpleUploadedFile("a.csv", "类别\n行政复议\n".encode())
    if isinstance(field, forms.ChoiceField):
        values = _choice_values(field)
        return values[0] if values else OMIT
    if isinstance(field, forms.BooleanField):
        return OMIT
    if isinstance(field, forms.DateField):
        return date.today().isoformat()
    if isinstance(field, forms.IntegerField):
        return str(field.min_value if field.min_value is not None else 1)
    if isinstance(field, forms.EmailField):
        return "someone@example.com"
    return "测试内容"


def hostile(field: forms.Field) -> st.SearchStrategy:
    """Values no one would type into ``field``, or its absence."""
    junk: st.SearchStrategy
    if isinstance(field, forms.FileField):
        junk = st.one_of(UPLOADS, st.just(SimpleUploadedFile("empty.csv", b"")))
    elif isinstance(field, forms.ChoiceField):
        offered = _choice_values(field)
        junk = st.one_of(
            st.sampled_from(offered) if offered else st.nothing(),
            st.sampled_from(["0", "-1", "99999999999999999999", "none", ""]),
            TEXT,
        )
    elif isinstance(field, forms.BooleanField):
        junk = st.sampled_from(["on", "off", "false", "0", "1", "\x00", ""])
    elif isinstance(field, forms.DateField):
        junk = DATES
    elif isinstance(field, forms.IntegerField):
        junk = NUMBERS
    else:
        junk = TEXT
    return st.one_of(st.just(OMIT), junk)


@st.composite
def form_data(
    draw: Callable,
    form: forms.BaseForm,
    *,
    valid: Mapping[str, Any] | None = None,
    only: tuple[str, ...] | None = None,
    max_mutated: int = 3,
) -> dict[str, Any]:
    """POST data for ``form``: valid values, with up to ``max_mutated`` fields made hostile.

    ``valid`` overrides the valid value of a field (OMIT leaves it out); ``only`` limits the
    fields sent (a form whose other fields do not belong in this request)."""
    names = [n for n in form.fields if only is None or n in only]
    values = {name: valid_value(form.fields[name]) for name in names}
    values.update({k: v for k, v in (valid or {}).items() if k in values})
    mutated = (
        draw(st.sets(st.sampled_from(names), max_size=min(max_mutated, len(names))))
        if names
        else set()
    )
    for name in sorted(mutated):
        values[name] = draw(hostile(form.fields[name]), label=name)
    data = {}
    for name, value in values.items():
        if value is OMIT:
            continue
        data[form.add_prefix(name)] = value
    return data


@contextmanager
def rolled_back() -> Iterator[None]:
    """One example's writes, undone after it (the test's own transaction stays open)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _forms_in(response: HttpResponse) -> list[forms.BaseForm]:
    found: list[forms.BaseForm] = []
    if response.context is None:
        return found

    def visit(value: Any, depth: int = 0) -> None:
        if isinstance(value, forms.BaseForm):
            if value.is_bound and value not in found:
                found.append(value)
        elif depth < 3 and isinstance(value, list | tuple):
            for item in value:
                visit(item, depth + 1)
        elif depth < 3 and hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                visit(getattr(value, name, None), depth + 1)

    contexts = response.context
    for context in contexts if isinstance(contexts, list) else [contexts]:
        for value in context.flatten().values():
            visit(value)
    return found


def text_of(response: HttpResponse) -> str:
    return bytes(response.content).decode("utf-8", "replace")


def sent_text(data: Mapping[str, Any]) -> str:
    return "".join(v for v in data.values() if isinstance(v, str))


def check_answer(
    response: HttpResponse,
    data: Mapping[str, Any],
    *,
    statuses: tuple[int, ...] = (200, 302, 422),
    page_without_error: bool = False,
) -> bool:
    """The answer is a page or a redirect, never a 500; a page shows its form's errors, each
    message on the page; nothing sent comes back unescaped. True when the form was accepted
    (a redirect, or a page without errors where that is an answer)."""
    assert response.status_code < 500
    event(f"status {response.status_code}")  # shown by --hypothesis-show-statistics
    assert response.status_code in statuses, (response.status_code, text_of(response)[:500])
    if response.status_code in (301, 302, 303):
        return True
    html = text_of(response)
    if XSS in sent_text(data):
        assert XSS not in html, "a submitted value came back unescaped"
    with_errors = [form for form in _forms_in(response) if form.errors]
    if not with_errors:
        if not data:  # ``request.POST or None``: an empty POST is shown the blank form
            return False
        assert page_without_error, "a form shown again without any error"
        return True
    for form in with_errors:
        for errors in form.errors.values():
            for message in errors:
                assert escape(message) in html, ("error not shown", message)
    return False


def check_followed(client, response: HttpResponse, data: Mapping[str, Any]) -> str:
    """The page a successful POST leads to: it answers and echoes nothing raw."""
    page = client.get(response["Location"])
    assert page.status_code == 200, response["Location"]
    html = text_of(page)
    if XSS in sent_text(data):
        assert XSS not in html, "a stored value is shown unescaped"
    return html
