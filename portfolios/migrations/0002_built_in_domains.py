"""The built-in development domains; their names come from BUILT_IN_DOMAINS in each
reader's language, so the rows hold only the keys."""

from django.db import migrations

KEYS = ["language", "motor", "social_emotional", "thinking", "play", "self_care"]


def forwards(apps, schema_editor):
    Domain = apps.get_model("portfolios", "Domain")
    for position, key in enumerate(KEYS):
        Domain.objects.get_or_create(key=key, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("portfolios", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
