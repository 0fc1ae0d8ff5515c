"""An item of 主动公开 information: the working copy under review (``Item``) and every version
that was published (``ItemVersion``).

The portal shows an item's ``current_version``, never the working copy: an edit after publication
goes through the review chain again while the published version stays up, and each publication
is kept as a version. The 索引号 is given once, at the first publication, and never reused.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency, Department
from gongkai.core.stored_files import NAME_MAX_LENGTH, stored_read
from gongkai.publishing.models.catalogue import Category


class State(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待处室负责人审核")
    HEAD_APPROVED = "head_approved", _("待分管领导审核")
    LEADER_APPROVED = "leader_approved", _("待保密审查")
    PUBLISHED = "published", _("已公开")
    WITHDRAWN = "withdrawn", _("已撤回")


class Kind(models.TextChoices):
    """What table 二 counts in its first block (第二十条第（一）项); all else is ``OTHER``."""

    RULE = "rule", _("规章")
    NORMATIVE = "normative", _("规范性文件")
    OTHER = "other", _("其他")


class Validity(models.TextChoices):
    """The validity of a 规章 or 规范性文件 (empty for other items)."""

    IN_FORCE = "in_force", _("有效")
    AMENDED = "amended", _("已修改")
    REPEALED = "repealed", _("废止")


class ItemContent(models.Model):
    """What an item says: the fields of the working copy and of each published version."""

    category = models.ForeignKey(
        Category, verbose_name=_("目录类别"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("名称"), max_length=300)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    issuer = models.CharField(_("发布机构"), max_length=200)
    written_on = models.DateField(_("成文日期"), null=True, blank=True)
    # Art. 26: the 20 working days run from the day the information was formed or changed.
    formed_on = models.DateField(_("形成或变更日期"))
    topic = models.CharField(_("主题分类"), max_length=100, blank=True)
    summary = models.TextField(_("内容概述"), blank=True)
    # Sanitised HTML (``publishing.richtext``); never stored unsanitised.
    body = models.TextField(_("正文"), blank=True)
    kind = models.CharField(_("文件类型"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    validity = models.CharField(_("效力状态"), max_length=20, choices=Validity.choices, blank=True)
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    # The day it was amended or repealed (validity 已修改 / 废止).
    validity_changed_on = models.DateField(_("修改或废止日期"), null=True, blank=True)
    # The rule or normative document this one amends or replaces: the link between versions of
    # a regulation, shown on both pages.
    replaces = models.ForeignKey(
        "Item",
        verbose_name=_("修改或替代的文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True


class Item(ItemContent):
    agency = models.ForeignKey(
        Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="items"
    )
    # The department whose head reviews the item first.
    department = models.ForeignKey(
        Department, verbose_name=_("处室"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.DRAFT)
    index_number = models.CharField(_("索引号"), max_length=100, null=True, blank=True, unique=True)
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("拟稿人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    attachments = models.ManyToManyField(
        "ItemAttachment", verbose_name=_("附件"), blank=True, related_name="+"
    )
    # What the portal shows; None until the first publication.
    current_version = models.ForeignKey(
        "ItemVersion",
        verbose_name=_("当前公开版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_on = models.DateField(_("发布日期"), null=True, blank=True)  # the first publication
    withdrawn_on = models.DateField(_("撤回日期"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("撤回原因"), blank=True)

    class Meta:
        verbose_name = _("公开信息")
        verbose_name_plural = _("公开信息")
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["agency", "state"], name="item_agency_state_idx"),
            # The portal's listings: an agency's published items, newest first.
            models.Index(
                fields=["agency", "-published_on"],
                name="item_listing_idx",
                condition=models.Q(current_version__isnull=False, withdrawn_on__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.current_version_id is not None and self.withdrawn_on is None


class ItemVersion(ItemContent):
    item = models.ForeignKey(
        Item, verbose_name=_("公开信息"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("版本"))
    published_at = models.DateTimeField(_("公开时间"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("公开人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Why a later version was published (empty for the first).
    change_note = models.TextField(_("修订说明"), blank=True)
    attachments = models.ManyToManyField(
        "ItemAttachment", verbose_name=_("附件"), blank=True, related_name="versions"
    )

    class Meta:
        verbose_name = _("公开版本")
        verbose_name_plural = _("公开版本")
        ordering = ["item", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="item_version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.title} · v{self.number}"


class ItemAttachment(models.Model):
    """A file attached to an item: kept in the storage under its SHA-256 (gongkai.core.
    stored_files; never served from there, only through the views), checked by its content,
    never changed; ``text`` is what the scan and search read."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("文件名"), max_length=200)
    media_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    file = models.FileField(_("文件"), max_length=NAME_MAX_LENGTH)
    sha256 = models.CharField(max_length=64)
    text = models.TextField(_("文字内容"), blank=True)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def content(self) -> bytes:
        """The file's bytes, read from the storage."""
        return stored_read(self.file)


class IndexSequence(models.Model):
    """The last 索引号 sequence given by an agency in a year: only ever counts up."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="index_sequence_unique_year")
        ]
