"""The 政府信息公开指南 is generated from the agency's settings and lists every element of
《条例》第十二条; a setting left blank is left out, not printed empty."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from gongkai.agencies.models import Agency
from gongkai.publishing.seeding import seed_categories

pytestmark = pytest.mark.django_db

SETTINGS = {
    "office_name": "黑龙江省知识产权局综合协调处",
    "office_address": "哈尔滨市南岗区汉水路 1 号",
    "office_postcode": "150001",
    "office_hours": "工作日 8:30—11:30，13:30—17:00",
    "office_phone": "0451-82628080",
    "office_fax": "0451-82628081",
    "office_email": "gongkai@hlipo.example.gov.cn",
    "apply_instructions": "申请人应当提供身份证明。\n每份申请限一项政府信息。",
}


def _guide(client, agency: Agency) -> str:
    response = client.get(reverse("portal:guide", args=[agency.code]))
    assert response.status_code == 200
    return re.sub(r"\s+", "", response.content.decode())


def test_the_guide_lists_every_article_12_element_from_the_settings(client, office):
    Agency.objects.filter(pk=office.agency.pk).update(**SETTINGS)
    seed_categories(office.agency)
    html = _guide(client, office.agency)
    # 政府信息的分类、编排体系: the catalogue, each category with its legal basis.
    assert "政府信息的分类与编排体系" in html
    assert "行政法规、规章和规范性文件" in html
    assert "依据：《条例》第二十条第（一）项" in html
    assert "依据：《条例》第二十条第（十五）项" in html
    # 获取方式: this portal and its search; the online form; the office by letter or in person.
    assert "获取政府信息的方式" in html and "主动公开" in html and "依申请公开" in html
    assert reverse("portal:catalogue", args=[office.agency.code]) in html
    assert reverse("portal:search") + f"?agency={office.agency.code}" in html
    assert reverse("applications:apply", args=[office.agency.code]) in html
    assert reverse("applications:track") in html
    assert "申请人应当提供身份证明。<br>每份申请限一项政府信息。" in html
    # 工作机构的名称、办公地址、办公时间、联系电话、传真号码、互联网联系方式.
    for label, key in (
        ("机构名称", "office_name"),
        ("办公地址", "office_address"),
        ("邮政编码", "office_postcode"),
        ("办公时间", "office_hours"),
        ("联系电话", "office_phone"),
        ("传真号码", "office_fax"),
        ("电子邮箱", "office_email"),
    ):
        value = re.sub(r"\s+", "", SETTINGS[key])
        assert re.search(f"<dt>{label}</dt><dd>(<a[^>]*>)?{re.escape(value)}", html), label
    assert f'href="mailto:{SETTINGS["office_email"]}"' in html


def test_the_guide_leaves_out_blank_settings(client, office):
    Agency.objects.filter(pk=office.agency.pk).update(
        office_name="综合协调处", office_phone="0451-82628080"
    )
    html = _guide(client, office.agency)
    assert "<dt>机构名称</dt><dd>综合协调处</dd>" in html
    assert "<dt>联系电话</dt><dd>0451-82628080</dd>" in html
    for label in ("传真号码", "电子邮箱", "办公时间", "邮政编码", "办公地址", "申请须知"):
        assert label not in html, label
    assert "<dd></dd>" not in html


def test_a_guide_with_no_office_settings_still_says_how_to_apply_online(client, office):
    html = _guide(client, office.agency)
    assert "政府信息公开工作机构" not in html
    assert "信函或当面申请" not in html
    assert reverse("applications:apply", args=[office.agency.code]) in html
    main = html[html.index("<main") : html.index("</main>")]
    assert "<dd></dd>" not in main and "<dl" not in main
