"""Published items set directly with the ORM (the publishing services are written elsewhere):
an Item and its current ItemVersion, with the dates and validity table 二 counts on."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

from django.contrib.auth.models import AbstractBaseUser

from gongkai.agencies.models import Agency, Department
from gongkai.publishing.models import Category, Item, ItemVersion, Kind, State

_serial = itertools.count(1)
RULE, NORMATIVE, OTHER = Kind.RULE.value, Kind.NORMATIVE.value, Kind.OTHER.value


def category(agency: Agency) -> Category:
    found, _ = Category.objects.get_or_create(
        agency=agency, code="rules", defaults={"name": "规章及规范性文件"}
    )
    return found


def item(
    agency: Agency,
    drafter: AbstractBaseUser,
    *,
    kind: str = RULE,
    written: date | None = None,
    formed: date = date(2000, 1, 1),
    published: date | None = date(2000, 1, 1),
    withdrawn: date | None = None,
    validity: str = "",
    changed: date | None = None,
    working_kind: str | None = None,
) -> Item:
    """An item of the agency; with ``published`` None it has no published version (a draft).

    ``working_kind`` gives the working copy a kind other than the published version's."""
    n = next(_serial)
    department = Department.objects.filter(agency=agency).first()
    content = dict(
        category=category(agency),
        title=f"测试文件{n}",
        issuer=agency.name,
        written_on=written,
        formed_on=formed,
        kind=kind,
        validity=validity,
        validity_changed_on=changed,
    )
    thing = Item.objects.create(
        agency=agency,
        department=department,
        drafter=drafter,
        state=State.DRAFT if published is None else State.PUBLISHED,
        **{**content, "kind": working_kind or kind},
    )
    if published is None:
        return thing
    version = ItemVersion.objects.create(
        item=thing,
        number=1,
        published_at=datetime(published.year, published.month, published.day, tzinfo=UTC),
        published_by=drafter,
        **content,
    )
    thing.current_version = version
    thing.index_number = f"T-{n:06d}"
    thing.published_on = published
    thing.withdrawn_on = withdrawn
    if withdrawn is not None:
        thing.state = State.WITHDRAWN
    thing.save()
    return thing
