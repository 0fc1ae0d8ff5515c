"""What the demo's items say: titles, summaries and bodies in Chinese, made from a few templates
per category and a topic list per agency, drawn from a seeded generator (the same demo each run)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from gongkai.publishing.models import Kind

# Topics an agency's items are about, by demo agency code; the first is its own field.
TOPICS = {
    "hlj": ("营商环境", "政务服务", "数字政府", "安全生产", "生态环境保护", "乡村振兴"),
    "hlj-ipo": ("专利", "商标", "地理标志", "知识产权保护", "专利转化运用", "知识产权质押融资"),
    "hlj-edu": ("义务教育", "高校招生", "教师资格", "学前教育", "职业教育", "学生资助"),
}
# Short name used in 文号, by agency code.
ABBREVIATIONS = {"hlj": "黑政", "hlj-ipo": "黑知", "hlj-edu": "黑教"}

# category code → (title templates, kind); {agency} {topic} {year} {n} are filled in.
TITLES: dict[str, tuple[tuple[str, ...], str]] = {
    "art20-1": (
        (
            "{agency}关于印发《{topic}管理办法》的通知",
            "{agency}关于进一步加强{topic}工作的实施意见",
            "{agency}关于印发《{topic}工作规程》的通知",
        ),
        Kind.NORMATIVE,
    ),
    "art20-2": (("{agency}主要职责", "{agency}内设机构及职能", "{agency}领导信息"), Kind.OTHER),
    "art20-3": (("{topic}“十四五”发展规划", "{year}年{topic}工作要点"), Kind.OTHER),
    "art20-4": (("{year}年第{n}季度{topic}统计数据", "{year}年{topic}统计公报"), Kind.OTHER),
    "art20-5": (
        ("{topic}行政许可事项办理结果公示（{year}年第{n}期）", "{topic}事项办事指南"),
        Kind.OTHER,
    ),
    "art20-6": (("行政处罚决定书（{abbr}罚〔{year}〕{n}号）", "{topic}行政执法公示"), Kind.OTHER),
    "art20-7": (("{agency}{year}年部门预算", "{agency}{year}年部门决算"), Kind.OTHER),
    "art20-8": (("{agency}行政事业性收费项目目录（{year}年版）",), Kind.OTHER),
    "art20-9": (("{topic}服务项目采购公告", "{topic}服务项目中标结果公告"), Kind.OTHER),
    "art20-12": (("{topic}突发事件应急预案",), Kind.OTHER),
    "art20-13": (("{year}年{topic}监督检查情况通报",), Kind.OTHER),
    "art20-14": (("{year}年度考试录用公务员拟录用人员公示",), Kind.OTHER),
    "art20-15": (("关于开展{year}年{topic}宣传周活动的通知", "{topic}工作动态"), Kind.OTHER),
}
# How often each category comes up, out of the weights' sum.
WEIGHTS = {
    "art20-1": 6,
    "art20-2": 1,
    "art20-3": 2,
    "art20-4": 3,
    "art20-5": 5,
    "art20-6": 3,
    "art20-7": 1,
    "art20-8": 1,
    "art20-9": 2,
    "art20-12": 1,
    "art20-13": 2,
    "art20-14": 1,
    "art20-15": 4,
}

_OPENINGS = (
    "为深入贯彻落实党中央、国务院关于{topic}工作的决策部署，进一步规范和加强{topic}工作，"
    "结合本省实际，制定本文件。",
    "根据《中华人民共和国政府信息公开条例》和有关法律法规的规定，现将{topic}有关情况公开如下。",
    "为推进{topic}工作高质量发展，提升服务水平，现就有关事项通知如下。",
)
_MIDDLES = (
    "各地各部门要提高思想认识，加强组织领导，明确责任分工，确保{topic}各项工作落到实处。",
    "要坚持问题导向，聚焦群众关切，完善{topic}工作机制，推动政策措施精准落地。",
    "要加强监督检查，对{topic}工作中发现的问题及时督促整改，整改情况按要求报送。",
    "要加强政策解读和宣传引导，及时回应社会关切，营造良好的{topic}工作氛围。",
    "申请专利、商标注册等知识产权事项，可通过政务服务网在线办理。",
)
_CLOSINGS = (
    "本文件自印发之日起施行。",
    "联系人及电话见本机关政府信息公开指南。",
    "特此公告。",
)


@dataclass(frozen=True)
class DemoContent:
    category_code: str
    kind: str
    title: str
    document_number: str
    summary: str
    body: str
    topic: str


def draw(rng: random.Random, agency_code: str, agency_name: str, year: int, n: int) -> DemoContent:
    code = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
    templates, kind = TITLES[code]
    topic = rng.choice(TOPICS[agency_code])
    abbr = ABBREVIATIONS[agency_code]
    fill = {"agency": agency_name, "topic": topic, "year": year, "n": n % 4 + 1, "abbr": abbr}
    title = rng.choice(templates).format(**fill)
    number = f"{abbr}规〔{year}〕{n}号" if kind == Kind.NORMATIVE else ""
    if not number and rng.random() < 0.4:
        number = f"{abbr}发〔{year}〕{n}号"
    paragraphs = [
        rng.choice(_OPENINGS),
        *rng.sample(_MIDDLES, k=rng.randint(2, 4)),
        rng.choice(_CLOSINGS),
    ]
    body = "".join(f"<p>{p.format(topic=topic)}</p>" for p in paragraphs)
    summary = f"公开{agency_name}关于{topic}的{title[-2:] if len(title) > 2 else title}信息。"
    return DemoContent(code, kind, title, number, summary, body, topic)


def formed_days(rng: random.Random, first: date, last: date, count: int) -> list[date]:
    """``count`` days between ``first`` and ``last``, in order."""
    span = (last - first).days
    return sorted(date.fromordinal(first.toordinal() + rng.randint(0, span)) for _ in range(count))
