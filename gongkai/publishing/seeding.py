"""The categories a new catalogue starts with: the fifteen items of Art. 20, and for the bodies
of 设区的市 and 县 the topics Art. 21 adds. The names are the article's own words (shortened
where the article runs on); the agency admin may rename, add and reorder afterwards."""

from __future__ import annotations

from django.db import transaction

from gongkai.agencies.models import Agency
from gongkai.core.generations import PUBLIC_PAGES, bump_generation
from gongkai.publishing.models import Category

# (code, name, basis); the basis is the legal citation shown in the guide.
ARTICLE_20 = (
    ("art20-1", "行政法规、规章和规范性文件", "《条例》第二十条第（一）项"),
    (
        "art20-2",
        "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
        "《条例》第二十条第（二）项",
    ),
    ("art20-3", "规划及相关政策", "《条例》第二十条第（三）项"),
    ("art20-4", "统计信息", "《条例》第二十条第（四）项"),
    ("art20-5", "行政许可和其他对外管理服务事项", "《条例》第二十条第（五）项"),
    ("art20-6", "行政处罚、行政强制", "《条例》第二十条第（六）项"),
    ("art20-7", "财政预算、决算信息", "《条例》第二十条第（七）项"),
    ("art20-8", "行政事业性收费项目及其依据、标准", "《条例》第二十条第（八）项"),
    ("art20-9", "政府集中采购项目的目录、标准及实施情况", "《条例》第二十条第（九）项"),
    ("art20-10", "重大建设项目的批准和实施情况", "《条例》第二十条第（十）项"),
    ("art20-11", "扶贫、教育、医疗、社会保障、促进就业", "《条例》第二十条第（十一）项"),
    ("art20-12", "突发公共事件的应急预案、预警信息及应对情况", "《条例》第二十条第（十二）项"),
    (
        "art20-13",
        "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
        "《条例》第二十条第（十三）项",
    ),
    (
        "art20-14",
        "公务员招考的职位、名额、报考条件等事项以及录用结果",
        "《条例》第二十条第（十四）项",
    ),
    ("art20-15", "其他依法应当主动公开的政府信息", "《条例》第二十条第（十五）项"),
)
ARTICLE_21 = tuple(
    (f"art21-{n}", name, "《条例》第二十一条")
    for n, name in enumerate(
        ("市政建设", "公共服务", "公益事业", "土地征收", "房屋征收", "治安管理", "社会救助"), 1
    )
)
# The levels Art. 21 speaks to: 设区的市级、县级人民政府及其部门.
ARTICLE_21_LEVELS = frozenset({"city", "county"})


def seed_categories(agency: Agency) -> list[Category]:
    """The statutory categories the agency's catalogue lacks, added (by code: a renamed one is
    not added again)."""
    wanted = list(ARTICLE_20) + (list(ARTICLE_21) if agency.level in ARTICLE_21_LEVELS else [])
    with transaction.atomic():
        have = set(Category.objects.filter(agency=agency).values_list("code", flat=True))
        bump_generation(PUBLIC_PAGES)
        return Category.objects.bulk_create(
            Category(agency=agency, code=code, name=name, basis=basis, position=position)
            for position, (code, name, basis) in enumerate(wanted, 1)
            if code not in have
        )
