"""Notifications about messages and announcements, through the one reminder mechanism.

In the app a notification appears at once. The email waits MESSAGE_EMAIL_DELAY_MINUTES:
whoever reads the conversation in that time gets none, and whatever else arrives in that
time is in the same email. At send time (see `notifications.kinds`) the email is checked
again and lists every conversation with unread messages, so one email covers them all.

The in-app notification for messages is keyed per conversation and time window
(`messages:<child>:<window>`): a lively conversation adds one notification per window,
not one per message, and each links straight to its conversation. The email, however, is
per recipient: the first email of a window lists every conversation with unread messages,
and the notifications it covered send none.

Call these inside the transaction that saves the message or announcement: the
notifications and their emails then exist exactly when it does.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from notifications.models import Notification
from notifications.services import Draft, notify_all

if TYPE_CHECKING:
    from accounts.models import User
    from families.models import Child
    from messaging.models import Announcement, Message

MESSAGES_UNREAD = "messages_unread"
ANNOUNCEMENT = "announcement"


def email_delay() -> timedelta:
    return timedelta(minutes=settings.MESSAGE_EMAIL_DELAY_MINUTES)


def time_window(now: datetime) -> int:
    """The number of the delay-long window `now` falls in: messages in one window share a
    notification. Its email is due a delay after the window's first message, so never
    before the window has closed: every later message of the window is in that email too."""
    return int(now.timestamp()) // (settings.MESSAGE_EMAIL_DELAY_MINUTES * 60)


def messages_subject(child: Child, now: datetime) -> str:
    return f"messages:{child.pk}:{time_window(now)}"


def message_recipients(message: Message) -> QuerySet[User]:
    """The other side of the child's conversation: for a parent's message the professionals
    of the child's current group(s); for the group's message the parents with a login,
    while the child is placed (as `access.writes_as_parent`)."""
    from accounts.models import User
    from families.models import Placement
    from families.services.home_visits import professionals_for_child
    from messaging.models import Message

    child = message.child
    if message.side == Message.Side.PARENTS:
        recipients = professionals_for_child(child)
    elif Placement.objects.current().filter(child=child).exists():
        recipients = User.objects.filter(is_active=True, guardianships__family_id=child.family_id).distinct()
    else:
        recipients = User.objects.none()
    if message.author_id is not None:
        recipients = recipients.exclude(pk=message.author_id)
    return recipients


def message_posted(message: Message, *, now: datetime | None = None) -> int:
    """Notify the other side of the conversation of a new message: in the app now, by email
    after the delay unless they have read it by then. Returns how many were notified."""
    now = now or timezone.now()
    child = message.child
    drafts = [
        Draft(
            MESSAGES_UNREAD,
            recipient,
            subject=messages_subject(child, now),
            on_date=timezone.localdate(now),
            params={"child": child.first_name, "child_id": str(child.pk), "side": message.side},
            link=reverse("messaging:conversation", kwargs={"child_id": child.pk}),
            email_after=now + email_delay(),
        )
        for recipient in message_recipients(message)
    ]
    return notify_all(drafts)


def announcement_recipients(announcement: Announcement) -> QuerySet[User]:
    """The parents with a login of the children placed in the group now."""
    from accounts.models import User
    from families.models import Placement

    placed = Placement.objects.current().filter(group_id=announcement.group_id).values("child__family_id")
    recipients = User.objects.filter(is_active=True, guardianships__family_id__in=placed).distinct()
    if announcement.author_id is not None:
        recipients = recipients.exclude(pk=announcement.author_id)
    return recipients


def announcement_posted(announcement: Announcement, *, now: datetime | None = None) -> int:
    """Notify the group's parents of an announcement: in the app now, by email after the
    delay unless they have opened it by then. Returns how many were notified."""
    now = now or timezone.now()
    group = announcement.group
    drafts = [
        Draft(
            ANNOUNCEMENT,
            recipient,
            subject=f"announcement:{announcement.pk}",
            on_date=timezone.localdate(now),
            params={"group": group.name, "announcement_id": announcement.pk},
            link=reverse("messaging:announcement_detail", kwargs={"announcement_id": announcement.pk}),
            email_after=now + email_delay(),
        )
        for recipient in announcement_recipients(announcement)
    ]
    return notify_all(drafts)


def conversation_read(*, user: User, child: Child) -> int:
    """Mark the user's notifications about this conversation read (call it when the
    conversation is opened). Their emails are decided by the read mark, not by this."""
    return Notification.objects.filter(
        recipient=user, kind=MESSAGES_UNREAD, subject__startswith=f"messages:{child.pk}:", read_at__isnull=True
    ).update(read_at=timezone.now())


def announcement_opened(*, user: User, announcement: Announcement) -> int:
    """Mark the user's notification about this announcement read (call it when it is opened)."""
    return Notification.objects.filter(
        recipient=user, kind=ANNOUNCEMENT, subject=f"announcement:{announcement.pk}", read_at__isnull=True
    ).update(read_at=timezone.now())


# --- At send time (asked by notifications.kinds) ----------------------------------------


def _covered_up_to(recipient_id: int) -> datetime | None:
    """Until when the recipient's last email about messages listed the unread ones: what
    came before it was in that email (or read), and makes no new email."""
    last = (
        Notification.objects.filter(recipient_id=recipient_id, kind=MESSAGES_UNREAD, email_sent_at__isnull=False)
        .order_by("-email_sent_at")
        .values_list("params", "email_sent_at")
        .first()
    )
    if last is None:
        return None
    params, sent_at = last
    try:
        return datetime.fromisoformat(params["covered_up_to"])
    except (KeyError, TypeError, ValueError):
        return sent_at


def _unread(recipient: User, conversations: set[tuple[str, str]]) -> QuerySet[Message]:
    """Messages the recipient has not read in these (child id, side written from)
    conversations: after their read mark, not withdrawn, not their own."""
    from messaging.models import Message, ReadMark

    if not conversations:
        return Message.objects.none()
    which = Q()
    for child_id, side in conversations:
        which |= Q(child_id=child_id, side=side)
    read_up_to = ReadMark.objects.filter(child_id=OuterRef("child_id"), user_id=recipient.pk).values("read_up_to")
    return (
        Message.objects.filter(which, withdrawn_at__isnull=True)
        .exclude(author_id=recipient.pk)
        .alias(read_up_to=Subquery(read_up_to[:1]))
        .filter(Q(read_up_to__isnull=True) | Q(created_at__gt=F("read_up_to")))
    )


def _readable(recipient: User, child_ids: set[str]) -> dict[str, str]:
    """Of these children, those whose conversation the recipient may still read: id → first name."""
    from accounts.access import conversation_children_for

    children = conversation_children_for(recipient).filter(pk__in=child_ids).values_list("pk", "first_name")
    return {str(pk): first_name for pk, first_name in children}


def _conversation_of(notification: Notification) -> tuple[str, str]:
    return str(notification.params["child_id"]), notification.params["side"]


def messages_still_to_email(notification: Notification) -> bool:
    """Email only when the conversation has messages the recipient has not read, which
    arrived after their last email about messages: none when they read it in time, and
    never two emails about the same messages."""
    recipient = notification.recipient
    child_id, side = _conversation_of(notification)
    if not _readable(recipient, {child_id}):
        return False
    unread = _unread(recipient, {(child_id, side)})
    covered = _covered_up_to(recipient.pk)
    if covered is not None:
        unread = unread.filter(created_at__gt=covered)
    return unread.exists()


def messages_email_context(notification: Notification) -> dict[str, Any]:
    """One email for all the recipient's conversations with unread messages: first names,
    counts and links; never what the messages say."""
    now = timezone.now()
    recipient = notification.recipient
    recent = Notification.objects.filter(
        recipient=recipient,
        kind=MESSAGES_UNREAD,
        created_at__gte=now - timedelta(days=settings.NOTIFICATION_EMAIL_MAX_AGE_DAYS),
    ).values_list("params", flat=True)
    conversations = {_conversation_of(notification)}
    conversations.update((str(params["child_id"]), params["side"]) for params in recent if "child_id" in params)
    names = _readable(recipient, {child_id for child_id, _ in conversations})
    counts = (
        _unread(recipient, {pair for pair in conversations if pair[0] in names})
        .values("child_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    listed = sorted(
        (
            {
                "child": names[str(row["child_id"])],
                "count": row["count"],
                "url": settings.SITE_URL + reverse("messaging:conversation", kwargs={"child_id": row["child_id"]}),
            }
            for row in counts
        ),
        key=lambda item: item["child"],
    )
    # What this email covers: the next one is only for messages after it.
    notification.params = {**notification.params, "covered_up_to": now.isoformat()}
    context: dict[str, Any] = {
        "conversations": listed,
        "title": ngettext(
            "You have unread messages in %(count)d conversation",
            "You have unread messages in %(count)d conversations",
            max(len(listed), 1),
        )
        % {"count": max(len(listed), 1)},
    }
    if len(listed) > 1:
        context["url"] = settings.SITE_URL + reverse("messaging:inbox")
    return context


def announcement_still_to_email(notification: Notification) -> bool:
    """Email only when the parent has not opened the announcement, it was not withdrawn, and
    a child of theirs is still placed in the group."""
    from families.models import Placement
    from messaging.models import Announcement, AnnouncementRead

    recipient_id = notification.recipient_id
    opened = AnnouncementRead.objects.filter(announcement_id=OuterRef("pk"), user_id=recipient_id)
    placed = Placement.objects.current().filter(
        group_id=OuterRef("group_id"), child__family__guardians__user_id=recipient_id
    )
    return (
        Announcement.objects.filter(pk=notification.params.get("announcement_id"), withdrawn_at__isnull=True)
        .filter(~Exists(opened), Exists(placed))
        .exists()
    )
