"""A published version's files (HTML, DOCX, PDF, an imported original) move from BinaryField
columns into the storage (gongkai.core.stored_files): the file fields are added, each row's bytes
are stored under their SHA-256 and named in them, and the columns go. Reversible: backwards reads
each file back into its column (the stored files stay, unreferenced, for ``gongkai
storage_orphans``).

The versions are append-only (0002): the rows are given their names under a lift of the table
(gongkai.core.append_only), written out here. On SQLite, adding a column that is NOT NULL
rebuilds the table and the rebuild drops its triggers: they are installed again at the end, with
0002's SQL.
"""

import uuid

from django.db import migrations, models

from gongkai.core.stored_files import extension_of, stored_put, stored_read

TABLE = "reports_reportversion"
# format → (column with the bytes, file field)
MOVED = {fmt: (fmt, f"{fmt}_file") for fmt in ("html", "docx", "pdf", "source")}
LIFTED = f"EXISTS (SELECT 1 FROM gongkai_append_only_lift WHERE table_name = '{TABLE}')"
MESSAGE = "已公开的年度报告版本不能修改/删除"
SQLITE_TRIGGERS = [
    f"DROP TRIGGER IF EXISTS gongkai_append_only_reportversion_{op}" for op in ("update", "delete")
] + [
    f"CREATE TRIGGER gongkai_append_only_reportversion_{op} BEFORE {op.upper()} ON {TABLE} "
    f"WHEN NOT {LIFTED} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    for op in ("update", "delete")
]


def _lifted(schema_editor, moves) -> None:
    token = uuid.uuid4().hex
    schema_editor.execute(
        "INSERT INTO gongkai_append_only_lift (lift, table_name) VALUES (%s, %s)", [token, TABLE]
    )
    moves()
    schema_editor.execute("DELETE FROM gongkai_append_only_lift WHERE lift = %s", [token])


def _rows(apps, schema_editor):
    return apps.get_model("reports", "ReportVersion").objects.using(schema_editor.connection.alias)


def to_storage(apps, schema_editor) -> None:
    rows = _rows(apps, schema_editor)

    def moves() -> None:
        columns = [column for column, _field in MOVED.values()]
        for pk in list(rows.values_list("pk", flat=True)):
            row = rows.only(*columns, "source_name").get(pk=pk)
            names = {}
            for fmt, (column, field) in MOVED.items():
                data = bytes(getattr(row, column) or b"")
                if data:
                    extension = extension_of(row.source_name) if fmt == "source" else fmt
                    names[field] = stored_put("reports", data, extension=extension, recheck=False)
            if names:
                rows.filter(pk=pk).update(**names)

    _lifted(schema_editor, moves)


def to_column(apps, schema_editor) -> None:
    rows = _rows(apps, schema_editor)
    fields = [field for _column, field in MOVED.values()]

    def moves() -> None:
        for pk, *names in list(rows.values_list("pk", *fields)):
            values = {
                column: stored_read(name)
                for (column, _f), name in zip(MOVED.values(), names, strict=True)
            }
            rows.filter(pk=pk).update(**values)

    _lifted(schema_editor, moves)


def triggers_again(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement, params=None)


def _file_field(label: str) -> models.FileField:
    return models.FileField(blank=True, max_length=200, upload_to="", verbose_name=label)


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_frozen_versions_and_events")]

    operations = [
        migrations.AddField("reportversion", "html_file", _file_field("HTML")),
        migrations.AddField("reportversion", "docx_file", _file_field("DOCX")),
        migrations.AddField("reportversion", "pdf_file", _file_field("PDF")),
        migrations.AddField("reportversion", "source_file", _file_field("原文件")),
        # Both ways: a rebuild in either direction drops the triggers.
        migrations.RunPython(triggers_again, triggers_again),
        migrations.RunPython(to_storage, to_column),
        migrations.RemoveField("reportversion", "html"),
        migrations.RemoveField("reportversion", "docx"),
        migrations.RemoveField("reportversion", "pdf"),
        migrations.RemoveField("reportversion", "source"),
        migrations.RunPython(triggers_again, triggers_again),
    ]
