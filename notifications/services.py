"""Creating notifications (once per uniqueness key, email queued after the commit), reading
them, and the choice of email on or off."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from config.tasks import enqueue
from notifications.models import Notification

if TYPE_CHECKING:
    from accounts.models import User


@dataclass(frozen=True)
class Draft:
    """A notification to create: `kind` names an entry of notifications.kinds.

    `email_after` holds the email back until then (in the app it shows at once).
    """

    kind: str
    recipient: User
    subject: str
    on_date: date | None = None
    params: dict[str, Any] = field(default_factory=dict)
    link: str = ""
    email_after: datetime | None = None


def notify_all(drafts: Iterable[Draft]) -> int:
    """Create the notifications that do not exist yet (by kind, recipient, subject and date)
    and queue their emails once the transaction commits. Returns how many were offered.

    Creating the same key again, from a rerun, a retry or a second beat process, changes
    nothing: the database's unique constraint decides, not a check before the insert.
    """
    today = timezone.localdate()
    rows = [
        Notification(
            kind=draft.kind,
            recipient=draft.recipient,
            subject=draft.subject,
            on_date=draft.on_date or today,
            params=draft.params,
            link=draft.link,
            email_after=draft.email_after,
            email_wanted=draft.recipient.email_notifications and bool(draft.recipient.email),
        )
        for draft in drafts
        if draft.recipient.is_active
    ]
    if not rows:
        return 0
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    now = timezone.now()
    # An email held back for later is handed out by the sweeper once its time has come.
    if any(row.email_wanted and (row.email_after is None or row.email_after <= now) for row in rows):
        from notifications.tasks import dispatch_pending_emails

        # No fallback in-process: when the broker is away, the sweeper in the beat schedule
        # hands out what is still pending once it is back.
        enqueue(dispatch_pending_emails)
    return len(rows)


def notify(
    kind: str,
    recipient: User,
    *,
    subject: str,
    on_date: date | None = None,
    params=None,
    link="",
    email_after: datetime | None = None,
) -> None:
    notify_all([Draft(kind, recipient, subject, on_date, params or {}, link, email_after)])


def notification_mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)


def notifications_mark_all_read(recipient: User) -> int:
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def email_notifications_set(*, user: User, enabled: bool) -> None:
    """Turn notification emails on or off. Off also drops the emails not sent yet: whoever
    turns them off expects none to arrive afterwards."""
    user.email_notifications = enabled
    user.save(update_fields=["email_notifications"])
    if not enabled:
        Notification.objects.filter(recipient=user, email_wanted=True, email_sent_at__isnull=True).update(
            email_wanted=False
        )
