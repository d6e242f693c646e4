from django.db import migrations
from django.db.models.functions import Left


def shorten_actions(apps, schema_editor):
    # The shared event base keeps 200 characters of the action (the reason holds the rest).
    StageEvent = apps.get_model("exemplars", "StageEvent")
    StageEvent.objects.filter(action__regex=r"^.{201,}$").update(action=Left("action", 200))


class Migration(migrations.Migration):
    dependencies = [
        ("exemplars", "0004_public_photos_webp"),
    ]

    operations = [
        migrations.RenameField(model_name="stageevent", old_name="from_stage", new_name="from_status"),
        migrations.RenameField(model_name="stageevent", old_name="to_stage", new_name="to_status"),
        migrations.RunPython(shorten_actions, migrations.RunPython.noop),
    ]
