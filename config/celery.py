"""The Celery app and the beat schedule.

Tasks live in each app's tasks.py, take ids and call one domain function. Queue them with
`config.tasks.enqueue`, which waits for the transaction to commit and never lets a broker
failure reach the user.

The schedule runs in Amsterdam time (CELERY_TIMEZONE). Every reminder has a uniqueness key,
so a rerun or a second beat process changes nothing; the sweeper every five minutes
delivers what could not be queued while the broker was away. Each entry expires before the
next one is due: a worker that was down does not find a pile of the same job.
"""

import os

from celery import Celery
from celery.schedules import crontab
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("samenspel")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

SWEEP_SECONDS = 5 * 60

app.conf.beat_schedule = {
    "daily-reminders": {
        "task": "contacts.tasks.send_daily_reminders",
        "schedule": crontab(hour=settings.REMINDERS_DAILY_HOUR, minute=0),
        "options": {"expires": 12 * 3600},
    },
    # When Redis or beat was down at that hour, the day's reminders follow once both are back.
    "daily-reminders-catch-up": {
        "task": "contacts.tasks.catch_up_daily_reminders_task",
        "schedule": crontab(minute="*/15"),
        "options": {"expires": 10 * 60},
    },
    # Removes the data whose retention period is over (privacy.retention); a rerun removes nothing more.
    "nightly-retention": {
        "task": "privacy.tasks.run_retention",
        "schedule": crontab(hour=settings.RETENTION_HOUR, minute=30),
        "options": {"expires": 12 * 3600},
    },
    "dispatch-pending-emails": {
        "task": "notifications.tasks.dispatch_pending_emails",
        "schedule": float(SWEEP_SECONDS),
        "options": {"expires": SWEEP_SECONDS - 30},
    },
}
