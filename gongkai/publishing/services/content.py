"""What an item says, checked before it is stored: the one list of content fields, their rules."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from gongkai.core.errors import DomainError
from gongkai.publishing.models import Category, Item, ItemContent, Kind, Validity
from gongkai.publishing.richtext import sanitise

# The fields an item and each of its versions share, in the order of the metadata table.
CONTENT_FIELDS = tuple(
    f.name for f in ItemContent._meta.get_fields() if f.concrete and f.name != "id"
)
REQUIRED = ("category", "title", "issuer", "formed_on")


def label(field: str) -> str:
    return str(ItemContent._meta.get_field(field).verbose_name)


def clean_content(agency_id: int, values: dict[str, Any], *, item: Item | None = None) -> dict:
    """The content with its body sanitised; a DomainError naming the field that is wrong."""
    unknown = set(values) - set(CONTENT_FIELDS)
    if unknown:
        raise DomainError(_("未知的字段：%(names)s") % {"names": "、".join(sorted(unknown))})
    values = dict(values)
    for name in ("title", "document_number", "issuer", "topic", "summary"):
        if isinstance(values.get(name), str):
            values[name] = values[name].strip()
    for name in REQUIRED:
        if name in values and values[name] in (None, ""):
            raise DomainError(_("请填写%(label)s") % {"label": label(name)}, field=name)
    category = values.get("category")
    if category is not None and (
        not isinstance(category, Category) or category.agency_id != agency_id
    ):
        raise DomainError(_("目录类别须是本机关目录中的类别"), field="category")
    if "body" in values:
        values["body"] = sanitise(values["body"] or "")
    merged = {f: getattr(item, f) for f in CONTENT_FIELDS} if item else {}
    merged.update(values)
    _check_validity(agency_id, merged, item)
    return values


def _check_validity(agency_id: int, content: dict[str, Any], item: Item | None) -> None:
    kind, validity = content.get("kind") or Kind.OTHER, content.get("validity") or ""
    if kind == Kind.OTHER and validity:
        raise DomainError(_("只有规章和规范性文件有效力状态"), field="validity")
    if validity in (Validity.AMENDED, Validity.REPEALED) and not content.get("validity_changed_on"):
        raise DomainError(_("已修改或废止的文件须填写修改或废止日期"), field="validity_changed_on")
    written, changed = content.get("written_on"), content.get("validity_changed_on")
    if written and changed and changed < written:
        raise DomainError(_("修改或废止日期不能早于成文日期"), field="validity_changed_on")
    replaced = content.get("replaces")
    if replaced is not None:
        if item is not None and replaced.pk == item.pk:
            raise DomainError(_("文件不能修改或替代它自己"), field="replaces")
        if replaced.agency_id != agency_id or replaced.kind == Kind.OTHER:
            raise DomainError(_("被修改或替代的须是本机关的规章或规范性文件"), field="replaces")
