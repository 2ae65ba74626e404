"""Delivering notification emails: never lost, and sent once.

- `dispatch_pending()` finds the emails not sent yet and queues one task per email. It
  runs right after new notifications commit and, as the sweeper, every few minutes from
  beat: whatever could not be queued while the broker was away, or was held by a worker
  that died, is found again there. Nothing waits in the broker for long.
- `deliver(notification_id)`, the task's body, first claims the row with one conditional
  UPDATE. Two tasks for the same email (the sweeper ran twice, a redelivered message
  met a retry) cannot both win it, so the email goes out once. A worker killed while
  sending leaves a claim that runs out; after that the sweeper hands the email out again.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from config.tasks import send_now
from notifications.kinds import DEFAULT_EMAIL_TEMPLATE, kind_of, title_for
from notifications.models import Notification

logger = logging.getLogger("samenspel.notifications")

# More than one sweep can hand out in one go; the rest follows at the next sweep.
DISPATCH_BATCH = 1000


def pending_emails(now: datetime | None = None) -> QuerySet[Notification]:
    """Emails still to send: wanted, not sent, not given up on, recent, and not held by a worker."""
    now = now or timezone.now()
    return Notification.objects.filter(
        Q(email_claimed_until__isnull=True) | Q(email_claimed_until__lt=now),
        email_wanted=True,
        email_sent_at__isnull=True,
        email_attempts__lt=settings.NOTIFICATION_EMAIL_MAX_ATTEMPTS,
        created_at__gte=now - timedelta(days=settings.NOTIFICATION_EMAIL_MAX_AGE_DAYS),
    )


def dispatch_pending(now: datetime | None = None) -> int:
    """Queue a task for every pending email (one query). Returns how many were handed out.

    A broker that is away is not an error here: the emails stay pending and the next
    sweep hands them out again.
    """
    from notifications.tasks import send_notification_email

    ids = list(pending_emails(now).order_by("created_at", "pk").values_list("pk", flat=True)[:DISPATCH_BATCH])
    for notification_id in ids:
        send_now(send_notification_email, notification_id)
    return len(ids)


def claim(notification_id: int) -> bool:
    """Take the email for this worker for a few minutes; False when it was sent, given up
    on, or is held by another worker."""
    now = timezone.now()
    claimed = (
        pending_emails(now)
        .filter(pk=notification_id)
        .update(email_claimed_until=now + timedelta(seconds=settings.NOTIFICATION_EMAIL_CLAIM_SECONDS))
    )
    return claimed == 1


def _release(notification_id: int, *, failed: bool) -> None:
    changes = {"email_claimed_until": None}
    if failed:
        changes["email_attempts"] = F("email_attempts") + 1
    Notification.objects.filter(pk=notification_id).update(**changes)


def _no_longer_wanted(notification: Notification) -> bool:
    recipient = notification.recipient
    if not (recipient.is_active and recipient.email and recipient.email_notifications):
        return True
    kind = kind_of(notification.kind)
    if kind is not None and kind.fresh_days is not None:
        return notification.on_date + timedelta(days=kind.fresh_days) < timezone.localdate()
    return False


def render_email(notification: Notification) -> EmailMessage:
    """The email in the recipient's own language, with a link into the app and a footer
    that says how to turn emails off."""
    recipient = notification.recipient
    kind = kind_of(notification.kind)
    with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
        title = " ".join(title_for(notification).split())
        context = {
            "user": recipient,
            "title": title,
            # Links are paths inside the app, set by our own code; anything else is left out.
            "url": f"{settings.SITE_URL}{notification.link}" if notification.link.startswith("/") else "",
            "settings_url": f"{settings.SITE_URL}{reverse('notifications:list')}",
        }
        if kind is not None and kind.email_context is not None:
            context.update(kind.email_context(notification))
        body = render_to_string(kind.email_template if kind else DEFAULT_EMAIL_TEMPLATE, context)
    return EmailMessage(subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{title}", body=body, to=[recipient.email])


def deliver(notification_id: int) -> bool:
    """Send one notification's email unless another worker has it or it was sent. Returns
    whether it was sent now. A failure releases the claim, counts the attempt and is raised
    again, so that the task retries it (and the sweeper, after the task gave up)."""
    if not claim(notification_id):
        return False
    try:
        notification = Notification.objects.select_related("recipient").get(pk=notification_id)
        if _no_longer_wanted(notification):
            Notification.objects.filter(pk=notification_id).update(email_wanted=False, email_claimed_until=None)
            return False
        render_email(notification).send()
    except Exception:
        _release(notification_id, failed=True)
        logger.warning("Email of notification %s failed; it will be tried again", notification_id)
        raise
    Notification.objects.filter(pk=notification_id).update(email_sent_at=timezone.now(), email_claimed_until=None)
    return True
