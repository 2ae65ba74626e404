from datetime import date

from celery import shared_task
from django.utils import timezone

from contacts.reminders import catch_up_daily_reminders, plan_daily_reminders


@shared_task(acks_late=True, reject_on_worker_lost=True, time_limit=600, soft_time_limit=540)
def send_daily_reminders(day: str | None = None) -> None:
    """The day's reminders (for `day`, an ISO date, or today); safe to run twice."""
    plan_daily_reminders(date.fromisoformat(day) if day else timezone.localdate())


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def catch_up_daily_reminders_task() -> None:
    """Beat runs this every quarter of an hour: today's reminders, if they were missed."""
    catch_up_daily_reminders()
