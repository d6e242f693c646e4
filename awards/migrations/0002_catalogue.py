"""Reference data moved to the app's reference module (seeded after migrate); kept empty until the squash."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = []
