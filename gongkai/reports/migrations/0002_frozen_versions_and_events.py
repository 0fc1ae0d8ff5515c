"""The database refuses UPDATE and DELETE on the reports' history and on their published versions
(gongkai.core.append_only): a published version is a frozen snapshot, a correction is a new one.

The same triggers as publishing's 0002, on two tables; the SQL is written out so that this
migration stays what it was.
"""

from django.db import migrations

TABLES = {
    "reports_reportevent": ("reportevent", "年度报告记录只能追加，不能修改/删除"),
    "reports_reportversion": ("reportversion", "已公开的年度报告版本不能修改/删除"),
}
FUNCTION = """
    CREATE OR REPLACE FUNCTION gongkai_append_only_refuse() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM gongkai_append_only_lift WHERE table_name = TG_TABLE_NAME) THEN
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            RETURN NEW;
        END IF;
        RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
    END
    $$
"""


def _statements(vendor: str) -> tuple[list[str], list[str]]:
    forwards, backwards = ([FUNCTION] if vendor == "postgresql" else []), []
    for table, (name, message) in TABLES.items():
        trigger = f"gongkai_append_only_{name}"
        if vendor == "postgresql":
            forwards.append(
                f"CREATE TRIGGER {trigger} BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION gongkai_append_only_refuse('{message}')"
            )
            backwards.append(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
            continue
        lifted = f"EXISTS (SELECT 1 FROM gongkai_append_only_lift WHERE table_name = '{table}')"
        for op in ("update", "delete"):
            forwards.append(
                f"CREATE TRIGGER {trigger}_{op} BEFORE {op.upper()} ON {table} "
                f"WHEN NOT {lifted} BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )
            backwards.append(f"DROP TRIGGER IF EXISTS {trigger}_{op}")
    return forwards, backwards


def _run(schema_editor, index: int) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise RuntimeError(f"No append-only triggers for the {vendor} database")
    for statement in _statements(vendor)[index]:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_annual_reports"),
        ("core", "0003_append_only_lift"),
    ]

    operations = [
        migrations.RunPython(
            lambda apps, editor: _run(editor, 0), lambda apps, editor: _run(editor, 1)
        )
    ]
