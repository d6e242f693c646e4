"""A folded search column on a decision's lines, filled for the lines already written, with its trigram index
on PostgreSQL (the search within a decision of 25,000 lines: thiduakt/trigram.py)."""

from django.db import migrations, models

from thiduakt.text import fold
from thiduakt.trigram import trigram_indexes

BATCH = 2000


def fill(apps, schema_editor):
    """Every line's search text, by batches of ids (bulk_update: no save(), no history row for a derived column)."""
    DecisionRecipient = apps.get_model("awards", "DecisionRecipient")
    last = 0
    while True:
        lines = list(
            DecisionRecipient.objects.filter(pk__gt=last)
            .order_by("pk")
            .only("pk", "recipient_name", "description")[:BATCH]
        )
        if not lines:
            return
        for line in lines:
            line.search_text = fold(f"{line.recipient_name} {line.description}")[:600]
        DecisionRecipient.objects.bulk_update(lines, ["search_text"], batch_size=BATCH)
        last = lines[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0012_nomineeimport"),
    ]

    operations = [
        migrations.AddField(
            model_name="decisionrecipient",
            name="search_text",
            field=models.CharField(default="", editable=False, max_length=600),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        trigram_indexes((("awards_decisionrecipient", "decisionrecipient_search_trgm"),)),
    ]
