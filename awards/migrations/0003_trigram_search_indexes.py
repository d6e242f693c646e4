"""Trigram indexes for the "contains" searches on PostgreSQL (the lookup and the dossier list).

``search_text LIKE '%…%'`` cannot use a b-tree index; a GIN trigram index turns a scan of every award
record into an index lookup. pg_trgm is a trusted extension: the database's owner may create it. On
SQLite (the embedded default) there is nothing to do.
"""

from django.db import migrations

INDEXES = (
    ("awards_awardrecord", "awardrecord_search_trgm"),
    ("awards_dossier", "dossier_search_trgm"),
    ("awards_nomination", "nomination_search_trgm"),
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
    dependencies = [("awards", "0002_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
