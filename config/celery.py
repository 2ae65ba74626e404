"""The Celery app and the beat schedule.

Tasks live in each app's tasks.py, take ids and call one domain function. Queue them with
`config.tasks.enqueue`, which waits for the transaction to commit and never lets a broker
failure reach the user.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("samenspel")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Reminders are added here by the features that need them.
app.conf.beat_schedule = {}
