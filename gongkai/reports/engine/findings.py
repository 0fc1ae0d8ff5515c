"""What the checker reports: a finding names its rule, its cells, what was expected and found."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .editions import CellKey

Level = Literal["error", "warning"]

# The rules with their stable ids (DOMAIN.md §1.8). Errors are arithmetic the format itself
# implies; warnings are heuristics that real, correct reports sometimes break.
RULES: dict[str, tuple[Level, str]] = {
    "R1": ("error", "表三：第一项加第二项之和，等于第三项加第四项之和"),
    "R2": ("error", "表三：每行的总计等于六类申请人之和"),
    "R3": ("error", "表三：（七）总计等于各项办理结果之和"),
    "R4": ("error", "表四：维持、纠正、其他、尚未审结之和等于总计"),
    "R5": ("error", "跨年度：本年“上年结转”等于上年“结转下年度继续办理”"),
    "R6": ("error", "各单元格为其栏目规定的数值（表三、表四为非负整数，总计不得空白）"),
    "S1": ("warning", "正文中的数字与表格一致"),
    "S2": ("warning", "有信息处理费时，第六部分应说明收费情况"),
    "S3": ("warning", "2021 年版表二：上年现行有效件数 + 本年制发 − 本年废止 = 本年现行有效件数"),
    "S4": (
        "warning",
        "2019 年版表二：本年“上一年项目数量” = 上年“上一年项目数量” + 上年“本年增/减”",
    ),
    "S5": ("warning", "跨年度：正文与上年报告内容雷同"),
}


@dataclass(frozen=True)
class Finding:
    rule: str
    subject: str  # the cell or place the finding is about, e.g. 三（七）总计·自然人
    message: str  # what was expected and what was found, e.g. 各办理结果之和为 26，表中为 20
    cells: tuple[CellKey, ...] = field(default=())  # every cell the rule looked at
    level: Level = "error"
    expected: str = ""
    found: str = ""
    quote: str = ""  # the report's own words the finding is about (S1: the sentence)

    def __str__(self) -> str:
        return f"{self.rule} {self.subject}: {self.message}"


def finding(rule: str, subject: str, message: str, **kw) -> Finding:
    level = kw.pop("level", RULES[rule][0])
    return Finding(rule=rule, subject=subject, message=message, level=level, **kw)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.level == "error" for f in findings)
