"""``gongkai demo``: demo data for a development database (run by ``make run``).

Builds a provincial government with two departments, a user in every role, and applications
over the last two years, each taken through the handling services. Safe to run again: with the
demo present it changes nothing and says so; ``--reset`` removes the demo and builds it anew.
Refused when GONGKAI_DEBUG is false (it creates a superuser with a known password), unless
``--force``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Role
from gongkai.applications.demo.build import (
    AGENCIES,
    CODES,
    PASSWORD,
    SUPERUSER,
    USERS,
    demo_agencies,
    demo_build,
    demo_exists,
    demo_remove,
    demo_state_counts,
)
from gongkai.applications.models import State
from gongkai.publishing.demo.build import publishing_demo_state_counts
from gongkai.publishing.models import State as ItemState


class Command(BaseCommand):
    help = "生成演示数据：省政府及两个部门、各角色用户、近两年的政府信息公开申请（可重复运行）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset", action="store_true", help="删除已有演示数据后重新生成")
        parser.add_argument(
            "--force",
            action="store_true",
            help="在 GONGKAI_DEBUG=false（生产环境）时仍然执行；演示用户的密码是公开的",
        )

    def handle(self, *args, reset: bool = False, force: bool = False, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "演示数据含密码公开的超级用户，只用于开发环境；GONGKAI_DEBUG 为 false 时拒绝执行"
                "（确需执行请加 --force）"
            )
        if demo_exists() and not reset:
            self.stdout.write("演示数据已存在，未作改动（如需重建，请加 --reset）。")
            self._summary()
            return
        # One transaction: a rebuild that fails (a missing font, say) leaves the old demo.
        with transaction.atomic():
            if demo_exists():
                removed = demo_remove()
                self.stdout.write(f"已删除原有演示数据（{removed} 件申请）。")
            self.stdout.write(
                "正在生成演示数据：每件申请逐步经办理服务记录，并生成告知书，需要一些时间……"
            )
            applications = demo_build()
        self.stdout.write(self.style.SUCCESS(f"已生成 {len(applications)} 件演示申请。"))
        self._summary()

    def _summary(self) -> None:
        out = self.stdout.write
        names = {agency.code: agency for agency in demo_agencies()}
        on_platform = {spec.code for spec in AGENCIES}
        out("\n机关（代码）：")
        for agency in names.values():
            indent = "  " if agency.parent_id is None else "    "
            if agency.code in on_platform:
                departments = "、".join(agency.departments.values_list("name", flat=True))
                out(f"{indent}{agency.code:<8} {agency.name}（处室：{departments}）")
            else:
                uploaded = "未使用平台：年度报告由省级公开办上传"
                out(f"{indent}{agency.code:<8} {agency.name}（{uploaded}）")
        out(f"\n用户（密码均为 {PASSWORD}，仅供演示）：")
        out(f"  {SUPERUSER:<13} 平台管理员（超级用户）")
        for username, (full_name, roles) in USERS.items():
            held = "；".join(f"{names[code].name}·{Role(role).label}" for code, role, _ in roles)
            out(f"  {username:<13} {full_name}  {held}")
        out("\n各状态申请件数：")
        labels = dict(State.choices)
        for code, counts in demo_state_counts().items():
            if not counts:
                continue
            parts = " · ".join(f"{labels[s]} {counts[s]}" for s in State.values if counts[s])
            out(f"  {names[code].name}（{code}）：{parts}")
        out("\n主动公开信息（门户网站 http://127.0.0.1:8000/ ，工作人员 /staff/items/）：")
        item_labels = dict(ItemState.choices)
        for code, counts in publishing_demo_state_counts(CODES).items():
            if not counts:
                continue
            parts = " · ".join(
                f"{item_labels[s]} {counts[s]}" for s in ItemState.values if counts[s]
            )
            out(f"  {names[code].name}（{code}）：{parts}")
        year = timezone.localdate().year
        out("\n查看由办理记录计算的年度报告表二、表三并校验：")
        for code in ("hlj-ipo", "hlj-edu"):
            for y in (year - 1, year):
                out(f"  gongkai report compute --agency {code} --year {y} | gongkai report check -")
