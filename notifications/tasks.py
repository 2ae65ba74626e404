"""Delivering notification emails. (Being completed: see notifications.delivery.)"""

from celery import shared_task


@shared_task
def dispatch_pending_emails() -> None:
    from notifications.delivery import dispatch_pending

    dispatch_pending()
