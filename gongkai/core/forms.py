"""What every form of the staff and public screens shares: errors that name their field.

Django's stock messages ("这个字段是必填项。") do not say which field they are about; on a phone,
where the error summary sits far from the field, the user must see the field's name in the
message itself. Service errors (``DomainError.field``, ``IntakeError.problems``) land on the
field they name, or on the form when they name none (or a field the form does not have).

Generic (no domain app's models): the applications screens and the agency admin's pages use it.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gongkai.core.errors import DomainError


class NamedErrorsMixin:
    """Rewrites each field's stock error messages so that they name the field."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")  # Chinese labels take no colon after them
        super().__init__(*args, **kwargs)
        language = get_language()
        for name, field in self.fields.items():
            messages, validators = _named_errors(field, self.base_fields.get(name), language)
            field.error_messages.update(messages)
            field.validators = list(validators)

    def error_summary(self) -> list[tuple[str, str]]:
        """(id of the field's wrapper or "", message) for every error, for the list at the top."""
        summary = []
        for name, errors in self.errors.items():
            anchor = "" if name == "__all__" else f"field-{self[name].html_name}"
            summary += [(anchor, str(message)) for message in errors]
        return summary


# The named messages and validators of a form class's field, per language: the same for every
# form made, so made once (a form is made for every page that shows it).
_NAMED: WeakKeyDictionary[forms.Field, dict[str, tuple[dict[str, str], list]]]
_NAMED = WeakKeyDictionary()


def _named_errors(
    field: forms.Field, declared: forms.Field | None, language: str | None
) -> tuple[dict[str, str], list]:
    """``field``'s messages that name it, and its validators with the length limit named.

    ``declared`` is the class's field that ``field`` was copied from: what was made for it
    serves while the copy still has its label and validators (a form may change them)."""
    copied = (
        declared is not None
        and field.label is declared.label
        and len(field.validators) == len(declared.validators)
        and all(a is b for a, b in zip(field.validators, declared.validators, strict=True))
    )
    if copied and (made := _NAMED.get(declared, {}).get(language)) is not None:
        return made
    label = str(field.label or "")
    named = {"label": label}
    messages = {
        "required": _("请填写%(label)s") % named,
        "invalid": _("%(label)s格式不正确") % named,
        "invalid_choice": _("%(label)s的选项无效，请重新选择") % named,
        "max_value": _("%(label)s不能大于 %%(limit_value)s") % named,
        "min_value": _("%(label)s不能小于 %%(limit_value)s") % named,
    }
    if isinstance(field, forms.DateField):
        messages["invalid"] = _("%(label)s不是有效日期（应为 YYYY-MM-DD）") % named
    if isinstance(field, forms.IntegerField):
        messages["invalid"] = _("%(label)s应为整数") % named
    if isinstance(field, forms.EmailField):
        messages["invalid"] = _("%(label)s格式不正确，例如 name@example.com") % named
    # Length limits say whose limit it is. Validators are shared between copies of a form's
    # fields, so they are replaced, never changed in place.
    validators = [_named_length(v, label) for v in field.validators]
    if copied:
        _NAMED.setdefault(declared, {})[language] = (messages, validators)
    return messages, validators


def _named_length(validator, label: str):
    if isinstance(validator, MaxLengthValidator):
        return MaxLengthValidator(
            validator.limit_value,
            message=_("%(label)s最多 %%(limit_value)d 个字（现有 %%(show_value)d 个）")
            % {"label": label},
        )
    return validator


def attach_problems(form: forms.Form, problems: dict[str, str]) -> None:
    """Put each ``{field: message}`` on its field, or on the form for fields it does not have."""
    for name, message in problems.items():
        if name in form.fields:
            if name not in form.errors:
                form.add_error(name, message)
        else:
            form.add_error(None, message)


def attach_domain_error(form: forms.Form, error: DomainError) -> None:
    """A refused service call, shown where the user can fix it; the input stays in the form."""
    problems = getattr(error, "problems", None) or {error.field or "__all__": error.message}
    attach_problems(form, problems)


def date_input() -> forms.DateInput:
    # type=date gives phones a date picker; the value stays ISO, which the services read.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
