"""The database refuses UPDATE and DELETE on the event log (gongkai.core.append_only).

PostgreSQL: one generic plpgsql function, the message passed as the trigger's argument, and a
BEFORE UPDATE OR DELETE row trigger. SQLite: a BEFORE UPDATE and a BEFORE DELETE trigger. Both
let a row through only while the table is lifted (a row in gongkai_append_only_lift).

The SQL is written out here, not imported, so that this migration stays what it was. On SQLite,
a later migration that alters this table rebuilds it (new table, copy, drop, rename) and the
drop takes the triggers with it: such a migration must install them again.
tests/applications/test_events_append_only.py fails if they are missing.
"""

from django.db import migrations

TABLE = "applications_applicationevent"
MESSAGE = "办理记录只能追加，不能修改/删除"
LIFTED = f"EXISTS (SELECT 1 FROM gongkai_append_only_lift WHERE table_name = '{TABLE}')"

POSTGRESQL = [
    """
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
    """,
    f"""
    CREATE TRIGGER gongkai_append_only_applicationevent
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION gongkai_append_only_refuse('{MESSAGE}')
    """,
]
POSTGRESQL_REVERSE = [
    f"DROP TRIGGER IF EXISTS gongkai_append_only_applicationevent ON {TABLE}",
    # Other append-only tables may still use the function; it goes with the last of them.
    """
    DO $$
    BEGIN
        IF NOT EXISTS (
            SELECT 1 FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
            WHERE p.proname = 'gongkai_append_only_refuse'
        ) THEN
            DROP FUNCTION IF EXISTS gongkai_append_only_refuse();
        END IF;
    END
    $$
    """,
]

SQLITE = [
    f"""
    CREATE TRIGGER gongkai_append_only_applicationevent_update
    BEFORE UPDATE ON {TABLE} WHEN NOT {LIFTED}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
    f"""
    CREATE TRIGGER gongkai_append_only_applicationevent_delete
    BEFORE DELETE ON {TABLE} WHEN NOT {LIFTED}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS gongkai_append_only_applicationevent_update",
    "DROP TRIGGER IF EXISTS gongkai_append_only_applicationevent_delete",
]

BY_VENDOR = {
    "postgresql": (POSTGRESQL, POSTGRESQL_REVERSE),
    "sqlite": (SQLITE, SQLITE_REVERSE),
}


def _run(schema_editor, statements: list[str]) -> None:
    for statement in statements:
        schema_editor.execute(statement, params=None)


def forwards(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in BY_VENDOR:
        raise RuntimeError(f"No append-only triggers for the {vendor} database")
    _run(schema_editor, BY_VENDOR[vendor][0])


def backwards(apps, schema_editor) -> None:
    statements = BY_VENDOR.get(schema_editor.connection.vendor)
    if statements:
        _run(schema_editor, statements[1])


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0005_application_files_events_protected"),
        ("core", "0003_append_only_lift"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
