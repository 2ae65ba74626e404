"""Writing in a child's conversation: post, edit while unread, withdraw, mark read, and turn a
message into a contact moment. Each write checks everything first and saves in one
transaction, so bad input never leaves half a message behind. Nothing is deleted here: a
withdrawn message keeps its row (the retention routine removes old conversations)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from contacts.models import ContactMoment
from contacts.services.moments import contact_log
from families.models import Child, Guardian
from families.services.home_visits import professionals_for_child
from messaging import notify
from messaging.models import MESSAGE_MAX_LENGTH, Announcement, Message, ReadMark

if TYPE_CHECKING:
    from accounts.models import User
    from photos.images import ProcessedPhoto

# Long enough to catch a typo or the wrong conversation, short enough that the other side
# has rarely acted on it yet.
WITHDRAW_WINDOW = timedelta(minutes=5)


def too_long_message(length: int) -> str:
    return _("A message can be at most %(max)s characters long; this one has %(length)s. Split it in two.") % {
        "max": MESSAGE_MAX_LENGTH,
        "length": length,
    }


def side_of(user: User, child: Child) -> str | None:
    """The side `user` writes on in the child's conversation, or None when they only read it.
    A professional whose own child is in their group writes there as a parent."""
    if access.writes_as_parent(user, child):
        return Message.Side.PARENTS
    if access.writes_as_staff(user, child):
        return Message.Side.STAFF
    return None


def _check_body(body: str, *, has_photo: bool) -> dict[str, list[str]]:
    if not body and not has_photo:
        return {"body": [_("Write a message or add a photo.")]}
    if len(body) > MESSAGE_MAX_LENGTH:
        return {"body": [too_long_message(len(body))]}
    return {}


@transaction.atomic
def message_post(
    *,
    child: Child,
    by: User,
    body: str,
    photo: ProcessedPhoto | None = None,
    announcement: Announcement | None = None,
) -> Message:
    """Post a message in the child's conversation on the writer's side. Raises
    PermissionDenied for someone who may only read it, ValidationError per field for bad
    input (and saves nothing then)."""
    side = side_of(by, child)
    if side is None:
        raise PermissionDenied
    body = (body or "").strip()
    errors = _check_body(body, has_photo=photo is not None)
    if announcement is not None and side != Message.Side.PARENTS:
        errors["announcement"] = [_("Only parents reply to an announcement in their child's conversation.")]
    if errors:
        raise ValidationError(errors)
    message = Message(child=child, author=by, side=side, body=body, announcement=announcement)
    if photo is not None:
        message.photo.save(photo.image.name, photo.image, save=False)
        message.photo_thumbnail.save(photo.thumbnail.name, photo.thumbnail, save=False)
    message.save()
    notify.message_posted(message)
    return message


def _read_by_other_side(message: Message) -> bool:
    """Has anyone on the other side read the message? Guardians of the family are the
    parents' side; everyone else who keeps a read mark writes for the group."""
    marks = ReadMark.objects.filter(child_id=message.child_id, read_up_to__gte=message.created_at).exclude(
        user_id=message.author_id
    )
    parents = Guardian.objects.filter(family_id=message.child.family_id, user__isnull=False).values("user_id")
    if message.side == Message.Side.PARENTS:
        marks = marks.exclude(user_id__in=parents)
    else:
        marks = marks.filter(user_id__in=parents)
    return marks.exists()


def may_edit(message: Message, user: User) -> bool:
    """The author may correct a message until someone on the other side read it."""
    return (
        message.author_id == user.pk
        and not message.is_withdrawn
        and side_of(user, message.child) == message.side
        and not _read_by_other_side(message)
    )


def may_withdraw(message: Message, user: User, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        message.author_id == user.pk
        and not message.is_withdrawn
        and now - message.created_at <= WITHDRAW_WINDOW
        and side_of(user, message.child) == message.side
    )


def _check_author(message: Message, by: User) -> None:
    if message.author_id != by.pk or side_of(by, message.child) != message.side:
        raise PermissionDenied


@transaction.atomic
def message_edit(*, message: Message, by: User, body: str) -> Message:
    """Correct a message's text while nobody on the other side has read it."""
    _check_author(message, by)
    # Locked, so that a withdrawal at the same moment cannot cross the edit.
    message = Message.objects.select_for_update(of=("self",)).select_related("child").get(pk=message.pk)
    body = (body or "").strip()
    errors = _check_body(body, has_photo=bool(message.photo))
    if message.is_withdrawn:
        errors = {"body": [_("This message was withdrawn.")]}
    elif _read_by_other_side(message):
        errors = {"body": [_("This message was already read; write a new one instead.")]}
    if errors:
        raise ValidationError(errors)
    message.body = body
    message.edited_at = timezone.now()
    message.save(update_fields=["body", "edited_at"])
    return message


@transaction.atomic
def message_withdraw(*, message: Message, by: User) -> Message:
    """Withdraw one's own message within WITHDRAW_WINDOW of sending it. The row stays; its
    text and photo are no longer shown to anyone."""
    _check_author(message, by)
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.is_withdrawn:
        return message
    now = timezone.now()
    if now - message.created_at > WITHDRAW_WINDOW:
        minutes = int(WITHDRAW_WINDOW.total_seconds() // 60)
        raise ValidationError(
            {"__all__": [_("A message can only be withdrawn within %(minutes)s minutes.") % {"minutes": minutes}]}
        )
    message.withdrawn_at = now
    message.save(update_fields=["withdrawn_at"])
    return message


def conversation_read(*, child: Child, user: User, up_to: datetime) -> None:
    """Move the user's read mark forward to `up_to` (never back), and mark their
    notifications about the conversation read.

    Safe when two requests of the same user race: the conditional UPDATE only moves the
    mark forward, and the unique constraint decides who inserts the first mark.
    """
    with transaction.atomic():
        moved = ReadMark.objects.filter(child=child, user=user, read_up_to__lt=up_to).update(read_up_to=up_to)
        if not moved:
            try:
                with transaction.atomic():
                    ReadMark.objects.create(child=child, user=user, read_up_to=up_to)
            except IntegrityError:
                # Already there (and ahead, or another request just created it): only move forward.
                ReadMark.objects.filter(child=child, user=user, read_up_to__lt=up_to).update(read_up_to=up_to)
        notify.conversation_read(user=user, child=child)


@transaction.atomic
def message_to_contact(*, message: Message, by: User) -> ContactMoment:
    """Turn a message into a contact moment, so that it counts for the contact routine.
    Asked twice, it answers the moment made the first time."""
    child = message.child
    if not access.can_log_contact(by, child):
        raise PermissionDenied
    message = (
        Message.objects.select_for_update(of=("self",)).select_related("author", "contact_moment").get(pk=message.pk)
    )
    if message.contact_moment is not None:
        return message.contact_moment
    if message.is_withdrawn:
        raise ValidationError({"__all__": [_("This message was withdrawn; it cannot become a contact moment.")]})
    text = message.body or _("Sent a photo.")
    guardians: list[Guardian] = []
    fields: dict[str, str] = {}
    professional = by
    if message.side == Message.Side.PARENTS:
        guardians = list(Guardian.objects.filter(family_id=child.family_id, user_id=message.author_id))
        fields["home_news"] = text
    else:
        fields["child_experience"] = text
        if message.author_id and professionals_for_child(child).filter(pk=message.author_id).exists():
            professional = message.author
    moment = contact_log(
        child=child,
        by=by,
        kind=ContactMoment.Kind.MESSAGE,
        occurred_at=message.created_at,
        professional=professional,
        guardians_present=guardians,
        **fields,
    )
    message.contact_moment = moment
    message.save(update_fields=["contact_moment"])
    return moment
