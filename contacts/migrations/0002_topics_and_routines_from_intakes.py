"""The built-in topics, and a routine for every child whose intake was completed before
contact moments existed (the intake's agreed routine, as the intake would set it now)."""

from django.db import migrations

TOPICS = [
    ("sleeping", "Slapen"),
    ("eating", "Eten en drinken"),
    ("playing", "Spelen"),
    ("friends", "Vriendjes"),
    ("language", "Taal"),
    ("feelings", "Gevoelens en stemming"),
    ("toilet", "Zindelijkheid"),
    ("health", "Gezondheid"),
    ("family", "Nieuws van thuis"),
    ("development", "Ontwikkeling"),
]


def forwards(apps, schema_editor):
    Topic = apps.get_model("contacts", "Topic")
    ContactRoutine = apps.get_model("contacts", "ContactRoutine")
    Intake = apps.get_model("families", "Intake")
    for position, (key, name) in enumerate(TOPICS):
        Topic.objects.get_or_create(key=key, defaults={"name": name, "position": position})
    intakes = Intake.objects.filter(status="completed", contact_every_weeks__gte=1, contact_every_weeks__lte=12)
    ContactRoutine.objects.bulk_create(
        [
            ContactRoutine(
                child_id=intake.child_id,
                every_weeks=intake.contact_every_weeks,
                weekday=intake.contact_weekday,
                time=intake.contact_time,
                channel=intake.contact_channel,
                agreed_on=intake.held_on,
                from_intake=True,
            )
            for intake in intakes.exclude(child__contact_routine__isnull=False)
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0001_initial"),
        ("families", "0003_family_records_intake_home_visits_consents"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
