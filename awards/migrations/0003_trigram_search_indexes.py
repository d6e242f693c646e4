"""Trigram indexes for the "contains" searches on PostgreSQL (the lookup and the dossier list):
a scan of every award record becomes an index lookup (thiduakt/trigram.py)."""

from django.db import migrations

from thiduakt.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("awards", "0002_initial")]

    operations = [
        trigram_indexes(
            (
                ("awards_awardrecord", "awardrecord_search_trgm"),
                ("awards_dossier", "dossier_search_trgm"),
                ("awards_nomination", "nomination_search_trgm"),
            )
        )
    ]
