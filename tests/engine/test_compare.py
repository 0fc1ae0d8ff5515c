from __future__ import annotations

from gongkai.reports.engine import EDITION_2019, EDITION_2021, CellKey, Report, compare
from gongkai.reports.engine.editions import TABLE3_COLUMNS

BOILERPLATE = (
    "我局认真贯彻落实《中华人民共和国政府信息公开条例》和中央、省委工作部署要求，"
    "以促进权力公开透明运行和重点领域信息公开工作为重点，坚持公开透明、公平公正的工作原则。"
)


def _zeros(edition, year) -> Report:
    report = Report.empty(edition, "某局", year)
    for key in edition.cell_keys():
        report.set(key, "0")
    return report


def test_carry_over_must_match_last_years_carry_forward_across_the_edition_change():
    last, this = _zeros(EDITION_2019, 2020), _zeros(EDITION_2021, 2021)
    for report, row in ((last, "carried_forward"), (this, "carried_in")):
        report.set(report.edition.t3(row, TABLE3_COLUMNS[0]), "5")
        report.set(report.edition.t3(row, TABLE3_COLUMNS[-1]), "5")
    assert compare(last, this) == []
    this.set(this.edition.t3("carried_in", TABLE3_COLUMNS[-1]), "4")
    findings = compare(last, this)
    assert [str(f) for f in findings] == [
        "R5 三·二、上年结转·总计: 上年报告“四、结转下年度继续办理”为 5，本年“二、上年结转”为 4"
    ]


def test_reports_that_are_not_consecutive_years_are_refused():
    findings = compare(_zeros(EDITION_2021, 2021), _zeros(EDITION_2021, 2023))
    assert [f.rule for f in findings] == ["R5"] and "2023" in findings[0].message


def test_documents_in_force_roll_forward_in_the_2021_edition():
    last, this = _zeros(EDITION_2021, 2022), _zeros(EDITION_2021, 2023)
    heading = "第二十条第（一）项"
    last.set(CellKey("二", heading, "行政规范性文件", "现行有效件数"), "665")
    this.set(CellKey("二", heading, "行政规范性文件", "本年制发件数"), "88")
    this.set(CellKey("二", heading, "行政规范性文件", "本年废止件数"), "55")
    this.set(CellKey("二", heading, "行政规范性文件", "现行有效件数"), "698")
    assert compare(last, this) == []
    this.set(CellKey("二", heading, "行政规范性文件", "现行有效件数"), "700")
    findings = compare(last, this)
    assert [(f.rule, f.level, f.expected, f.found) for f in findings] == [
        ("S3", "warning", "698", "700")
    ]


def test_project_counts_roll_forward_in_the_2019_edition():
    last, this = _zeros(EDITION_2019, 2019), _zeros(EDITION_2019, 2020)
    heading = "第二十条第（五）项"
    last.set(CellKey("二", heading, "行政许可", "上一年项目数量"), "40")
    last.set(CellKey("二", heading, "行政许可", "本年增/减"), "-3")
    this.set(CellKey("二", heading, "行政许可", "上一年项目数量"), "37")
    assert compare(last, this) == []
    this.set(CellKey("二", heading, "行政许可", "上一年项目数量"), "40")
    assert [f.rule for f in compare(last, this)] == ["S4"]


def test_a_section_copied_from_last_year_is_flagged_as_boilerplate():
    last, this = _zeros(EDITION_2021, 2022), _zeros(EDITION_2021, 2023)
    last.sections["一"] = "2022 年，" + BOILERPLATE
    this.sections["一"] = "2023 年，" + BOILERPLATE
    last.sections["五"] = (
        "存在问题：政策解读形式单一。改进措施：加强培训，提升队伍水平，完善工作机制。"
    )
    this.sections["五"] = (
        "今年新建了依申请公开办理系统，所有申请都在法定期限内答复，并对十二名工作人员进行了培训。"
    )
    findings = compare(last, this)
    assert [(f.rule, f.subject) for f in findings] == [("S5", "一、总体情况")]
