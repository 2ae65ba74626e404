"""Indexes for reading and removing a child's audit trail (privacy.audit, privacy.removal).

auditlog's LogEntry is a third-party model, so the indexes are made here. They match the
expressions Django writes for `additional_data__child=` and `additional_data__family=` on
PostgreSQL; SQLite (the local default) does without.
"""

from django.db import migrations

INDEXES = {
    "privacy_logentry_child": "((additional_data -> 'child'))",
    "privacy_logentry_family": "((additional_data -> 'family'))",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, expression in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON auditlog_logentry {expression}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(create, drop)]
