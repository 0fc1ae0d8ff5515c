"""``{{ field|field_group }}``: a form field in its ``<div class="field" id="field-…">``.

The div is what the error summary's links point at. Inside it, the field as Django's stock
templates render it (label, help text, errors, widget), written without the template engine
when everything is stock (gongkai.applications.forms.rendering).
"""

from __future__ import annotations

from html import escape

from django import template
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString, mark_safe

from gongkai.applications.forms.rendering import field_group as _field_group

register = template.Library()


@register.filter
def field_group(bound_field: BoundField) -> SafeString:
    return mark_safe(
        f'<div class="field" id="field-{escape(bound_field.html_name)}">'
        f"{_field_group(bound_field)}</div>"
    )
