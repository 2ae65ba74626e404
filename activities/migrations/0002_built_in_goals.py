"""The built-in language goals; their names come from BUILT_IN_GOALS in each reader's
language, so the rows hold only the keys."""

from django.db import migrations

KEYS = ["new_words", "telling", "asking_questions", "listening", "conversation", "songs_rhymes"]


def forwards(apps, schema_editor):
    LanguageGoal = apps.get_model("activities", "LanguageGoal")
    for position, key in enumerate(KEYS):
        LanguageGoal.objects.get_or_create(key=key, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
