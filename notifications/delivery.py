"""Delivering notification emails: never lost, and sent once.

- `dispatch_pending()` finds the emails not sent yet and queues one task per email. It
  runs right after new notifications commit and, as the sweeper, every few minutes from
  beat: whatever could not be queued while the broker was away, or was held by a worker
  that died, is found again there. Nothing waits in the broker for long.
- `deliver(notification_id)`, the task's body, first claims the row with one conditional
  UPDATE. Two tasks for the same email (the sweeper ran twice, a redelivered message
  met a retry) cannot both win it, so the email goes out once. A worker killed while
  sending leaves a claim that runs out; after that the sweeper hands the email out again.
- An email waits until its `email_after` (messages wait a little, see messaging.notify).
  Staff get no email outside working hours (STAFF_EMAIL_HOURS and STAFF_EMAIL_DAYS,
  Amsterdam time): the sweeper moves their `email_after` to the next start of working
  hours. Parents have no quiet hours; in the app nothing is ever held back.
- Just before sending, a kind may decide the email is no longer needed (the messages were
  read in time); the row stays, with `email_wanted` off.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from config.tasks import send_now
from notifications.kinds import DEFAULT_EMAIL_TEMPLATE, Kind, kind_of, title_for
from notifications.models import Notification

logger = logging.getLogger("samenspel.notifications")

# More than one sweep can hand out in one go; the rest follows at the next sweep.
DISPATCH_BATCH = 1000


def pending_emails(now: datetime | None = None) -> QuerySet[Notification]:
    """Emails still to send: wanted, not sent, not given up on, due, recent, and not held by a worker."""
    now = now or timezone.now()
    oldest = now - timedelta(days=settings.NOTIFICATION_EMAIL_MAX_AGE_DAYS)
    return Notification.objects.filter(
        Q(email_claimed_until__isnull=True) | Q(email_claimed_until__lt=now),
        Q(email_after__isnull=True) | Q(email_after__lte=now),
        # Recent, counted from when it was due: a staff email held over a long weekend still goes.
        Q(created_at__gte=oldest) | Q(email_after__gte=oldest),
        email_wanted=True,
        email_sent_at__isnull=True,
        email_attempts__lt=settings.NOTIFICATION_EMAIL_MAX_ATTEMPTS,
    )


# --- Quiet hours for staff -------------------------------------------------------------


def staff_quiet_until(now: datetime | None = None) -> datetime | None:
    """None within staff's working hours; outside them, the next start of working hours."""
    now = now or timezone.now()
    start, end = settings.STAFF_EMAIL_HOURS
    days = settings.STAFF_EMAIL_DAYS
    local = timezone.localtime(now)
    if not days or (local.weekday() in days and start <= local.time() < end):
        return None
    for ahead in range(8):
        day = local.date() + timedelta(days=ahead)
        if day.weekday() in days:
            begins = timezone.make_aware(datetime.combine(day, start))
            if begins > now:
                return begins
    return None


def _to_staff() -> ExpressionWrapper:
    """Whether a notification's recipient works for the organisation (as access.is_staff_member:
    an admin, or anyone with a staff assignment), as part of the query that needs it."""
    from groups.models import StaffAssignment

    return ExpressionWrapper(
        Q(recipient__is_superuser=True) | Exists(StaffAssignment.objects.filter(user_id=OuterRef("recipient_id"))),
        output_field=BooleanField(),
    )


def postpone_staff_emails(now: datetime | None = None) -> int:
    """Outside working hours, hold the pending emails to staff until working hours start
    (one UPDATE for all of them). Returns how many were held."""
    now = now or timezone.now()
    until = staff_quiet_until(now)
    if until is None:
        return 0
    return pending_emails(now).alias(to_staff=_to_staff()).filter(to_staff=True).update(email_after=until)


def dispatch_pending(now: datetime | None = None) -> int:
    """Queue a task for every pending email (one query, after holding the staff emails
    outside working hours). Returns how many were handed out.

    A broker that is away is not an error here: the emails stay pending and the next
    sweep hands them out again.
    """
    from notifications.tasks import send_notification_email

    now = now or timezone.now()
    postpone_staff_emails(now)
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
            # May give the email a title of its own (one email about several conversations).
            context.update(kind.email_context(notification))
        body = render_to_string(kind.email_template if kind else DEFAULT_EMAIL_TEMPLATE, context)
    subject = f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{context['title']}"
    return EmailMessage(subject=subject, body=body, to=[recipient.email])


def _held_for_working_hours(notification: Notification) -> bool:
    """A staff email that reached a worker after working hours ended (a queue that ran
    late) waits for the next start of working hours, like the sweeper would make it."""
    until = staff_quiet_until()
    if until is None:
        return False
    to_staff = Notification.objects.filter(pk=notification.pk).alias(to_staff=_to_staff()).filter(to_staff=True)
    return to_staff.update(email_after=until, email_claimed_until=None) == 1


# Namespace of the PostgreSQL advisory locks taken per recipient (any constant of our own).
RECIPIENT_LOCK = 0x5A4D


@contextmanager
def _one_email_at_a_time(notification: Notification, kind: Kind | None) -> Iterator[None]:
    """For a kind whose email sums up several notifications (messages), two workers must not
    decide and send for the same recipient at once: both would find the same unread messages
    and send two emails. The second waits here until the first has recorded its email."""
    if kind is None or not kind.one_email_at_a_time:
        yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s, %s)", [RECIPIENT_LOCK, notification.recipient_id % 2**31]
                )
        yield


def _still_wanted(notification: Notification, kind: Kind | None) -> bool:
    if _no_longer_wanted(notification):
        return False
    return kind is None or kind.still_to_email is None or kind.still_to_email(notification)


def deliver(notification_id: int) -> bool:
    """Send one notification's email unless another worker has it, it was sent, or it is
    no longer needed. Returns whether it was sent now. A failure releases the claim, counts
    the attempt and is raised again, so that the task retries it (and the sweeper, after
    the task gave up)."""
    if not claim(notification_id):
        return False
    try:
        notification = Notification.objects.select_related("recipient").get(pk=notification_id)
        if _held_for_working_hours(notification):
            return False
        kind = kind_of(notification.kind)
        with _one_email_at_a_time(notification, kind):
            if not _still_wanted(notification, kind):
                # Kept, in the app and as a record that no email was needed.
                Notification.objects.filter(pk=notification_id).update(email_wanted=False, email_claimed_until=None)
                return False
            render_email(notification).send()
            # The details are saved with the email: an email_context may note in them what
            # the email covered (messages: up to when), which the next email of its kind reads.
            Notification.objects.filter(pk=notification_id).update(
                email_sent_at=timezone.now(), email_claimed_until=None, params=notification.params
            )
    except Exception:
        _release(notification_id, failed=True)
        logger.warning("Email of notification %s failed; it will be tried again", notification_id)
        raise
    return True
