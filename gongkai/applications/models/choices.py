"""The fixed vocabularies of an application: channels, applicant kinds, states."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How an application arrived; decides its receipt date under Art. 31."""

    IN_PERSON = "in_person", _("当面提交")
    ORAL = "oral", _("口头提出（代为填写）")
    POST_SIGNED = "post_signed", _("邮寄（需签收）")
    POST_ORDINARY = "post_ordinary", _("平常信函")
    ONLINE = "online", _("网上申请")
    EMAIL = "email", _("电子邮件")
    FAX = "fax", _("传真")


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("自然人")
    ORGANISATION = "organisation", _("法人或其他组织")


class OrgKind(models.TextChoices):
    """The organisation kinds of table 三's columns (the column keys of the report engine)."""

    BUSINESS = "business", _("商业企业")
    RESEARCH = "research", _("科研机构")
    PUBLIC_INTEREST = "public_interest", _("社会公益组织")
    LEGAL_SERVICES = "legal_services", _("法律服务机构")
    OTHER = "other_org", _("其他")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MACAO = "hk_macao", _("港澳居民来往内地通行证")
    TAIWAN = "taiwan", _("台湾居民来往大陆通行证")
    FOREIGN_PR = "foreign_pr", _("外国人永久居留身份证")
    OTHER = "other", _("其他身份证明")


class FormWanted(models.TextChoices):
    PAPER = "paper", _("纸质文本")
    ELECTRONIC = "electronic", _("电子文本")
    INSPECT = "inspect", _("查阅、抄录")


class Delivery(models.TextChoices):
    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    COLLECT = "collect", _("当面领取")
    ONLINE = "online", _("网上获取")


class State(models.TextChoices):
    SUBMITTED = "submitted", _("待确认收到")
    REGISTERED = "registered", _("已登记")
    CORRECTION = "correction", _("待补正")
    ASSIGNED = "assigned", _("办理中")
    CONSULTING = "consulting", _("征求意见中")
    AWAITING_FEE = "awaiting_fee", _("待缴费")
    DRAFTED = "drafted", _("答复待审核")
    HEAD_REVIEWED = "head_reviewed", _("处室负责人已审核")
    LEADER_APPROVED = "leader_approved", _("分管领导已批准")
    CLEARED = "cleared", _("保密审查已通过")
    SERVED = "served", _("已送达")
    CLOSED = "closed", _("已办结")
