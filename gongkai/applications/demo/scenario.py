"""The demo's story: two years of applications to two provincial agencies, relative to today.

Last year (P) holds one application per table 三 outcome and every special path: corrections
answered and abandoned, consultations of a third party and of another agency, an extension, an
Art. 35 deadline, fees by volume and by count, an unpaid fee, a withdrawal, a reply returned
for revision. December's applications run into January, so carry-over shows. This year (Y) has
replies and work still open today: overdue, due soon, waiting on the applicant or a third
party (some past their consultation answer or payment period), and online submissions not yet
confirmed.
"""

from __future__ import annotations

import random
from datetime import date

from gongkai.applications import fees
from gongkai.applications.demo.plan import (
    Case,
    Consultation,
    Correction,
    CustomDeadline,
    Extension,
    Fee,
)
from gongkai.applications.demo.story import EDU, Story, still_open
from gongkai.workdays.calendar import WorkCalendar

SEED = 20190515  # the day the revised 条例 took effect

# One reply per outcome last year: (outcome, column, channel, what was asked for).
EVERY_OUTCOME = (
    ("granted", "natural_person", "in_person", "{P} 年度专利资助资金拨付明细"),
    ("partial", "business", "post_signed", "某专利侵权纠纷行政裁决案件卷宗"),
    ("withheld.1", "natural_person", "oral", "国防专利申请审查意见通知书"),
    ("withheld.2", "natural_person", "fax", "专利申请人个人身份信息汇总表"),
    ("withheld.3", "research", "email", "全省知识产权领域重大风险评估报告"),
    ("withheld.5", "natural_person", "in_person", "局机关干部年度考核结果"),
    ("withheld.6", "public_interest", "email", "局长办公会议讨论记录"),
    ("withheld.7", "legal_services", "post_signed", "某假冒专利行政处罚案件执法卷宗"),
    ("withheld.8", "natural_person", "online", "某企业商标注册档案"),
    ("unavailable.1", "natural_person", "post_ordinary", "2005 年专利代理机构年检资料"),
    ("unavailable.2", "research", "post_ordinary", "近十年全省专利侵权案件按行业统计分析"),
    ("not_handled.1", "natural_person", "oral", "要求查处某公司假冒专利行为（举报）"),
    ("not_handled.2", "natural_person", "online", "{P} 年度专利资助资金拨付明细（重复申请）"),
    ("not_handled.3", "public_interest", "post_ordinary", "《黑龙江知识产权》全年各期"),
    ("not_handled.4", "natural_person", "email", "2000 年以来局机关全部收发文"),
    ("not_handled.5", "business", "fax", "确认本公司专利权属证明的真实性"),
)
ORDINARY = (
    ("granted", "专利代理机构名录"),
    ("granted", "{Y} 年知识产权优势企业认定名单"),
    ("granted", "专利导航项目资金安排"),
    ("granted", "地理标志产品保护申报指南"),
    ("partial", "专利质押融资贴息审核材料"),
    ("unavailable.1", "某县知识产权局内部值班表"),
    ("not_handled.2", "专利代理机构名录（重复申请）"),
)
COLUMNS = ("natural_person",) * 6 + ("business", "business", "research", "legal_services")
CHANNELS = ("in_person", "online", "online", "email", "post_signed", "post_ordinary", "fax")
EDU_INFO = (
    "{P} 年省属高校招生计划",
    "民办学校办学许可审批结果",
    "{Y} 年教育经费统计公告",
    "某中学校舍安全检查报告",
    "义务教育阶段学校划片方案",
)


def demo_cases(today: date, calendar: WorkCalendar) -> list[Case]:
    """Every demo case, the same for the same day."""
    story = Story(today, calendar, random.Random(SEED))
    _every_outcome(story)
    _every_path(story)
    _ordinary(story, story.P, 12)
    _year_boundary(story)
    _this_year(story)
    _ordinary(story, story.Y, 8)
    _open_now(story)
    _education(story)
    return story.cases


def _every_outcome(s: Story) -> None:
    for i, (outcome, column, channel, info) in enumerate(EVERY_OUTCOME):
        received = s.month(s.P, 1 + i * 11 // len(EVERY_OUTCOME))
        days = s.rng.randint(5, 19)
        s.closed(f"ipo-{s.P}-{outcome}", outcome, column, channel, received, days, info=info)


def _every_path(s: Story) -> None:
    P = s.P
    r = s.month(P, 3)
    start, end = s.after(r, 3), s.after(r, 14)
    s.closed(f"ipo-{P}-third-party", "withheld.4", "business", "post_signed", r, 3, start=end,
             consultation=Consultation(start, end, party="某某科技有限公司"),
             info="某公司专利许可合同备案材料")  # fmt: skip
    r = s.month(P, 4)
    asked, answered = s.after(r, 3), s.after(r, 8)
    s.closed(f"ipo-{P}-still-unclear", "unavailable.3", "natural_person", "in_person", r, 10,
             start=answered, correction=Correction(asked, s.after(asked, 10), answered),
             info="关于那份文件的信息")  # fmt: skip
    r = s.month(P, 5)
    asked = s.after(r, 2)
    s.closed(f"ipo-{P}-corrected", "granted", "research", "email", r, 12, start=s.after(r, 7),
             correction=Correction(asked, s.after(asked, 10), s.after(r, 7)),
             info="某科研项目专利申请资助")  # fmt: skip
    r = s.month(P, 6)
    asked = s.after(r, 2)
    s.closed(f"ipo-{P}-abandoned", "other.1", "natural_person", "online", r, 13,
             correction=Correction(asked, s.after(asked, 10)), info="有关专利的材料")  # fmt: skip
    r = s.month(P, 6)
    notice = s.after(r, 5)
    s.closed(f"ipo-{P}-fee-unpaid", "other.2", "business", "post_signed", r, 22, start=notice,
             fee=Fee(notice, fees.BY_VOLUME, 120),
             info="{P} 年全部专利行政裁决文书纸质复印件")  # fmt: skip
    s.closed(f"ipo-{P}-withdrawn", "other.3", "natural_person", "in_person", s.month(P, 7), 3,
             withdrawn=True, info="商标代理机构名录")  # fmt: skip
    r = s.month(P, 8)
    s.closed(f"ipo-{P}-extended", "granted", "research", "post_ordinary", r, 30,
             extension=Extension(s.after(r, 17)),
             info="{P} 年高价值专利培育项目验收材料")  # fmt: skip
    r = s.month(P, 9)
    s.closed(f"ipo-{P}-art35", "granted", "legal_services", "email", r, 38,
             custom=CustomDeadline(s.after(r, 4), s.after(r, 45)),
             info="近五年全部专利侵权纠纷处理决定书（共 140 件）")  # fmt: skip
    r = s.month(P, 9)
    notice, paid = s.after(r, 4), s.after(r, 13)
    s.closed(f"ipo-{P}-fee-by-volume", "granted", "natural_person", "in_person", r, 3,
             start=paid, fee=Fee(notice, fees.BY_VOLUME, 250, paid=paid),
             info="专利资助申报材料纸质复印件（250 页）")  # fmt: skip
    r = s.month(P, 10)
    notice, paid = s.after(r, 3), s.after(r, 9)
    s.closed(f"ipo-{P}-fee-by-count", "granted", "business", "email", r, 4,
             start=paid, fee=Fee(notice, fees.BY_COUNT, 15, paid=paid),
             info="十五家企业的专利资助拨付凭证（按一事一申请拆分为 15 件）")  # fmt: skip
    r = s.month(P, 11)
    s.closed(f"ipo-{P}-other-agency", "granted", "other_org", "post_signed", r, 18,
             consultation=Consultation(s.after(r, 2), s.after(r, 11), "国家知识产权局", "agency"),
             info="与国家知识产权局联合发布的专利转化专项计划")  # fmt: skip
    s.closed(f"ipo-{P}-returned", "partial", "natural_person", "fax", s.month(P, 11), 16,
             returned=True, info="某专利侵权纠纷调解协议")  # fmt: skip


def _ordinary(s: Story, year: int, count: int) -> None:
    last = min(date(year, 11, 20), s.ago(25))
    for i in range(count):
        outcome, info = s.pick(ORDINARY)
        received = s.between(date(year, 1, 6), last)
        if received > last:
            continue
        column, channel = s.pick(COLUMNS), s.pick(CHANNELS)
        days = s.rng.randint(4, 19)
        s.closed(f"ipo-{year}-{i + 1:02d}", outcome, column, channel, received, days, info=info)


def _year_boundary(s: Story) -> None:
    """Received in December last year, open on 12-31, replied to in January (if that has come)."""
    P, Y = s.P, s.Y
    s.closed(f"ipo-{P}-dec-extended", "granted", "natural_person", "in_person",
             s.w(date(P, 12, 8)), 28, extension=Extension(s.w(date(P, 12, 29)), 15),
             info="{P} 年第四季度专利资助拨付明细", fallback=still_open)  # fmt: skip
    start, end = s.w(date(P, 12, 18)), s.w(date(Y, 1, 9))
    s.closed(f"ipo-{P}-dec-third-party", "withheld.4", "business", "post_signed",
             s.w(date(P, 12, 15)), 5, start=end, consultation=Consultation(start, end),
             info="某企业专利实施许可合同", fallback=still_open)  # fmt: skip
    s.closed(f"ipo-{P}-dec-online", "unavailable.1", "natural_person", "online",
             s.w(date(P, 12, 29)), 14, info="某商标异议案件材料", fallback=still_open)  # fmt: skip
    answered = s.w(date(Y, 1, 7))
    s.closed(f"ipo-{P}-dec-corrected", "partial", "public_interest", "email",
             s.w(date(P, 12, 22)), 12, start=answered,
             correction=Correction(s.w(date(P, 12, 24)), date(Y, 1, 12), answered),
             info="知识产权公益诉讼线索移送情况", fallback=still_open)  # fmt: skip
    # Still waiting for the applicant on 12-31: a correction answered in January.


def _this_year(s: Story) -> None:
    Y = s.Y
    r = s.month(Y, 2)
    start, end = s.after(r, 3), s.after(r, 12)
    s.closed(f"ipo-{Y}-third-party", "withheld.4", "business", "email", r, 4, start=end,
             consultation=Consultation(start, end, party="某某生物科技有限公司"),
             info="某企业专利权质押登记材料")  # fmt: skip
    r = s.month(Y, 3)
    asked = s.after(r, 3)
    s.closed(f"ipo-{Y}-abandoned", "other.1", "natural_person", "post_ordinary", r, 14,
             correction=Correction(asked, s.after(asked, 10)), info="那个专利的事")  # fmt: skip
    r = s.month(Y, 4)
    notice = s.after(r, 3)
    s.closed(f"ipo-{Y}-fee-unpaid", "other.2", "natural_person", "in_person", r, 23,
             start=notice, fee=Fee(notice, fees.BY_VOLUME, 90),
             info="{P} 年专利行政执法案件统计原始台账")  # fmt: skip
    s.closed(f"ipo-{Y}-withdrawn", "other.3", "business", "fax", s.month(Y, 5), 2,
             withdrawn=True, info="专利代理机构信用评价结果")  # fmt: skip
    r = s.month(Y, 6)
    s.closed(f"ipo-{Y}-extended", "partial", "legal_services", "post_signed", r, 32,
             extension=Extension(s.after(r, 18), 15, "涉及三个处室的档案，需逐件核实"),
             info="某专利无效宣告请求相关行政文书")  # fmt: skip
    r = s.month(Y, 7)
    s.closed(f"ipo-{Y}-art35", "granted", "natural_person", "email", r, 35,
             custom=CustomDeadline(s.after(r, 5), s.after(r, 40)),
             info="{P} 年以来全部专利资助公示文件")  # fmt: skip
    r = s.month(Y, 8)
    notice, paid = s.after(r, 3), s.after(r, 10)
    s.closed(f"ipo-{Y}-fee-paid", "granted", "research", "post_signed", r, 5,
             start=paid, fee=Fee(notice, fees.BY_VOLUME, 80, paid=paid),
             info="省级专利转化项目立项材料（80 页）")  # fmt: skip


def _open_now(s: Story) -> None:
    """Work on the desks today: every state of the workload screens."""
    Y, today = s.Y, s.today
    s.add(f"ipo-{Y}-overdue-1", "natural_person", "in_person", s.ago(30), stop="assigned",
          info="某专利行政裁决执行情况")  # fmt: skip
    s.add(f"ipo-{Y}-overdue-2", "business", "email", s.ago(24), outcome="result.granted",
          stop="drafted", stop_on=s.ago(2), info="{Y} 年专利转化专项资金分配方案")  # fmt: skip
    s.add(f"ipo-{Y}-due-soon-1", "natural_person", "online", s.ago(17), stop="assigned",
          info="知识产权保护中心预审服务备案名单")  # fmt: skip
    s.add(f"ipo-{Y}-due-soon-2", "natural_person", "post_signed", s.ago(18),
          outcome="result.withheld.6", stop="head_reviewed", stop_on=s.ago(1),
          info="专利资助政策修订征求意见汇总")  # fmt: skip
    s.add(f"ipo-{Y}-reviewed", "research", "fax", s.ago(12), outcome="result.granted",
          stop="cleared", stop_on=today, info="{Y} 年专利奖评审结果")  # fmt: skip
    r = s.ago(10)
    s.add(f"ipo-{Y}-consulting", "business", "post_signed", r,
          consultation=Consultation(s.after(r, 3), party="某某新材料有限公司"),
          info="某企业专利侵权纠纷调解记录")  # fmt: skip
    r = s.ago(6)
    s.add(f"ipo-{Y}-correction", "natural_person", "email", r,
          correction=Correction(s.after(r, 2), s.after(r, 14)), info="局里的那个通知")  # fmt: skip
    r = s.ago(12)
    s.add(f"ipo-{Y}-awaiting-fee", "legal_services", "post_signed", r,
          fee=Fee(s.after(r, 5), fees.BY_VOLUME, 180),
          info="全部专利侵权纠纷案件卷宗复印件（180 页）")  # fmt: skip
    # Waiting periods that ran out with nobody acting: the consulted party's 15 working days
    # (Art. 32) and the applicant's 20 to pay are over, and the clerk has yet to decide.
    r = s.ago(22)
    s.add(f"ipo-{Y}-consultation-over", "business", "email", r,
          consultation=Consultation(s.after(r, 2), party="某某光电科技有限公司"),
          info="某企业专利许可使用费备案材料")  # fmt: skip
    r = s.ago(25)
    s.add(f"ipo-{Y}-fee-window-over", "natural_person", "post_signed", r,
          fee=Fee(s.after(r, 2), fees.BY_VOLUME, 150),
          info="专利行政执法案件卷宗复印件（150 页）")  # fmt: skip
    r = s.ago(22)
    s.add(f"ipo-{Y}-extension-open", "natural_person", "in_person", r, stop="assigned",
          extension=Extension(s.after(r, 18)), info="专利侵权判定咨询专家库名单")  # fmt: skip
    r = s.ago(25)
    s.add(f"ipo-{Y}-art35-open", "other_org", "email", r, stop="assigned",
          custom=CustomDeadline(s.after(r, 3), s.after(r, 45)),
          info="近十年全部行业协会专利统计报送材料")  # fmt: skip
    s.add(f"ipo-{Y}-registered", "natural_person", "oral", s.ago(1), stop="registered",
          info="专利费用减缴备案办理流程")  # fmt: skip
    for i, days_ago in enumerate((2, 1, 0), start=1):
        s.add(f"ipo-{Y}-unconfirmed-{i}", "natural_person", "online", None,
              submitted=s.ago(days_ago) if days_ago else today, stop="submitted",
              info="专利权质押登记办理情况")  # fmt: skip


def _education(s: Story) -> None:
    """A second agency, so the provincial office sees more than one."""
    P, Y = s.P, s.Y
    for i, (outcome, month) in enumerate(
        (("granted", 3), ("partial", 5), ("unavailable.1", 6), ("withheld.6", 9), ("granted", 11))
    ):
        s.closed(f"edu-{P}-{i + 1}", outcome, s.pick(COLUMNS), s.pick(CHANNELS),
                 s.month(P, month), s.rng.randint(6, 18), agency=EDU, info=EDU_INFO[i])  # fmt: skip
    s.closed(f"edu-{P}-dec", "granted", "public_interest", "post_signed", s.w(date(P, 12, 16)),
             17, agency=EDU, info="学前教育普惠性资源布局规划", fallback=still_open)  # fmt: skip
    for i, month in enumerate((3, 6, 9), start=1):
        s.closed(f"edu-{Y}-{i}", "granted", s.pick(COLUMNS), "online", s.month(Y, month),
                 s.rng.randint(6, 18), agency=EDU, info=EDU_INFO[i])  # fmt: skip
    s.add(f"edu-{Y}-overdue", "natural_person", "in_person", s.ago(26), agency=EDU,
          stop="assigned", info="某高校学位授予审核材料")  # fmt: skip
    s.add(f"edu-{Y}-due-soon", "business", "email", s.ago(16), agency=EDU, stop="assigned",
          info="校外培训机构审批名单")  # fmt: skip
