import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _shorten_actions(apps, schema_editor):
    """The base keeps an action to 200 characters; longer ones (a long criterion title) move into the reason."""
    Event = apps.get_model("clusters", "Event")
    for event in Event.objects.annotate(n=models.functions.Length("action")).filter(n__gt=200):
        event.reason = f"{event.action}\n{event.reason}".strip()
        event.action = event.action[:200]
        event.save(update_fields=["action", "reason"])


class Migration(migrations.Migration):
    """The cluster event takes the one event shape (thiduakt.workflow.EventBase): its note becomes the reason."""

    dependencies = [
        ("clusters", "0004_file_content_type"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="event", old_name="note", new_name="reason"),
        migrations.RunPython(_shorten_actions, migrations.RunPython.noop),
        migrations.AddField(
            model_name="event",
            name="from_status",
            field=models.CharField(blank=True, max_length=30, verbose_name="từ trạng thái"),
        ),
        migrations.AddField(
            model_name="event",
            name="to_status",
            field=models.CharField(blank=True, max_length=30, verbose_name="sang trạng thái"),
        ),
        migrations.AlterField(
            model_name="event",
            name="action",
            field=models.CharField(max_length=200, verbose_name="thao tác"),
        ),
        migrations.AlterField(
            model_name="event",
            name="at",
            field=models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="lúc"),
        ),
        migrations.AlterField(
            model_name="event",
            name="by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="người thực hiện",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="reason",
            field=models.TextField(blank=True, max_length=4000, verbose_name="lý do, ghi chú"),
        ),
    ]
