"""An application's files and the notices' documents move from BinaryField columns into the
storage (gongkai.core.stored_files): the file fields are added, each row's bytes are stored under
their SHA-256 and named in them, and the columns go. A notice whose documents were purged
(empty bytes) names no file. Reversible: backwards reads each file back into its column (the
stored files stay, unreferenced, for ``gongkai storage_orphans``).

``Notice.save()`` refuses to change a sent notice; the historical model used here has no such
method, and the rows are only given the names of the bytes they already hold.
"""

from django.db import migrations, models

from gongkai.core.stored_files import extension_of, stored_put, stored_read

# model → (column with the bytes, file field, kind, extension or None for the row's file name)
MOVED = {
    "ApplicationFile": [("content", "file", "applications", None)],
    "Notice": [("docx", "docx_file", "notices", "docx"), ("pdf", "pdf_file", "notices", "pdf")],
}


def _rows(apps, schema_editor, model: str):
    return apps.get_model("applications", model).objects.using(schema_editor.connection.alias)


def to_storage(apps, schema_editor) -> None:
    for model, moves in MOVED.items():
        rows = _rows(apps, schema_editor, model)
        columns = [column for column, *_ in moves]
        extra = ["name"] if model == "ApplicationFile" else []
        for pk in list(rows.values_list("pk", flat=True)):
            row = rows.only(*columns, *extra).get(pk=pk)
            names = {}
            for column, field, kind, extension in moves:
                data = bytes(getattr(row, column) or b"")
                if data:
                    suffix = extension or extension_of(row.name)
                    names[field] = stored_put(kind, data, extension=suffix, recheck=False)
            if names:
                rows.filter(pk=pk).update(**names)


def to_column(apps, schema_editor) -> None:
    for model, moves in MOVED.items():
        rows = _rows(apps, schema_editor, model)
        fields = [field for _column, field, *_ in moves]
        for pk, *names in list(rows.values_list("pk", *fields)):
            values = {
                column: stored_read(name) for (column, *_), name in zip(moves, names, strict=True)
            }
            rows.filter(pk=pk).update(**values)


class Migration(migrations.Migration):
    dependencies = [("applications", "0011_alter_applicationevent_kind")]

    operations = [
        migrations.AddField(
            model_name="applicationfile",
            name="file",
            field=models.FileField(default="", max_length=200, upload_to="", verbose_name="文件"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="notice",
            name="docx_file",
            field=models.FileField(
                blank=True, max_length=200, upload_to="", verbose_name="Word 文档"
            ),
        ),
        migrations.AddField(
            model_name="notice",
            name="pdf_file",
            field=models.FileField(
                blank=True, max_length=200, upload_to="", verbose_name="PDF 文档"
            ),
        ),
        migrations.RunPython(to_storage, to_column),
        # Defaults in the state only, so that backwards the columns can be added again to tables
        # with rows (and then filled by to_column).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name=model,
                    name=name,
                    field=models.BinaryField(default=b"", verbose_name=label),
                )
                for model, name, label in (
                    ("applicationfile", "content", "内容"),
                    ("notice", "docx", "Word 文档"),
                    ("notice", "pdf", "PDF 文档"),
                )
            ]
        ),
        migrations.RemoveField(model_name="applicationfile", name="content"),
        migrations.RemoveField(model_name="notice", name="docx"),
        migrations.RemoveField(model_name="notice", name="pdf"),
    ]
