"""Trigram indexes for the pickers' "contains" searches on PostgreSQL (people and units, as typed).

``search_text LIKE '%…%'`` cannot use a b-tree index; with 10⁴ people and more a picker answering as the
user types needs the GIN trigram index (awards 0003 made pg_trgm available; it is created here too, in
case this migration runs first). Nothing to do on SQLite.
"""

from django.db import migrations

INDEXES = (
    ("thiduakt_person", "person_search_trgm"),
    ("thiduakt_orgunit", "orgunit_search_trgm"),
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, name in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_text gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("thiduakt", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
