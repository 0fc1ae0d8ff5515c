"""The catalogue (目录) of an agency: a tree of categories, seeded with the Art. 20 list (and
Art. 21's for city and county bodies, ``publishing.seeding``), edited by the agency admin."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency


class Category(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name=_("机关"), on_delete=models.CASCADE, related_name="categories"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Stable within the agency: the portal's addresses and the feeds use it.
    code = models.CharField(
        _("类别代码"),
        max_length=40,
        validators=[RegexValidator(r"^[a-z0-9][a-z0-9-]*$", _("只能含小写字母、数字和连字符"))],
    )
    name = models.CharField(_("类别名称"), max_length=100)
    # The legal basis shown in the guide, e.g. 《条例》第二十条第（一）项; empty for local
    # categories.
    basis = models.CharField(_("依据"), max_length=100, blank=True)
    position = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("目录类别")
        verbose_name_plural = _("目录类别")
        ordering = ["agency", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="category_unique_code")
        ]

    def __str__(self) -> str:
        return self.name
