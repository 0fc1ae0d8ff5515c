"""The 政府信息公开指南 (《条例》第十二条) as data, from the agency's settings: the office's name
and how to reach it, and where to apply. A setting left blank is left out of the guide, never
printed empty."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency


@dataclass(frozen=True)
class Entry:
    label: str
    value: str
    link: str = ""  # mailto: for the e-mail address


def entries(pairs: list[tuple[str, str, str]]) -> list[Entry]:
    """(label, value, link) as entries; those with a blank value left out."""
    return [Entry(label, value.strip(), link) for label, value, link in pairs if value.strip()]


def office_entries(agency: Agency) -> list[Entry]:
    """第十二条: 工作机构的名称、办公地址、办公时间、联系电话、传真号码、互联网联系方式."""
    email = agency.office_email.strip()
    return entries(
        [
            (_("机构名称"), agency.office_name, ""),
            (_("办公地址"), agency.office_address, ""),
            (_("邮政编码"), agency.office_postcode, ""),
            (_("办公时间"), agency.office_hours, ""),
            (_("联系电话"), agency.office_phone, ""),
            (_("传真号码"), agency.office_fax, ""),
            (_("电子邮箱"), email, f"mailto:{email}" if email else ""),
        ]
    )


def letter_entries(agency: Agency) -> list[Entry]:
    """Where a letter or a visit reaches the office (依申请公开 on paper or in person)."""
    return entries(
        [
            (_("收件机构"), agency.office_name, ""),
            (_("通信地址"), agency.office_address, ""),
            (_("邮政编码"), agency.office_postcode, ""),
            (_("现场提交时间"), agency.office_hours, ""),
            (_("咨询电话"), agency.office_phone, ""),
            (_("传真号码"), agency.office_fax, ""),
        ]
    )
