"""``field_group`` writes what Django's stock templates write, byte for byte, for every field.

gongkai.applications.forms.rendering replaces the template step of ``as_field_group`` for
speed (the public form's page); these tests hold it to Django's own output: every form of the
applications screens, unbound, bound with errors and bound with values, and a form of every
widget Django has, with markup in its labels, values and choices.
"""

from __future__ import annotations

import copy
import datetime
from unittest import mock

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.renderers import DjangoTemplates
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from gongkai.applications.forms import (
    ACTION_FORMS,
    ApplicationFilterForm,
    PublicApplicationForm,
    StaffRegistrationForm,
    TrackForm,
    action_form,
)
from gongkai.applications.forms.rendering import field_group
from gongkai.core.forms import NamedErrorsMixin, _named_errors
from tests.applications.views_helpers import public_form_data, registered


def assert_same(form: forms.BaseForm) -> None:
    assert list(form), "a form with fields"
    for bound_field in form:
        assert field_group(bound_field) == bound_field.as_field_group(), bound_field.name


_TAGS = (("a", "<b>&amp;</b>"), ("b", "B \"quoted\" 'single'"), (3, 3))


class EveryWidgetForm(forms.Form):
    required_css_class = "required"
    text = forms.CharField(label="Text <i>", help_text="help <b>markup</b> kept")
    number = forms.DecimalField(localize=True, required=False)
    integer = forms.IntegerField(required=False)
    email = forms.EmailField(required=False, widget=forms.EmailInput(attrs={"class": "x y"}))
    url = forms.URLField(required=False, assume_scheme="https")
    password = forms.CharField(required=False, widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    when = forms.DateTimeField(required=False)
    time = forms.TimeField(required=False)
    check = forms.BooleanField(required=False)
    must_check = forms.BooleanField(label="I agree?")
    textarea = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    select = forms.ChoiceField(choices=[("", "---"), *_TAGS])
    grouped = forms.ChoiceField(
        required=False, choices=[("", "-"), ("Group <1>", _TAGS), ("z", "Z")]
    )
    many = forms.MultipleChoiceField(required=False, choices=_TAGS)
    radio = forms.ChoiceField(choices=_TAGS, widget=forms.RadioSelect)
    grouped_radio = forms.ChoiceField(
        required=False, choices=[("G", _TAGS), ("z", "Z")], widget=forms.RadioSelect
    )
    boxes = forms.MultipleChoiceField(
        required=False, choices=_TAGS, widget=forms.CheckboxSelectMultiple
    )
    nullable = forms.NullBooleanField(required=False)
    upload = forms.FileField(required=False)
    clearable = forms.FileField(required=False, widget=forms.ClearableFileInput)
    own_id = forms.CharField(required=False, widget=forms.TextInput(attrs={"id": "mine"}))
    described = forms.CharField(
        required=False, help_text="x", widget=forms.TextInput(attrs={"aria-describedby": "a"})
    )
    disabled = forms.CharField(required=False, disabled=True, initial="<kept>")
    no_label = forms.CharField(required=False, label="")
    safe_label = forms.CharField(required=False, label=mark_safe("<em>safe</em>"))
    suffixed = forms.CharField(required=False, label_suffix=" →")
    # Rendered by Django itself (not stock): the comparison still holds.
    split = forms.SplitDateTimeField(required=False)
    shown_initial = forms.CharField(required=False, show_hidden_initial=True, initial="i")
    own_template = forms.CharField(required=False, template_name="django/forms/field.html")


_EVERY_VALUE = {
    "text": '<script>"x"</script>',
    "number": "1234.5",
    "integer": "not a number",
    "email": "bad",
    "url": "https://example.com/?a=1&b=2",
    "password": "p&<",
    "hidden": "h\"'",
    "date": "2025-13-01",
    "when": "2025-01-02 03:04",
    "time": "25:00",
    "check": "on",
    "textarea": "line 1\n<line 2>",
    "select": "b",
    "grouped": "3",
    "many": ["a", "3"],
    "radio": "nope",
    "grouped_radio": "b",
    "boxes": ["a", "b"],
    "nullable": "true",
    "own_id": "v",
    "described": "d",
    "suffixed": "s",
    "split_0": "2025-01-02",
    "split_1": "03:04",
}


@pytest.mark.parametrize("auto_id", ["id_%s", "%s", False])
@pytest.mark.parametrize("bound", [False, True])
def test_every_widget(auto_id, bound):
    data = _EVERY_VALUE if bound else None
    files = {"upload": SimpleUploadedFile("a.pdf", b"%PDF")} if bound else None
    form = EveryWidgetForm(data, files, auto_id=auto_id, prefix="p" if bound else None)
    if bound:
        assert not form.is_valid()
    assert_same(form)


def test_every_widget_with_initial_values_and_localized_numbers():
    initial = {
        "text": "t",
        "number": 1234.5,
        "date": datetime.date(2025, 1, 2),
        "when": datetime.datetime(2025, 1, 2, 3, 4, tzinfo=datetime.UTC),
        "select": 3,
        "many": ["a"],
        "boxes": ["b", 3],
        "radio": "a",
        "nullable": False,
        "check": True,
    }
    with override("en"):
        assert_same(EveryWidgetForm(initial=initial))


def test_a_field_with_errors_names_them_for_assistive_technology():
    form = EveryWidgetForm({"text": ""})
    form.is_valid()
    html = field_group(form["text"])
    assert 'aria-describedby="id_text_helptext id_text_error"' in html
    assert 'aria-invalid="true"' in html
    assert '<ul class="errorlist" id="id_text_error">' in html
    assert field_group(form["radio"]).startswith(
        '<fieldset aria-describedby="id_radio_error">\n  <legend class="required">'
    )


def test_the_public_form_unbound_bound_and_with_errors(db):
    assert_same(PublicApplicationForm())
    assert_same(PublicApplicationForm(public_form_data()))
    wrong = PublicApplicationForm(
        public_form_data(applicant_kind="organisation", phone="", email="x", delivery="")
    )
    assert not wrong.is_valid()
    assert_same(wrong)
    with override("en"):
        assert_same(PublicApplicationForm())


def test_the_staff_registration_form(office):
    agencies = type(office.agency).objects.filter(pk=office.agency.pk)
    assert_same(StaffRegistrationForm(agencies=agencies))
    form = StaffRegistrationForm({"channel": "post"}, agencies=agencies)
    assert not form.is_valid()
    assert_same(form)


def test_the_lookup_and_filter_forms(office):
    assert_same(TrackForm())
    form = TrackForm({"query_code": "!", "proof": "<x>"})
    assert not form.is_valid()
    assert_same(form)
    assert_same(ApplicationFilterForm(agencies=type(office.agency).objects.all()))


@pytest.mark.parametrize("key", sorted(ACTION_FORMS))
def test_every_action_form(office, key):
    application = registered(office)
    assert_same(action_form(key, application))
    form = action_form(key, application, {f"{key}-on": "not a date"})
    form.is_valid()
    assert_same(form)


def test_the_field_template_wraps_the_group_in_the_div_the_error_summary_links_to(db):
    form = PublicApplicationForm()
    html = render_to_string("applications/_field.html", {"field": form["phone"]})
    assert html == f'<div class="field" id="field-phone">{form["phone"].as_field_group()}</div>\n'


def test_the_public_form_is_written_without_the_template_engine(db):
    """The point of it all: not one template render for the fields of the public form."""
    form = PublicApplicationForm(public_form_data(phone="", delivery=""))
    assert not form.is_valid()
    with mock.patch.object(DjangoTemplates, "render", side_effect=AssertionError("rendered")):
        for bound_field in form:
            field_group(bound_field)


class _Named(NamedErrorsMixin, forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=3)


def test_named_messages_are_made_once_per_language_and_follow_a_changed_field():
    first, second = _Named({"name": ""}), _Named({"name": "toolong"})
    assert first.errors["name"] == ["请填写姓名"]
    assert second.errors["name"] == ["姓名最多 3 个字（现有 7 个）"]
    assert first.fields["name"].validators is not second.fields["name"].validators
    declared = _Named.base_fields["name"]
    made = _named_errors(copy.deepcopy(declared), declared, "zh-hans")
    assert _named_errors(copy.deepcopy(declared), declared, "zh-hans") is made
    # A copy whose label was changed is not served what was made for the declared field.
    relabelled = copy.deepcopy(declared)
    relabelled.label = "名称"
    assert _named_errors(relabelled, declared, "zh-hans")[0]["required"] == "请填写名称"
    assert _named_errors(copy.deepcopy(declared), declared, "zh-hans") is made
