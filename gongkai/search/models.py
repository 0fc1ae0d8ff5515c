"""The search index: one row per published item, with its text cut into tokens.

The row knows nothing of the app that published the item (no foreign keys): ``doc_id`` is that
item's id, ``agency_id`` its agency's, and the hit links to ``url``. The full-text index over
``segmented`` lives beside the table, made by migration 0002: an FTS5 table kept in step by
triggers on SQLite, a generated tsvector column with a GIN index on PostgreSQL.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    doc_id = models.PositiveBigIntegerField(_("文档编号"), unique=True)
    agency_id = models.IntegerField(_("机关编号"), db_index=True)
    agency_code = models.CharField(_("机关代码"), max_length=40)
    category_id = models.IntegerField(_("目录类别编号"), null=True, blank=True)
    year = models.IntegerField(_("年度"))
    issuer = models.CharField(_("发布机构"), max_length=200)
    title = models.CharField(_("名称"), max_length=300)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    summary = models.TextField(_("内容概述"), blank=True)
    published_on = models.DateField(_("发布日期"))
    url = models.CharField(_("网址"), max_length=500)
    # The tokens of title, number, summary, body and attachments, separated by spaces.
    segmented = models.TextField(_("分词文本"))
    # The original text the hit's excerpt is cut from (summary, body, attachments; capped).
    excerpt_source = models.TextField(_("摘要原文"), blank=True)

    class Meta:
        verbose_name = _("检索条目")
        verbose_name_plural = _("检索条目")

    def __str__(self) -> str:
        return self.title
