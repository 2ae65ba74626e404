"""Conversation times: a mentor publishes them, parents book, move or cancel one and add it
to their calendar.

Mentors see only their own times; parents only their own children's bookings. A booking
of another family, or another mentor's time, answers 404.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from itertools import groupby
from uuid import UUID

import icalendar
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from accounts.decorators import role_required
from contacts.forms.slots import BookingForm, BookingMoveForm, SlotPublishForm
from contacts.models import Booking, ConversationSlot
from contacts.services import slots as services
from contacts.services.moments import mentors_of
from families.models import Child

# The mentor's overview keeps the times of the last two weeks, folded away.
PAST_SHOWN = timedelta(days=14)


def _by_day(slots: Iterable[ConversationSlot]) -> list[tuple[date, list[ConversationSlot]]]:
    return [
        (day, list(day_slots))
        for day, day_slots in groupby(slots, key=lambda slot: timezone.localtime(slot.starts_at).date())
    ]


def _child_for_parent(request: HttpRequest, child_id: UUID) -> Child:
    """404 outside the user's reach; 403 for staff who see the child: booking is for parents."""
    child = get_object_or_404(Child.objects.visible_to(request.user).select_related("family"), pk=child_id)
    if not access.is_parent_of(request.user, child):
        raise PermissionDenied
    return child


def _booking_for(request: HttpRequest, booking_id: UUID, *, mentor_too: bool) -> Booking:
    """A booking of the user's own children (or, where `mentor_too`, of their own time);
    anybody else's answers 404."""
    reach = Q(child__in=access.own_children(request.user))
    if mentor_too:
        reach |= Q(slot__mentor=request.user)
    bookings = Booking.objects.filter(reach).select_related("slot__mentor", "child")
    return get_object_or_404(bookings, pk=booking_id)


def _after_booking(request: HttpRequest, booking: Booking) -> HttpResponse:
    if access.is_parent_of(request.user, booking.child):
        return redirect("contacts:slot_book", child_id=booking.child_id)
    return redirect("contacts:slot_list")


# --- The mentor's side ----------------------------------------------------------------


@role_required(access.is_professional)
def slot_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    active = Prefetch(
        "bookings",
        queryset=Booking.objects.filter(cancelled_at__isnull=True).select_related("child", "contact_moment"),
        to_attr="active_bookings",
    )
    slots = list(
        ConversationSlot.objects.filter(mentor=request.user, ends_at__gt=now - PAST_SHOWN)
        .prefetch_related(active)
        .order_by("starts_at", "pk")
    )
    for slot in slots:
        slot.booking = slot.active_bookings[0] if slot.active_bookings else None
        slot.may_delete = slot.booking is None and slot.starts_at > now
        if slot.booking is not None:
            slot.booking.written_down = hasattr(slot.booking, "contact_moment")
    upcoming = [slot for slot in slots if slot.ends_at > now]
    past = [slot for slot in slots if slot.ends_at <= now]
    return render(
        request,
        "contacts/slots/list.html",
        {
            "upcoming_days": _by_day(upcoming),
            "past_days": _by_day(past),
            "upcoming_count": len(upcoming),
            "booked_count": sum(1 for slot in upcoming if slot.booking),
            "now": now,
        },
    )


@role_required(access.is_professional)
def slot_publish(request: HttpRequest) -> HttpResponse:
    form = SlotPublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            slots = services.slots_publish(mentor=request.user, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(count)d conversation times are published. Parents of your mentor children can book them now.")
                % {"count": len(slots)},
            )
            return redirect("contacts:slot_list")
    return render(request, "contacts/slots/publish.html", {"form": form})


@require_POST
@role_required(access.is_professional)
def slot_delete(request: HttpRequest, slot_id: int) -> HttpResponse:
    slot = get_object_or_404(ConversationSlot.objects.filter(mentor=request.user), pk=slot_id)
    try:
        services.slot_delete(slot=slot, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The time is taken back."))
    return redirect("contacts:slot_list")


# --- The parents' side ------------------------------------------------------------------


@login_required
def slot_book(request: HttpRequest, child_id: UUID) -> HttpResponse:
    """The open times of the child's mentor(s), and the child's booked conversation."""
    child = _child_for_parent(request, child_id)
    form = BookingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.booking_create(
                slot=form.cleaned_data["slot"], child=child, by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The conversation is booked: %(when)s. You can add it to your calendar.")
                % {"when": services.slot_time(booking.slot)},
            )
            return redirect("contacts:slot_book", child_id=child.pk)
    mentors = mentors_of(child)
    bookings = list(
        Booking.objects.filter(child=child, cancelled_at__isnull=True, slot__ends_at__gt=timezone.now())
        .select_related("slot__mentor")
        .order_by("slot__starts_at")
    )
    booked_with = {booking.slot.mentor_id for booking in bookings}
    # With a conversation booked, the mentor's other times are for moving it, not for a second one.
    open_slots = list(services.open_slots([mentor for mentor in mentors if mentor.pk not in booked_with]))
    return render(
        request,
        "contacts/slots/book.html",
        {
            "child": child,
            "form": form,
            "bookings": bookings,
            "several_mentors": len(mentors) > 1,
            "open_days": _by_day(open_slots),
            "chosen_slot": form.data.get("slot", ""),
        },
    )


@login_required
def booking_move(request: HttpRequest, booking_id: UUID) -> HttpResponse:
    booking = _booking_for(request, booking_id, mentor_too=False)
    if booking.cancelled_at is not None or booking.slot.starts_at <= timezone.now():
        messages.info(request, _("This booking can no longer be moved."))
        return redirect("contacts:slot_book", child_id=booking.child_id)
    form = BookingMoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.booking_move(booking=booking, new_slot=form.cleaned_data["slot"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The conversation is moved to %(when)s. Add the new time to your calendar.")
                % {"when": services.slot_time(new.slot)},
            )
            return redirect("contacts:slot_book", child_id=booking.child_id)
    open_slots = services.open_slots([booking.slot.mentor])
    return render(
        request,
        "contacts/slots/move.html",
        {"booking": booking, "child": booking.child, "form": form, "open_days": _by_day(open_slots)},
    )


@login_required
def booking_cancel(request: HttpRequest, booking_id: UUID) -> HttpResponse:
    """Asks first; the parent of the child or the mentor of the time may cancel."""
    booking = _booking_for(request, booking_id, mentor_too=True)
    if booking.cancelled_at is not None:
        messages.info(request, _("This booking was already cancelled."))
        return _after_booking(request, booking)
    error = None
    if request.method == "POST":
        try:
            services.booking_cancel(booking=booking, by=request.user)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, _("The conversation is cancelled; the time is free again."))
            return _after_booking(request, booking)
    return render(
        request,
        "contacts/slots/cancel.html",
        {
            "booking": booking,
            "child": booking.child,
            "error": error,
            "as_parent": access.is_parent_of(request.user, booking.child),
        },
    )


@login_required
def booking_ics(request: HttpRequest, booking_id: UUID) -> HttpResponse:
    """The booked conversation as a calendar file, for the parent's (or the mentor's) calendar."""
    booking = _booking_for(request, booking_id, mentor_too=True)
    if booking.cancelled_at is not None:
        raise Http404
    slot = booking.slot
    starts_at = timezone.localtime(slot.starts_at)
    summary = _("Conversation about %(child)s with %(mentor)s") % {
        "child": booking.child.first_name,
        "mentor": slot.mentor.first_name,
    }
    as_parent = access.is_parent_of(request.user, booking.child)
    link = reverse("contacts:slot_book", args=[booking.child_id]) if as_parent else reverse("contacts:slot_list")
    event = icalendar.Event.new(
        uid=str(booking.pk),
        start=starts_at,
        end=timezone.localtime(slot.ends_at),
        stamp=timezone.now(),
        summary=summary,
        location=slot.place or None,
        url=request.build_absolute_uri(link),
    )
    calendar = icalendar.Calendar.new(prodid="-//Samenspel//Samenspel//NL", method="PUBLISH", subcomponents=[event])
    # A VTIMEZONE for the years around the conversation, not the whole zone history.
    calendar.add_missing_timezones(
        first_date=starts_at.date() - timedelta(days=366), last_date=starts_at.date() + timedelta(days=366)
    )
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="conversation-{starts_at:%Y-%m-%d}.ics"'
    return response


urlpatterns = [
    path("conversations/slots/", slot_list, name="slot_list"),
    path("conversations/slots/new/", slot_publish, name="slot_publish"),
    path("conversations/slots/<int:slot_id>/delete/", slot_delete, name="slot_delete"),
    path("children/<uuid:child_id>/conversations/book/", slot_book, name="slot_book"),
    path("bookings/<uuid:booking_id>/move/", booking_move, name="booking_move"),
    path("bookings/<uuid:booking_id>/cancel/", booking_cancel, name="booking_cancel"),
    path("bookings/<uuid:booking_id>/calendar.ics", booking_ics, name="booking_ics"),
]
