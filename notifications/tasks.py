"""Delivering notification emails; the work is done in notifications.delivery."""

import smtplib

from celery import shared_task

from notifications import delivery


@shared_task(acks_late=True, time_limit=120, soft_time_limit=100)
def dispatch_pending_emails() -> None:
    """The sweeper: queue every email that is still to be sent (beat runs it every few minutes)."""
    delivery.dispatch_pending()


@shared_task(
    # A worker killed mid-task leaves the message unacknowledged: another worker gets it.
    acks_late=True,
    reject_on_worker_lost=True,
    # A mail server that is briefly away: try again soon, a few times; after that the
    # sweeper tries again later, up to NOTIFICATION_EMAIL_MAX_ATTEMPTS in all.
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=3,
    # Well below the claim's duration, so a claim never runs out while its task still works.
    time_limit=60,
    soft_time_limit=50,
)
def send_notification_email(notification_id: int) -> None:
    delivery.deliver(notification_id)
