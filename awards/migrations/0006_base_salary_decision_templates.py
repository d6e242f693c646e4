"""Reference data moved to awards.reference (seeded after migrate); kept empty until the squash."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("awards", "0005_council_decisions")]

    operations = []
