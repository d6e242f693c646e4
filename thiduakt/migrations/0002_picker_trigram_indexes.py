"""Trigram indexes for the pickers' "contains" searches on PostgreSQL (people and units, as typed):
with 10⁴ people and more, a picker answering as the user types needs them (thiduakt/trigram.py)."""

from django.db import migrations

from thiduakt.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("thiduakt", "0001_initial")]

    operations = [trigram_indexes((("thiduakt_person", "person_search_trgm"), ("thiduakt_orgunit", "orgunit_search_trgm")))]
