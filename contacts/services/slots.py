"""Conversation slots: a mentor publishes times, parents book, move or cancel one.

A slot is booked at most once: the partial unique constraint `slot_booked_once` decides,
not the check before the insert, so two parents clicking at the same moment cannot both
get it. Every write validates first and saves in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts import access
from contacts.models import Booking, ContactMoment, ConversationSlot
from contacts.services.moments import mentors_of
from families.models import Child, Guardian
from notifications.services import Draft, notify_all

if TYPE_CHECKING:
    from accounts.models import User

SLOT_MINUTES = (10, 15, 20, 30, 45, 60)
SLOT_KINDS = (ContactMoment.Kind.DEVELOPMENT, ContactMoment.Kind.PLANNED)
MAX_SLOTS_AT_ONCE = 40
PUBLISH_AT_MOST_DAYS_AHEAD = 366
NOTE_MAX_LENGTH = Booking._meta.get_field("note").max_length
PLACE_MAX_LENGTH = ConversationSlot._meta.get_field("place").max_length


def _when(moment: datetime) -> str:
    """A slot's time as people read it: 'Tuesday 3 November, 19:00'."""
    local = timezone.localtime(moment)
    return f"{formats.date_format(local, 'l j F')}, {formats.time_format(local, 'H:i')}"


def slot_time(slot: ConversationSlot) -> str:
    return _when(slot.starts_at)


def _span(start: datetime, end: datetime) -> str:
    return _("%(when)s to %(until)s") % {
        "when": _when(start),
        "until": formats.time_format(timezone.localtime(end), "H:i"),
    }


def may_publish_for(by: User, mentor: User) -> bool:
    """Professionals publish their own times; an organisation admin may publish them for a professional."""
    if not access.is_professional(mentor):
        return False
    return by.pk == mentor.pk or access.is_org_admin(by)


# --- Publishing and deleting ---------------------------------------------------------


def _planned_times(day: date, start: time, end: time, minutes: int) -> list[tuple[datetime, datetime]]:
    first = timezone.make_aware(datetime.combine(day, start))
    last = timezone.make_aware(datetime.combine(day, end))
    step = timedelta(minutes=minutes)
    times = []
    while first + step <= last and len(times) <= MAX_SLOTS_AT_ONCE:
        times.append((first, first + step))
        first += step
    return times


@transaction.atomic
def slots_publish(
    *,
    mentor: User,
    by: User,
    day: date,
    start: time,
    end: time,
    minutes: int,
    kind: str = ContactMoment.Kind.DEVELOPMENT,
    place: str = "",
) -> list[ConversationSlot]:
    """Offer a series of back-to-back conversation times on one day, e.g. 19:00–21:00 in
    15-minute slots. Raises ValidationError per field and saves nothing then."""
    if not may_publish_for(by, mentor):
        raise PermissionDenied
    place = place.strip()
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if day < today:
        errors["day"] = [_("This day has passed. Choose today or a later day.")]
    elif day > today + timedelta(days=PUBLISH_AT_MOST_DAYS_AHEAD):
        errors["day"] = [_("This day is more than a year ahead. Check the year.")]
    if end <= start:
        errors["end"] = [_("The end time must be after the start time.")]
    if minutes not in SLOT_MINUTES:
        choices = ", ".join(str(number) for number in SLOT_MINUTES)
        errors["minutes"] = [_("Choose one of %(choices)s minutes.") % {"choices": choices}]
    if kind not in SLOT_KINDS:
        errors["kind"] = [_("Choose a planned conversation or a development conversation.")]
    if len(place) > PLACE_MAX_LENGTH:
        errors["place"] = [_("Keep the place shorter than %(max)d characters.") % {"max": PLACE_MAX_LENGTH}]
    if errors:
        raise ValidationError(errors)

    times = _planned_times(day, start, end, minutes)
    if not times:
        raise ValidationError(
            {"end": [_("There is no room for one conversation of %(minutes)d minutes.") % {"minutes": minutes}]}
        )
    if len(times) > MAX_SLOTS_AT_ONCE:
        raise ValidationError(
            {
                "end": [
                    _("That is more than %(max)d conversations. Publish them in parts, e.g. one evening at a time.")
                    % {"max": MAX_SLOTS_AT_ONCE}
                ]
            }
        )
    if times[0][0] <= timezone.now():
        raise ValidationError({"start": [_("This time has already begun. Choose a later start time.")]})

    # Two publishes for one mentor at the same moment would both pass the overlap check
    # below; locking the mentor's row makes the second wait for the first.
    get_user_model().objects.select_for_update().filter(pk=mentor.pk).first()
    overlapping = (
        ConversationSlot.objects.filter(mentor=mentor, starts_at__lt=times[-1][1], ends_at__gt=times[0][0])
        .order_by("starts_at")
        .first()
    )
    if overlapping is not None:
        raise ValidationError(
            {
                "start": [
                    _("This overlaps a time you already offer: %(span)s. Choose other times.")
                    % {"span": _span(overlapping.starts_at, overlapping.ends_at)}
                ]
            }
        )
    return ConversationSlot.objects.bulk_create(
        [
            ConversationSlot(mentor=mentor, starts_at=starts_at, ends_at=ends_at, kind=kind, place=place)
            for starts_at, ends_at in times
        ]
    )


@transaction.atomic
def slot_delete(*, slot: ConversationSlot, by: User) -> None:
    """Take back a time that nobody booked. A booked time is cancelled first, so that the
    parents are told."""
    slot = ConversationSlot.objects.select_for_update().get(pk=slot.pk)
    if slot.mentor_id != by.pk and not access.is_org_admin(by):
        raise PermissionDenied
    if slot.starts_at <= timezone.now():
        raise ValidationError(_("This time has passed; it stays in your overview."))
    booking = Booking.objects.filter(slot=slot, cancelled_at__isnull=True).select_related("child").first()
    if booking is not None:
        raise ValidationError(
            _("This time is booked for %(child)s. Cancel the booking first; the parents will be told.")
            % {"child": booking.child.first_name}
        )
    slot.delete()


# --- Booking, moving, cancelling ---------------------------------------------------------


def open_slots(mentors: Iterable[User]) -> QuerySet[ConversationSlot]:
    """The future times of these mentors that nobody booked yet."""
    booked = Booking.objects.filter(slot=OuterRef("pk"), cancelled_at__isnull=True)
    return (
        ConversationSlot.objects.filter(mentor__in=mentors, starts_at__gt=timezone.now())
        .filter(~Exists(booked))
        .select_related("mentor")
        .order_by("starts_at", "pk")
    )


def _is_taken(slot: ConversationSlot) -> bool:
    """Asked first for a quick answer; the constraint decides when two book at once."""
    return Booking.objects.filter(slot=slot, cancelled_at__isnull=True).exists()


def _book(*, slot: ConversationSlot, child: Child, by: User, note: str, replacing: Booking | None = None) -> Booking:
    """Check and create one booking; the caller holds the transaction."""
    note = note.strip()
    errors: list[str] = []
    if slot.mentor_id not in {mentor.pk for mentor in mentors_of(child)}:
        errors.append(
            _("This time is offered by someone who is not the mentor of %(child)s. Choose a time of the mentor.")
            % {"child": child.first_name}
        )
    elif slot.starts_at <= timezone.now():
        errors.append(_("This time has passed. Choose a later time."))
    elif replacing is not None and slot.pk == replacing.slot_id:
        errors.append(_("This is the time you already booked. Choose another time."))
    if errors:
        raise ValidationError({"slot": errors})
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError({"note": [_("Keep it shorter than %(max)d characters.") % {"max": NOTE_MAX_LENGTH}]})

    other = (
        Booking.objects.filter(
            child=child, slot__mentor_id=slot.mentor_id, slot__starts_at__gt=timezone.now(), cancelled_at__isnull=True
        )
        .select_related("slot")
        .first()
    )
    if other is not None:
        raise ValidationError(
            {
                "slot": [
                    _("%(child)s already has a conversation on %(when)s. Move that booking instead of booking another.")
                    % {"child": child.first_name, "when": _when(other.slot.starts_at)}
                ]
            }
        )
    taken = _("Someone else just booked this time; choose another.")
    if _is_taken(slot):
        raise ValidationError({"slot": [taken]})
    try:
        # A savepoint: the failed insert must not spoil the caller's transaction.
        with transaction.atomic():
            return Booking.objects.create(slot=slot, child=child, booked_by=by, note=note)
    except IntegrityError:
        raise ValidationError({"slot": [taken]}) from None


def _notify(booking: Booking, *, action: str, by: User) -> None:
    """The mentor hears what parents do; the parents hear when the mentor cancels."""
    slot, child = booking.slot, booking.child
    params = {"child": child.first_name, "starts_at": timezone.localtime(slot.starts_at).isoformat(), "action": action}
    subject = f"booking:{booking.pk}" if action == "booked" else f"booking:{booking.pk}:{action}"
    if by.pk == slot.mentor_id:
        guardians = Guardian.objects.filter(family_id=child.family_id, user__isnull=False).select_related("user")
        link = reverse("contacts:slot_book", args=[child.pk])
        notify_all(Draft("booking_changed", guardian.user, subject, params=params, link=link) for guardian in guardians)
    else:
        notify_all([Draft("booking_changed", slot.mentor, subject, params=params, link=reverse("contacts:slot_list"))])


def _lock_child(child: Child) -> None:
    # One booking at a time per child: two quick clicks on two times must not both pass the
    # "already has a conversation" check.
    Child.objects.select_for_update().filter(pk=child.pk).first()


@transaction.atomic
def booking_create(*, slot: ConversationSlot, child: Child, by: User, note: str = "") -> Booking:
    """A parent books a time of the child's mentor. Raises ValidationError ("slot", "note")
    when the time is not the mentor's, has passed, or was just taken by someone else."""
    if not access.is_parent_of(by, child):
        raise PermissionDenied
    _lock_child(child)
    booking = _book(slot=slot, child=child, by=by, note=note)
    _notify(booking, action="booked", by=by)
    return booking


def _active_locked(booking: Booking) -> Booking:
    booking = Booking.objects.select_for_update(of=("self",)).select_related("slot", "child").get(pk=booking.pk)
    if booking.cancelled_at is not None:
        raise ValidationError(_("This booking was already cancelled."))
    return booking


@transaction.atomic
def booking_move(*, booking: Booking, new_slot: ConversationSlot, by: User) -> Booking:
    """Cancel the booking and book another time of the same mentor, or change nothing."""
    if not access.is_parent_of(by, booking.child):
        raise PermissionDenied
    _lock_child(booking.child)
    old = _active_locked(booking)
    if old.slot.starts_at <= timezone.now():
        raise ValidationError(_("This conversation has already begun, so it cannot be moved."))
    if new_slot.mentor_id != old.slot.mentor_id:
        raise ValidationError(
            {"slot": [_("Choose another time of the same mentor. To talk with someone else, cancel and book anew.")]}
        )
    old.cancelled_at = timezone.now()
    old.cancelled_by = by
    old.save(update_fields=["cancelled_at", "cancelled_by"])
    new = _book(slot=new_slot, child=old.child, by=by, note=old.note, replacing=old)
    _notify(new, action="moved", by=by)
    return new


@transaction.atomic
def booking_cancel(*, booking: Booking, by: User) -> Booking:
    """Cancel a booking (kept, marked); the time is free again. The parent of the child or
    the slot's mentor may cancel; the other side is told."""
    booking = _active_locked(booking)
    if by.pk != booking.slot.mentor_id and not access.is_parent_of(by, booking.child):
        raise PermissionDenied
    if booking.slot.starts_at <= timezone.now():
        raise ValidationError(_("This conversation has already begun, so it cannot be cancelled."))
    booking.cancelled_at = timezone.now()
    booking.cancelled_by = by
    booking.save(update_fields=["cancelled_at", "cancelled_by"])
    _notify(booking, action="cancelled", by=by)
    return booking
