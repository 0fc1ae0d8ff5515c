"""The lift table of the append-only triggers (see gongkai.core.append_only).

A plain table, not a model: ``flush`` must not empty it while it empties the append-only tables.
The same SQL works on SQLite and PostgreSQL.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_alter_outboxmessage_options_outboxmessage_channel_and_more"),
    ]

    operations = [
        migrations.RunSQL(
            sql=(
                "CREATE TABLE gongkai_append_only_lift ("
                " lift varchar(32) NOT NULL,"
                " table_name varchar(200) NOT NULL,"
                " PRIMARY KEY (lift, table_name))"
            ),
            reverse_sql="DROP TABLE gongkai_append_only_lift",
        ),
    ]
