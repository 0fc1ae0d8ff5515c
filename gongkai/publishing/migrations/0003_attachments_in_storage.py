"""Attachments move from a BinaryField column into the storage (gongkai.core.stored_files): the
file field is added, each row's bytes are stored under their SHA-256 and named in it, and the
column goes. Reversible: backwards reads each file back into the column (the stored files stay,
unreferenced, for ``gongkai storage_orphans``)."""

from django.db import migrations, models

from gongkai.core.stored_files import extension_of, stored_put, stored_read


def to_storage(apps, schema_editor) -> None:
    rows = apps.get_model("publishing", "ItemAttachment").objects.using(
        schema_editor.connection.alias
    )
    for pk in list(rows.values_list("pk", flat=True)):
        row = rows.only("content", "name").get(pk=pk)
        data = bytes(row.content)
        rows.filter(pk=pk).update(
            file=stored_put("attachments", data, extension=extension_of(row.name), recheck=False)
        )


def to_column(apps, schema_editor) -> None:
    rows = apps.get_model("publishing", "ItemAttachment").objects.using(
        schema_editor.connection.alias
    )
    for pk, name in list(rows.values_list("pk", "file")):
        rows.filter(pk=pk).update(content=stored_read(name))


class Migration(migrations.Migration):
    dependencies = [("publishing", "0002_item_events_append_only")]

    operations = [
        migrations.AddField(
            model_name="itemattachment",
            name="file",
            field=models.FileField(default="", max_length=200, upload_to="", verbose_name="文件"),
            preserve_default=False,
        ),
        migrations.RunPython(to_storage, to_column),
        # A default in the state only, so that backwards the column can be added again to a
        # table with rows (and then filled by to_column).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="itemattachment",
                    name="content",
                    field=models.BinaryField(default=b"", verbose_name="内容"),
                )
            ]
        ),
        migrations.RemoveField(model_name="itemattachment", name="content"),
    ]
