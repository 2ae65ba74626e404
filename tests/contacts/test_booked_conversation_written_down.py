"""A booked conversation, once held, is written down from the mentor's conversation times:
the contact moment remembers its booking and counts for the routine."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import ContactMoment
from tests.conftest import client_for
from tests.contacts.factories import BookingFactory, ConversationSlotFactory
from tests.contacts.test_moments import _form

pytestmark = pytest.mark.django_db


def _held_booking(side, hours_ago: int = 1):
    starts = (timezone.localtime() - datetime.timedelta(hours=hours_ago)).replace(second=0, microsecond=0)
    slot = ConversationSlotFactory(
        mentor=side.professional, starts_at=starts, ends_at=starts + datetime.timedelta(minutes=15)
    )
    return BookingFactory(slot=slot, child=side.child, booked_by=side.parent)


def _write_down(side, booking) -> str:
    return reverse("contacts:contact_new", args=[side.child.pk]) + f"?booking={booking.pk}"


def test_the_mentor_sees_a_held_conversation_to_write_down(ours):
    booking = _held_booking(ours)

    page = client_for(ours.professional).get(reverse("contacts:slot_list")).content.decode()

    assert _write_down(ours, booking) in page


def test_the_form_starts_from_the_booking_and_the_moment_keeps_it(ours):
    booking = _held_booking(ours)
    client = client_for(ours.professional)

    page = client.get(_write_down(ours, booking))
    assert page.context["booking"] == booking
    assert page.context["form"].initial["kind"] == booking.slot.kind
    assert page.context["form"].initial["occurred_at"] == booking.slot.starts_at

    response = client.post(_write_down(ours, booking), _form(ours))

    assert response.status_code == 302
    moment = ContactMoment.objects.get()
    assert moment.booking == booking
    listing = client.get(reverse("contacts:slot_list")).content.decode()
    assert reverse("contacts:contact_detail", args=[moment.pk]) in listing
    assert _write_down(ours, booking) not in listing


def test_a_booking_of_another_child_or_still_to_come_is_ignored(ours, theirs):
    foreign = _held_booking(theirs)
    later = BookingFactory(slot__mentor=ours.professional, child=ours.child, booked_by=ours.parent)
    client = client_for(ours.professional)

    for booking in (foreign, later):
        assert client.get(_write_down(ours, booking)).context["booking"] is None
    assert client.get(reverse("contacts:contact_new", args=[ours.child.pk]) + "?booking=nonsense").status_code == 200

    client.post(_write_down(ours, foreign), _form(ours))

    assert ContactMoment.objects.get().booking is None
