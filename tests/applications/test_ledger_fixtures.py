"""Ledger files for the import tests, built here with openpyxl and csv (no fixtures on disk).

Rows are dicts keyed by the ledger's Chinese headers; ``person_row`` and ``organisation_row`` are
valid as they stand, and each test spoils the cells it is about.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from openpyxl import Workbook

from gongkai.applications.ledger.columns import HEADERS
from tests.applications.factories import resident_id, uscc


def person_row(**cells: Any) -> dict[str, Any]:
    row = {
        "收到申请日期": date(2026, 3, 2),
        "申请方式": "当面提交",
        "申请人类型": "自然人",
        "姓名或名称": "张三",
        "证件类型": "居民身份证",
        "证件号码": resident_id(),
        "联系电话": "13800138000",
        "通信地址": "哈尔滨市南岗区某街 1 号",
        "电子邮箱": "zhangsan@example.com",
        "所需信息名称": "2025 年专利资助资金分配结果",
        "获取信息的形式": "电子文本",
        "获取信息的方式": "电子邮件",
    }
    row.update(cells)
    return row


def organisation_row(**cells: Any) -> dict[str, Any]:
    row = {
        "收到申请日期": date(2026, 2, 10),
        "申请方式": "邮寄（需签收）",
        "申请人类型": "法人或其他组织",
        "姓名或名称": "某某科技有限公司",
        "统一社会信用代码": uscc(),
        "组织类型": "商业企业",
        "联系人": "李四",
        "联系电话": "0451-86661234",
        "通信地址": "哈尔滨市松北区某路 8 号",
        "所需信息名称": "专利侵权纠纷行政裁决案件目录",
        "获取信息的形式": "纸质文本",
        "获取信息的方式": "邮寄",
    }
    row.update(cells)
    return row


def closed(row: dict[str, Any], outcome: str, after_days: int = 15) -> dict[str, Any]:
    return {**row, "答复结果": outcome, "办结日期": row["收到申请日期"] + timedelta(after_days)}


OUTCOME_WORDINGS = (
    "予以公开",
    "（二）部分公开",
    "（三）4 保护第三方合法权益",
    "不予公开-属于国家秘密",
    "1.本机关不掌握相关政府信息",
    "重复申请",
    "（六）3.其他",
)


def twenty_rows() -> list[dict[str, Any]]:
    """Twenty valid rows: persons and organisations of every kind, open and closed, numbered
    and not, across 2025 and 2026."""
    kinds = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
    rows: list[dict[str, Any]] = []
    for i in range(20):
        received = date(2025, 1, 6) + timedelta(days=30 * i)
        if i % 2:
            row = organisation_row(组织类型=kinds[i % 5], 收到申请日期=received)
        else:
            row = person_row(收到申请日期=received, 姓名或名称=f"申请人{i}")
        if i % 3 == 0:
            row["申请编号"] = f"旧台账-{i:03d}"
        if i < 14:
            row = closed(row, OUTCOME_WORDINGS[i % len(OUTCOME_WORDINGS)])
        rows.append(row)
    return rows


def headers_of(rows: Sequence[dict[str, Any]]) -> list[str]:
    present = {h for row in rows for h in row}
    return [h for h in HEADERS if h in present]


def xlsx_file(
    rows: Sequence[dict[str, Any]],
    headers: Sequence[str] | None = None,
    *,
    above: Sequence[Sequence[Any]] = (),
) -> bytes:
    headers = list(headers or headers_of(rows))
    workbook = Workbook()
    sheet = workbook.active
    for line in above:
        sheet.append(list(line))
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_text(rows: Sequence[dict[str, Any]], headers: Sequence[str] | None = None) -> str:
    headers = list(headers or headers_of(rows))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_text(row.get(h)) for h in headers])
    return out.getvalue()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
