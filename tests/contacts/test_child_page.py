"""The child page's contact section: everything for staff, only what was shared for parents."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import Topic
from tests.conftest import client_for, english_client_for
from tests.contacts.factories import (
    AgreementFactory,
    BookingFactory,
    ContactMomentFactory,
    ContactRoutineFactory,
    ConversationRequestFactory,
    ConversationSlotFactory,
)
from tests.factories import GuardianFactory

pytestmark = pytest.mark.django_db

STAFF_NOTE = "Vader zit thuis zonder werk; alleen voor het team."
HOME_NEWS = "Er is een broertje geboren."
EXPERIENCE = "Heeft voor het eerst zelf de jas aangetrokken."
SUMMARY = "Wat een fijne week: Amira trok zelf haar jas aan!"


def _page(user, child, **params):
    return english_client_for(user).get(reverse("families:child_detail", args=[child.pk]), params)


@pytest.fixture
def shared(ours):
    """A moment with a shared summary and one without, each with staff-only content."""
    moment = ContactMomentFactory(
        child=ours.child,
        professional=ours.professional,
        staff_notes=STAFF_NOTE,
        home_news=HOME_NEWS,
        child_experience=EXPERIENCE,
        shared_summary=SUMMARY,
        summary_shared=True,
    )
    unshared = ContactMomentFactory(
        child=ours.child,
        professional=ours.professional,
        occurred_at=timezone.now() - datetime.timedelta(days=10),
        child_experience="Niet gedeelde ervaring",
        shared_summary="Nog niet gedeelde samenvatting",
        summary_shared=False,
    )
    return moment, unshared


# --- Staff ------------------------------------------------------------------------------------


def test_staff_see_the_routine_the_due_state_and_the_buttons(ours):
    ContactRoutineFactory(child=ours.child, every_weeks=6, from_intake=True)
    # At noon seven weeks ago: "now minus seven weeks" is the day before in the evening when
    # summer time ended in between.
    seven_weeks_ago = timezone.localdate() - datetime.timedelta(weeks=7)
    ContactMomentFactory(
        child=ours.child,
        professional=ours.professional,
        occurred_at=timezone.make_aware(datetime.datetime.combine(seven_weeks_ago, datetime.time(12))),
    )

    response = _page(ours.professional, ours.child)

    content = response.content.decode()
    assert "Every 6 weeks · Tuesday · 17:15 · At drop-off or pick-up" in content
    assert "As agreed in the intake." in content
    assert response.context["contact_status"].state == "overdue"
    assert "overdue by 7 days" in content
    assert reverse("contacts:contact_new", args=[ours.child.pk]) in content
    assert reverse("contacts:routine_edit", args=[ours.child.pk]) in content


def test_staff_are_told_when_no_routine_was_agreed(ours):
    content = _page(ours.professional, ours.child).content.decode()
    assert "No routine agreed yet" in content
    assert "Set the routine" in content


def test_a_manager_reads_the_contacts_but_gets_no_buttons_to_log(ours, shared):
    response = _page(ours.manager, ours.child)

    content = response.content.decode()
    assert response.context["contact_for"] == "staff"
    assert EXPERIENCE in content
    assert reverse("contacts:contact_new", args=[ours.child.pk]) not in content
    assert reverse("contacts:routine_edit", args=[ours.child.pk]) not in content


def test_the_timeline_shows_the_moments_newest_first_with_kind_topics_and_sharing(ours, shared):
    moment, unshared = shared
    moment.topics.set([Topic.objects.get(key="sleeping")])

    response = _page(ours.professional, ours.child)

    assert response.context["contact_timeline"] == [moment, unshared]
    content = response.content.decode()
    assert reverse("contacts:contact_detail", args=[moment.pk]) in content
    assert "Sleeping" in content
    assert "summary shared" in content
    assert "staff only" in content
    assert content.index(EXPERIENCE) < content.index("Niet gedeelde ervaring")


def test_the_timeline_shows_twenty_moments_and_then_all_on_request(ours):
    for days in range(1, 23):
        ContactMomentFactory(
            child=ours.child, professional=ours.professional, occurred_at=timezone.now() - datetime.timedelta(days=days)
        )

    capped = _page(ours.professional, ours.child)
    everything = _page(ours.professional, ours.child, contacts="all")

    assert len(capped.context["contact_timeline"]) == 20
    assert "Show all contact moments" in capped.content.decode()
    assert len(everything.context["contact_timeline"]) == 22
    assert "Show all contact moments" not in everything.content.decode()


def test_staff_see_open_agreements_with_done_buttons_and_open_requests(ours):
    agreement = AgreementFactory(contact_moment__child=ours.child, description="Logopedist bellen")
    AgreementFactory(contact_moment__child=ours.child, description="Al gedaan", done_at=timezone.now())
    ConversationRequestFactory(child=ours.child, requested_by=ours.parent, reason="Over het eten")

    content = _page(ours.professional, ours.child).content.decode()

    assert "Logopedist bellen" in content
    assert "Al gedaan" not in content
    assert reverse("contacts:agreement_done", args=[agreement.pk]) in content
    assert "Over het eten" in content


def test_staff_see_the_next_booked_conversation(ours):
    slot = ConversationSlotFactory(mentor=ours.professional, place="Kantoor")
    BookingFactory(slot=slot, child=ours.child, booked_by=ours.parent)
    BookingFactory(
        slot=ConversationSlotFactory(mentor=ours.professional, starts_at=timezone.now() - datetime.timedelta(days=2)),
        child=ours.child,
    )

    response = _page(ours.professional, ours.child)

    assert response.context["contact_next_booking"].slot == slot
    assert "Kantoor" in response.content.decode()


# --- Parents -----------------------------------------------------------------------------------


def test_a_parent_reads_the_shared_summary_and_never_what_is_staff_only(ours, shared):
    staff = _page(ours.professional, ours.child).content.decode()
    parent = _page(ours.parent, ours.child).content.decode()

    assert STAFF_NOTE in staff
    assert EXPERIENCE in staff
    assert SUMMARY in parent
    for text in (STAFF_NOTE, HOME_NEWS, EXPERIENCE, "Niet gedeelde ervaring", "Nog niet gedeelde samenvatting"):
        assert text not in parent, text


def test_the_staff_note_shows_on_the_staff_detail_page_and_nowhere_for_the_parent(ours, shared):
    moment, _unshared = shared
    detail = reverse("contacts:contact_detail", args=[moment.pk])

    assert STAFF_NOTE in client_for(ours.professional).get(detail).content.decode()
    assert client_for(ours.parent).get(detail).status_code == 404
    assert STAFF_NOTE not in _page(ours.parent, ours.child).content.decode()


def test_a_parent_sees_the_routine_in_plain_words(ours):
    ContactRoutineFactory(child=ours.child, every_weeks=6, weekday=2, channel="pick_up")

    content = _page(ours.parent, ours.child).content.decode()

    assert "Every 6 weeks we talk, on Tuesday around 17:15, at drop-off or pick-up." in content


def test_a_parent_sees_agreements_of_shared_moments_and_their_own(ours, shared):
    moment, unshared = shared
    guardian = ours.parent.guardianships.get()
    AgreementFactory(contact_moment=moment, description="Juf zoekt een boekje uit")
    own = AgreementFactory(
        contact_moment=unshared, owner_professional=None, owner_guardian=guardian, description="Samen zingen"
    )
    AgreementFactory(contact_moment=unshared, description="Intern overleg met de IB'er")

    response = _page(ours.parent, ours.child)

    content = response.content.decode()
    assert "Juf zoekt een boekje uit" in content
    assert "Samen zingen" in content
    assert "Intern overleg met de IB&#x27;er" not in content and "Intern overleg" not in content
    # Only their own agreement has a done button.
    assert reverse("contacts:agreement_done", args=[own.pk]) in content
    assert content.count("/done/") == 1


def test_a_parent_sees_the_next_conversation_with_links_to_book_and_ask(ours):
    content = _page(ours.parent, ours.child).content.decode()

    assert "No conversation booked." in content
    assert reverse("contacts:request_new", args=[ours.child.pk]) in content


def test_a_parent_sees_their_booked_conversation(ours):
    slot = ConversationSlotFactory(mentor=ours.professional, place="Groepsruimte Vlinders")
    BookingFactory(slot=slot, child=ours.child, booked_by=ours.parent)

    response = _page(ours.parent, ours.child)

    assert response.context["contact_next_booking"].slot == slot
    assert "Groepsruimte Vlinders" in response.content.decode()


def test_a_parent_sees_nothing_of_another_familys_contacts(ours, theirs):
    ContactMomentFactory(child=theirs.child, shared_summary="Hun samenvatting", summary_shared=True)
    assert _page(ours.parent, theirs.child).status_code == 404


def test_a_professional_who_is_also_a_parent_sees_their_own_child_as_a_parent(ours, theirs):
    GuardianFactory(user=ours.professional, family=theirs.family)
    ContactMomentFactory(child=theirs.child, staff_notes=STAFF_NOTE, shared_summary=SUMMARY, summary_shared=True)

    response = _page(ours.professional, theirs.child)

    assert response.context["contact_for"] == "parent"
    assert SUMMARY in response.content.decode()
    assert STAFF_NOTE not in response.content.decode()


# --- A parent's home -----------------------------------------------------------------------------


def test_the_parent_home_shows_per_child_the_next_conversation_agreements_and_latest_summary(ours, shared):
    moment, _unshared = shared
    AgreementFactory(contact_moment=moment)
    AgreementFactory(contact_moment=moment)
    AgreementFactory(contact_moment=moment, done_at=timezone.now())
    slot = ConversationSlotFactory(mentor=ours.professional)
    BookingFactory(slot=slot, child=ours.child, booked_by=ours.parent)

    response = english_client_for(ours.parent).get(reverse("families:parent_home"))

    child = response.context["children"][0]
    assert child.open_agreements == 2
    assert child.latest_summary_at == moment.occurred_at
    assert child.next_booking.slot == slot
    content = response.content.decode()
    assert "2 open agreements" in content
    assert "Next conversation:" in content
    assert reverse("contacts:request_new", args=[ours.child.pk]) in content


def test_the_parent_home_offers_to_book_when_nothing_is_booked(ours):
    content = english_client_for(ours.parent).get(reverse("families:parent_home")).content.decode()
    assert "No conversation booked." in content
