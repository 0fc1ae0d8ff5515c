"""``gongkai restore ARCHIVE``: a backup (``gongkai backup``) back into an empty instance.

    gongkai restore ARCHIVE [--force]
    gongkai restore ARCHIVE --check

The archive is checked first (its side file ``ARCHIVE.sha256``, every member against the
manifest, the migration state against the code); a bad archive, a backup from newer code, or a
non-empty instance (without --force) is refused before anything is written. ``--check`` stops
after the checks: a restore drill's first step, and safe on a running instance.
Exit codes: 0 = restored (or, with --check, sound); 1 = refused, nothing written;
2 = the restore began and failed: the instance may be partly restored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.backup import BackupError
from gongkai.core.restore import RestoreFailed, RestoreResult, archive_check, backup_restore

EXIT_REFUSED = 1
EXIT_FAILED = 2


class Command(BaseCommand):
    help = "从 gongkai backup 的归档恢复数据库和全部存储文件（先校验；只恢复到空实例）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "archive", metavar="ARCHIVE", help="备份归档（.tar.gz，旁边须有 .sha256）"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="目标实例已有数据时仍然恢复：数据库被整体替换，同名文件被覆盖",
        )
        parser.add_argument("--check", action="store_true", help="只校验归档，不写入任何数据")

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["archive"])
        try:
            if options["check"]:
                result = archive_check(archive=archive)
            else:
                result = backup_restore(archive=archive, force=options["force"])
        except RestoreFailed as error:
            raise CommandError(f"恢复失败：{error.message}", returncode=EXIT_FAILED) from None
        except BackupError as error:
            raise CommandError(
                f"未恢复：{error.message}（未写入任何数据）", returncode=EXIT_REFUSED
            ) from None
        self._report(archive, result, checked_only=options["check"])

    def _report(self, archive: Path, result: RestoreResult, *, checked_only: bool) -> None:
        manifest = result.manifest
        what = (
            f"{manifest['database_vendor']} 数据库、{result.files} 个文件，"
            f"备份于 {manifest['created_at']}，版本 {manifest.get('gongkai_version') or '未知'}"
        )
        if checked_only:
            self.stdout.write(f"归档完好：{archive}（{what}）；未写入任何数据")
        else:
            self.stdout.write(self.style.SUCCESS(f"已从 {archive} 恢复：{what}"))
        if result.pending_migrations:
            self.stdout.write(
                "备份的迁移状态早于本程序（"
                + "、".join(result.pending_migrations)
                + "）：恢复后请运行 gongkai migrate"
            )
