"""The database refuses UPDATE and DELETE on the cases' history (gongkai.core.append_only).

The same triggers as applications' 0006 and publishing's 0002, on remedies_caseevent; the SQL is
written out so that this migration stays what it was. The PostgreSQL function is (re)created
with the same body, so this migration does not depend on the order in which the apps migrate.
"""

from django.db import migrations

TABLE = "remedies_caseevent"
MESSAGE = "复议诉讼案件记录只能追加，不能修改/删除"
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
    CREATE TRIGGER gongkai_append_only_caseevent
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION gongkai_append_only_refuse('{MESSAGE}')
    """,
]
POSTGRESQL_REVERSE = [f"DROP TRIGGER IF EXISTS gongkai_append_only_caseevent ON {TABLE}"]

SQLITE = [
    f"""
    CREATE TRIGGER gongkai_append_only_caseevent_update
    BEFORE UPDATE ON {TABLE} WHEN NOT {LIFTED}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
    f"""
    CREATE TRIGGER gongkai_append_only_caseevent_delete
    BEFORE DELETE ON {TABLE} WHEN NOT {LIFTED}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS gongkai_append_only_caseevent_update",
    "DROP TRIGGER IF EXISTS gongkai_append_only_caseevent_delete",
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
        ("remedies", "0001_initial"),
        ("core", "0003_append_only_lift"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
