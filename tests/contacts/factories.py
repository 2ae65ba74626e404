"""Factories for contact moments, agreements, routines, slots and bookings."""

import datetime

import factory
from django.utils import timezone

from contacts.models import Agreement, Booking, ContactMoment, ContactRoutine, ConversationRequest, ConversationSlot
from tests.factories import ChildFactory, UserFactory


class ContactRoutineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactRoutine

    child = factory.SubFactory(ChildFactory)
    every_weeks = 6
    weekday = 2
    time = datetime.time(17, 15)
    channel = "pick_up"


class ContactMomentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactMoment

    child = factory.SubFactory(ChildFactory)
    occurred_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    kind = ContactMoment.Kind.PICK_UP
    professional = factory.SubFactory(UserFactory)
    child_experience = "Heeft lang met de blokken gespeeld."
    home_news = ""
    positive_note = ""


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    contact_moment = factory.SubFactory(ContactMomentFactory)
    description = "Samen een prentenboek lezen"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    owner_professional = factory.SelfAttribute("contact_moment.professional")


class ConversationRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConversationRequest

    child = factory.SubFactory(ChildFactory)
    requested_by = factory.SubFactory(UserFactory)
    reason = "Over het slapen"


class ConversationSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConversationSlot

    mentor = factory.SubFactory(UserFactory)
    starts_at = factory.LazyFunction(
        lambda: (timezone.localtime() + datetime.timedelta(days=7)).replace(hour=19, minute=0, second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda slot: slot.starts_at + datetime.timedelta(minutes=15))
    place = "Groepsruimte"


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    slot = factory.SubFactory(ConversationSlotFactory)
    child = factory.SubFactory(ChildFactory)
    booked_by = factory.SubFactory(UserFactory)
