"""``gongkai backup OUT_DIR``: the database and every stored file in one checked archive.

    gongkai backup OUT_DIR

Writes ``OUT_DIR/gongkai-backup-YYYYMMDDTHHMMSSZ.tar.gz`` and beside it ``….tar.gz.sha256``
(``sha256sum -c`` checks it); see gongkai.core.backup for what is inside. Safe while the site
runs. Exit codes: 0 = written; 1 = not written (the reason on stderr), and nothing is left under
the archive's name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "备份数据库和全部存储文件：写入一个带 SHA-256 校验的归档（网站运行时也可执行）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out_dir", metavar="OUT_DIR", help="写入归档的目录（须已存在）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup_create(out_dir=Path(options["out_dir"]))
        except BackupError as error:
            raise CommandError(f"备份未完成：{error.message}") from None
        except OSError as error:
            raise CommandError(f"备份未完成：{error.filename or ''} {error.strerror}") from None
        size = result.archive.stat().st_size
        self.stdout.write(
            f"已写入备份：{result.archive}（{size} 字节；"
            f"数据库 {result.manifest['database_vendor']}，文件 {result.file_count} 个）"
        )
        self.stdout.write(f"校验文件：{result.checksum_file}")
