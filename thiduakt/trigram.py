"""GIN trigram indexes for the "contains" searches on PostgreSQL, as a migration operation.

``search_text LIKE '%…%'`` cannot use a b-tree index; a GIN trigram index turns a scan of every row into an
index lookup. pg_trgm is a trusted extension: the database's owner may create it. On SQLite (the embedded
default) there is nothing to do. Migrations import this module: keep ``trigram_indexes`` stable.
"""

from django.db import migrations


def trigram_indexes(indexes: tuple[tuple[str, str], ...]) -> migrations.RunPython:
    """A ``RunPython`` creating (and, backwards, dropping) one index per ``(table, index name)``."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table, name in indexes:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_text gin_trgm_ops)")

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for _table, name in indexes:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(create, drop, elidable=False)
