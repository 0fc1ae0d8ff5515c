"""A form field as Django's stock templates render it, built without the template engine.

``{{ field.as_field_group }}`` goes through Django's form renderer: django/forms/field.html, then
label.html, errors/list/ul.html and the widget's template with its includes (attrs.html again
for every option): a radio field costs a dozen template renders, and the application form's
fields were nearly all of its page's time. ``field_group`` writes the same markup, byte for
byte, from the same Python-side context: BoundField's widget attributes (required,
aria-invalid, aria-describedby naming the help text and the error list), the label's ``for``,
and the widget's own ``get_context`` (its value, attributes and options, checked or selected).
Only the template step is replaced.

It does so only when every piece is Django's stock: the default form renderer (whose built-in
templates come before any app's), the stock field and label templates, a plain BoundField, and a
widget of a template below that does not render itself. Anything else (a MultiWidget, a file
input showing its current file, a custom template or renderer) is rendered by Django itself, so
the output is Django's either way; tests/applications/test_field_rendering.py compares the two.
The markup is that of Django 5.2's templates: under another Django every field is Django's own
(correct, only slower) until the tests have compared the two there and the version below moves.
"""

from __future__ import annotations

from html import escape
from typing import Any

import django
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.forms.utils import ErrorList
from django.forms.widgets import MultiWidget, Widget
from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

# The Django whose stock templates this module writes (see the module's docstring).
_DJANGO_WRITTEN = (5, 2)
_TEMPLATES = "django/forms/"
_FIELD_TEMPLATE = _TEMPLATES + "field.html"
_LABEL_TEMPLATE = _TEMPLATES + "label.html"
_ERRORS_TEMPLATE = _TEMPLATES + "errors/list/default.html"


class _NotStock(Exception):
    """A piece this module does not write: Django renders the widget."""


def field_group(bound_field: BoundField) -> SafeString:
    """``bound_field.as_field_group()``, the same HTML; Django's own unless all is stock."""
    if not _stock_field(bound_field):
        return bound_field.as_field_group()
    form, field = bound_field.form, bound_field.field
    widget = field.widget
    # What BoundField's properties would compute again and again, computed once.
    auto_id = bound_field.auto_id
    help_text = bound_field.help_text
    errors = form.errors.get(bound_field.name)
    if errors is None:
        errors = form.error_class(renderer=form.renderer)
    hidden = widget.is_hidden
    described = None  # BoundField.aria_describedby
    if not widget.attrs.get("aria-describedby"):
        ids = []
        if auto_id and not hidden:
            if help_text:
                ids.append(f"{auto_id}_helptext")
            if errors:
                ids.append(f"{auto_id}_error")
        described = " ".join(ids)

    parts = []
    # django/forms/field.html, its whitespace included (the renderer strips the ends).
    if widget.use_fieldset:
        parts.append("\n  <fieldset")
        if described:
            parts.append(f' aria-describedby="{_text(described)}"')
        parts.append(">\n  ")
        if bound_field.label:
            parts.append(_label_tag(bound_field, auto_id, "legend"))
    else:
        parts.append("\n  ")
        if bound_field.label:
            parts.append(_label_tag(bound_field, auto_id, "label"))
    parts.append("\n\n")
    if help_text:
        parts.append('<div class="helptext"')
        if auto_id:
            parts.append(f' id="{_text(auto_id)}_helptext"')
        parts.append(f">{help_text}</div>")  # |safe in the template: help text may hold markup
    parts.append("\n")
    parts.append(_errors(errors))
    parts.append("\n")
    parts.append(_widget(bound_field, auto_id, errors, hidden, described))
    if widget.use_fieldset:
        parts.append("</fieldset>")
    return mark_safe("".join(parts).strip())


def _stock_field(bound_field: BoundField) -> bool:
    form = bound_field.form
    return (
        django.VERSION[:2] == _DJANGO_WRITTEN
        and type(bound_field) is BoundField
        and type(form.renderer) is DjangoTemplates
        and bound_field.template_name == _FIELD_TEMPLATE
        and form.template_name_label == _LABEL_TEMPLATE
        and not bound_field.field.show_hidden_initial
    )


def _label_tag(bound_field: BoundField, auto_id: str, tag: str) -> str:
    """``BoundField.label_tag`` (``legend_tag``) with django/forms/label.html."""
    field = bound_field.field
    contents = bound_field.label
    suffix = field.label_suffix if field.label_suffix is not None else bound_field.form.label_suffix
    if suffix and contents and contents[-1] not in gettext(":?.!"):
        contents = format_html("{}{}", contents, suffix)
    widget = field.widget
    id_ = widget.attrs.get("id") or auto_id
    if not id_:
        return _text(contents).strip()
    attrs: dict[str, Any] = {}
    if id_for_label := widget.id_for_label(id_):
        attrs["for"] = id_for_label
    if field.required and hasattr(bound_field.form, "required_css_class"):
        attrs["class"] = bound_field.form.required_css_class
    return f"<{tag}{_attrs(attrs)}>{_text(contents)}</{tag}>".strip()


def _errors(errors: ErrorList) -> str:
    """django/forms/errors/list/ul.html, for a stock ErrorList."""
    if not (
        type(errors) is ErrorList
        and errors.template_name == _ERRORS_TEMPLATE
        and type(errors.renderer) is DjangoTemplates
    ):
        return str(errors)
    if not errors:
        return ""
    html = f'<ul class="{_text(errors.error_class)}"'
    if errors.field_id:
        html += f' id="{_text(errors.field_id)}_error"'
    items = "".join(f"<li>{_text(message)}</li>" for message in errors)
    return f"{html}>{items}</ul>"


def _widget(
    bound_field: BoundField, auto_id: str, errors: ErrorList, hidden: bool, described: str | None
) -> str:
    """``str(bound_field)``: ``BoundField.as_widget`` up to the widget's template."""
    form, field = bound_field.form, bound_field.field
    widget = field.widget
    if field.localize:
        widget.is_localized = True
    if isinstance(widget, MultiWidget):  # its subwidgets' required attributes: Django's way
        attrs = bound_field.build_widget_attrs({}, widget)
    else:  # BoundField.build_widget_attrs
        attrs = {}
        if (
            field.required
            and form.use_required_attribute
            and widget.use_required_attribute(bound_field.initial)
        ):
            attrs["required"] = True
        if field.disabled:
            attrs["disabled"] = True
        if errors and not hidden:
            attrs["aria-invalid"] = "true"
        if described and not widget.use_fieldset:
            attrs["aria-describedby"] = described
    if auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", auto_id)
    name, value = bound_field.html_name, bound_field.value()
    write = _WIDGETS.get(widget.template_name)
    if write is None or type(widget).render is not Widget.render:
        return widget.render(name=name, value=value, attrs=attrs, renderer=form.renderer)
    context = widget.get_context(name, value, attrs)
    if type(widget)._render is Widget._render:
        try:
            return write(context["widget"]).strip()
        except _NotStock:
            pass
    return widget._render(widget.template_name, context, form.renderer)


# -- the widget templates -----------------------------------------------------------------------


def _text(value: Any) -> str:
    """``{{ value }}`` in an autoescaping template (render_value_in_context)."""
    if type(value) is str:
        return escape(value)
    if isinstance(value, (str, Promise)):  # a safe string, a lazy translation: not localized
        return conditional_escape(str(value))
    value = localize(template_localtime(value))
    if not issubclass(type(value), str):
        value = str(value)
    return conditional_escape(value)


def _formatted(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: str() of it, escaped unless it was safe already."""
    if type(value) is str:
        return escape(value)
    text = "%s" % (str(value) if isinstance(value, tuple) else value)  # noqa: UP031
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html (and django/forms/attrs.html, the same)."""
    html = []
    for name, value in attrs.items():
        if value is not False:
            html.append(
                f" {_text(name)}" if value is True else f' {_text(name)}="{_formatted(value)}"'
            )
    return "".join(html)


def _input(widget: dict[str, Any]) -> str:
    html = f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
    if widget["value"] is not None:
        html += f' value="{_formatted(widget["value"])}"'
    return f"{html}{_attrs(widget['attrs'])}>\n"


def _textarea(widget: dict[str, Any]) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{_text(value) if value else ''}</textarea>\n"
    )


def _file_input(widget: dict[str, Any]) -> str:
    """clearable_file_input.html for a field with no file yet (Django writes the other case)."""
    if widget["is_initial"]:
        raise _NotStock
    return f'\n<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"' + (
        f"{_attrs(widget['attrs'])}>\n"
    )


def _select(widget: dict[str, Any]) -> str:
    html = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            html.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            html.append("\n  ")
            html.append(_option(option))
        if group_name:
            html.append("\n  </optgroup>")
    html.append("\n</select>\n")
    return "".join(html)


def _multiple_input(widget: dict[str, Any]) -> str:
    """multiple_input.html: radio buttons, checkboxes."""
    attrs = widget["attrs"]
    html = ["<div"]
    if id_ := attrs.get("id"):
        html.append(f' id="{_text(id_)}"')
    if css_class := attrs.get("class"):
        html.append(f' class="{_text(css_class)}"')
    html.append(">")
    for group, options, _index in widget["optgroups"]:
        if group:
            html.append(f"\n  <div><label>{_text(group)}</label>")
        for option in options:
            html.append(f"<div>\n    {_option(option)}</div>")
        if group:
            html.append("\n  </div>")
    html.append("\n</div>\n")
    return "".join(html)


def _option(option: dict[str, Any]) -> str:
    template = option["template_name"]
    if template == _TEMPLATES + "widgets/select_option.html":
        return (
            f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
            f"{_text(option['label'])}</option>\n"
        )
    if template in (
        _TEMPLATES + "widgets/radio_option.html",
        _TEMPLATES + "widgets/checkbox_option.html",
    ):
        # input_option.html, and the newline of the template that includes it.
        if not option["wrap_label"]:
            return _input(option) + "\n\n"
        id_ = option["attrs"].get("id")
        label_for = f' for="{_text(id_)}"' if id_ else ""
        return f"<label{label_for}>{_input(option)} {_text(option['label'])}</label>\n\n"
    raise _NotStock


_INPUTS = (
    "input", "text", "number", "email", "url", "color", "search", "tel", "password", "hidden",
    "file", "date", "datetime", "time", "checkbox",
)  # fmt: skip
_WIDGETS = {
    **{f"{_TEMPLATES}widgets/{name}.html": _input for name in _INPUTS},
    _TEMPLATES + "widgets/textarea.html": _textarea,
    _TEMPLATES + "widgets/clearable_file_input.html": _file_input,
    _TEMPLATES + "widgets/select.html": _select,
    _TEMPLATES + "widgets/radio.html": _multiple_input,
    _TEMPLATES + "widgets/checkbox_select.html": _multiple_input,
}
