"""The agency admin's edits of the catalogue (目录): add, rename and move a category, delete an
unused one, seed an empty catalogue with the statutory categories.

Each write is checked (the agency's admin; a code unique in the agency; a parent of the same
agency that is not the category itself nor below it), under the agency's row lock, so that two
admins editing at once cannot make a cycle or a clash between them. A refusal is a DomainError
naming the field.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import can_administer_agency
from gongkai.core.errors import DomainError
from gongkai.core.generations import PUBLIC_PAGES, bump_generation
from gongkai.publishing.models import Category, Item, ItemVersion
from gongkai.publishing.seeding import seed_categories

_NAME_MAX = Category._meta.get_field("name").max_length
_BASIS_MAX = Category._meta.get_field("basis").max_length
_CODE_MAX = Category._meta.get_field("code").max_length


def _require_admin(actor: AbstractBaseUser, agency_id: int) -> Agency:
    agency = Agency.objects.select_for_update().get(pk=agency_id)
    if not can_administer_agency(actor, agency):
        raise DomainError(_("只有本机关的机关管理员可以编辑目录"))
    return agency


def _clean_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise DomainError(_("请填写类别名称"), field="name")
    if len(name) > _NAME_MAX:
        raise DomainError(_("类别名称最多 %(max)d 个字") % {"max": _NAME_MAX}, field="name")
    return name


def _clean_basis(basis: str) -> str:
    basis = basis.strip()
    if len(basis) > _BASIS_MAX:
        raise DomainError(_("依据最多 %(max)d 个字") % {"max": _BASIS_MAX}, field="basis")
    return basis


def _clean_code(agency: Agency, code: str) -> str:
    code = code.strip()
    if not code:
        raise DomainError(_("请填写类别代码"), field="code")
    if len(code) > _CODE_MAX:
        raise DomainError(_("类别代码最多 %(max)d 个字符") % {"max": _CODE_MAX}, field="code")
    try:
        for validator in Category._meta.get_field("code").validators:
            validator(code)
    except ValidationError as error:
        raise DomainError(
            _("类别代码%(problem)s") % {"problem": "；".join(error.messages)}, field="code"
        ) from None
    if Category.objects.filter(agency=agency, code=code).exists():
        raise DomainError(
            _("类别代码“%(code)s”已被本机关的其他类别使用") % {"code": code}, field="code"
        )
    return code


def _check_parent(agency: Agency, category: Category | None, parent: Category | None) -> None:
    if parent is None:
        return
    if parent.agency_id != agency.pk:
        raise DomainError(_("上级类别须是本机关目录中的类别"), field="parent")
    if category is None:
        return
    # Walk up from the new parent: meeting the category itself would close a cycle. The
    # parents of the agency's categories are read once (a catalogue has tens of categories).
    parents = dict(Category.objects.filter(agency=agency).values_list("pk", "parent_id"))
    seen: set[int] = set()
    node: int | None = parent.pk
    while node is not None and node not in seen:
        if node == category.pk:
            raise DomainError(_("不能把类别移到它自己或它的下级类别之下"), field="parent")
        seen.add(node)
        node = parents.get(node)


def category_add(
    *,
    agency: Agency,
    actor: AbstractBaseUser,
    name: str,
    code: str,
    parent: Category | None = None,
    basis: str = "",
) -> Category:
    """A new category at the end of the catalogue (below ``parent``, if given)."""
    with transaction.atomic():
        agency = _require_admin(actor, agency.pk)
        name, basis = _clean_name(name), _clean_basis(basis)
        code = _clean_code(agency, code)
        _check_parent(agency, None, parent)
        last = Category.objects.filter(agency=agency).aggregate(last=Max("position"))["last"]
        bump_generation(PUBLIC_PAGES)
        return Category.objects.create(
            agency=agency,
            parent=parent,
            code=code,
            name=name,
            basis=basis,
            position=(last or 0) + 1,
        )


def category_update(
    *,
    category: Category,
    actor: AbstractBaseUser,
    name: str,
    basis: str,
    position: int,
    parent: Category | None,
) -> Category:
    """The category renamed, its basis changed, reordered or moved; its code stays (the
    portal's addresses and feeds use it)."""
    with transaction.atomic():
        agency = _require_admin(actor, category.agency_id)
        name, basis = _clean_name(name), _clean_basis(basis)
        if position is None or position < 0:
            raise DomainError(_("排序须是不小于 0 的整数"), field="position")
        _check_parent(agency, category, parent)
        category.name, category.basis = name, basis
        category.position, category.parent = position, parent
        category.save(update_fields=["name", "basis", "position", "parent"])
        bump_generation(PUBLIC_PAGES)
        return category


def category_delete(*, category: Category, actor: AbstractBaseUser) -> None:
    """The category removed: only when no item (nor any published version) is filed in it and
    it has no categories below it."""
    with transaction.atomic():
        _require_admin(actor, category.agency_id)
        if Category.objects.filter(parent=category).exists():
            raise DomainError(
                _("“%(name)s”下还有下级类别，请先删除或移走下级类别") % {"name": category.name}
            )
        used = Item.objects.filter(category=category).count()
        if not used:
            used = ItemVersion.objects.filter(category=category).values("item").distinct().count()
        if used:
            raise DomainError(
                _(
                    "“%(name)s”中有 %(count)d 条公开信息（含已公开的历史版本），不能删除；"
                    "可以改名，或先把这些信息改到其他类别"
                )
                % {"name": category.name, "count": used}
            )
        category.delete()
        bump_generation(PUBLIC_PAGES)


def catalogue_seed(*, agency: Agency, actor: AbstractBaseUser) -> list[Category]:
    """An empty catalogue filled with the categories of Art. 20 (and Art. 21's for city and
    county bodies)."""
    with transaction.atomic():
        agency = _require_admin(actor, agency.pk)
        if Category.objects.filter(agency=agency).exists():
            raise DomainError(_("目录已有类别；法定类别只能在目录为空时一次添加"))
        return seed_categories(agency)
