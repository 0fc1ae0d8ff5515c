"""Whatever a stranger types or uploads, the answer is a page or a clear refusal, never a 500.

Hypothesis fills the public forms and the file readers with text no one would write: NUL bytes,
lone surrogates' replacements, full-width and Arabic-Indic digits in the identity and phone
fields, right-to-left marks, oversized values, and random bytes as files.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.applications.ledger.reading import LedgerFileError, read_table
from tests.applications.factories import make_office
from tests.applications.views_helpers import public_form_data

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Characters that break naive code: NUL and controls, full-width and Arabic-Indic digits,
# bidirectional marks, CJK, and the ASCII a real value has.
ODD = st.sampled_from(
    ["\x00", "\x1f", "\u200f", "\u202e", "\ufeff", "１", "９", "٣", "۷", "－", "　", "%", "<", "'"]
)
ODD_TEXT = st.lists(
    st.one_of(ODD, st.characters(codec="utf-8", exclude_categories=["Cs"])), max_size=300
).map("".join)
FIELDS = ("applicant_name", "id_number", "phone", "email", "address", "info_name", "description")


@pytest.fixture
def office(db):
    return make_office()


@FUZZ
@given(field=st.sampled_from(FIELDS), value=ODD_TEXT)
def test_the_public_form_answers_any_text_in_any_field_without_a_server_error(
    client, office, field, value
):
    url = reverse("applications:apply", args=[office.agency.code])
    response = client.post(url, public_form_data(**{field: value}))
    assert response.status_code in (200, 302), (field, value)
    if response.status_code == 200 and "\x00" in value:
        assert "errorlist" in response.text  # refused with a message, not silently kept


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone", "١٣٨١٢٣٤٥٦٧٨"),  # Arabic-Indic digits
        ("phone", "１３８１２３４５６７８"),  # full-width digits
        ("id_number", "٢٣٠١٠٣١٩٩٠٠١٠١١٢٣٤"),
        ("phone", "138\x0012345678"),
        ("applicant_name", "张" * 5000),
    ],
)
def test_odd_digits_nul_and_oversized_values_get_a_page_that_names_the_field_or_pass(
    client, office, field, value
):
    url = reverse("applications:apply", args=[office.agency.code])
    response = client.post(url, public_form_data(**{field: value}))
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert field in response.context["form"].errors


@FUZZ
@given(data=st.binary(min_size=1, max_size=4000), name=st.sampled_from(["a.csv", "a.xlsx"]))
def test_the_ledger_reader_refuses_random_bytes_with_its_own_message(data, name):
    try:
        read_table(data, name, max_bytes=1024**2)
    except LedgerFileError as error:
        assert str(error)  # a message for the office, nothing else escapes


@FUZZ
@given(
    data=st.one_of(st.binary(min_size=1, max_size=3000), ODD_TEXT.map(str.encode)),
    name=st.sampled_from(["r.txt", "r.html", "r.docx", "r.pdf", "r.xlsx", "r.json", "r.csv"]),
)
def test_the_public_checker_answers_random_files_with_a_page_never_a_500(client, db, data, name):
    response = client.post(reverse("reports:check"), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code in (200, 422), (name, data[:80])
