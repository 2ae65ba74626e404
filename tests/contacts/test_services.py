"""The contact services: everything is checked before anything is saved, and the intake's
routine becomes the child's routine until it is changed with the parents."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from contacts.models import Agreement, ContactMoment, ContactRoutine, Topic
from contacts.services.moments import (
    AgreementDraft,
    contact_log,
    contact_update,
    conversation_request_create,
    mentors_of,
    routine_from_intake,
    routine_set,
)
from families.models import Intake
from notifications.models import Notification
from tests.conftest import client_for
from tests.factories import GuardianFactory, PlacementFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _errors(raised: pytest.ExceptionInfo) -> dict:
    return raised.value.message_dict


def test_a_quick_contact_is_logged_with_topics_and_the_parent_who_was_there(ours):
    guardian = ours.family.guardians.get()
    sleeping = Topic.objects.get(key="sleeping")

    moment = contact_log(
        child=ours.child,
        by=ours.professional,
        child_experience="Heeft met water gespeeld.",
        positive_note="Hielp een ander kind met de jas.",
        topics=[sleeping],
        guardians_present=[guardian],
    )

    moment.refresh_from_db()
    assert moment.professional == ours.professional
    assert moment.recorded_by == ours.professional
    assert list(moment.topics.all()) == [sleeping]
    assert list(moment.guardians_present.all()) == [guardian]
    assert moment.kind == ContactMoment.Kind.PICK_UP


def test_a_contact_in_the_future_is_refused_and_nothing_is_saved(ours, english):
    with pytest.raises(ValidationError) as raised:
        contact_log(
            child=ours.child,
            by=ours.professional,
            occurred_at=timezone.now() + datetime.timedelta(hours=2),
            home_news="Slaapt slecht.",
            agreements=[AgreementDraft("Slaapritueel bespreken", TODAY(), owner_professional=ours.professional)],
        )

    assert "still to come" in _errors(raised)["occurred_at"][0]
    assert not ContactMoment.objects.exists()
    assert not Agreement.objects.exists()


def test_a_phone_clock_a_minute_ahead_is_not_the_future(ours):
    contact_log(
        child=ours.child,
        by=ours.professional,
        occurred_at=timezone.now() + datetime.timedelta(minutes=1),
        home_news="x",
    )

    assert ContactMoment.objects.count() == 1


def test_an_empty_contact_asks_for_at_least_one_thing(ours, english):
    with pytest.raises(ValidationError) as raised:
        contact_log(child=ours.child, by=ours.professional)

    assert "at least one thing" in _errors(raised)["__all__"][0]


def test_an_agreement_due_in_the_past_is_refused_with_a_message_on_its_row(ours, english):
    yesterday = TODAY() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as raised:
        contact_log(
            child=ours.child,
            by=ours.professional,
            home_news="x",
            agreements=[
                AgreementDraft("Goed", TODAY(), owner_professional=ours.professional),
                AgreementDraft("Te laat", yesterday, owner_professional=ours.professional),
            ],
        )

    assert set(_errors(raised)) == {"agreements-1"}
    assert "in the past" in _errors(raised)["agreements-1"][0]
    assert not ContactMoment.objects.exists()


def test_an_agreement_needs_exactly_one_owner_from_the_childs_people(ours, theirs, english):
    foreign_parent = theirs.family.guardians.get()
    with pytest.raises(ValidationError) as raised:
        contact_log(
            child=ours.child,
            by=ours.professional,
            home_news="x",
            agreements=[
                AgreementDraft("Niemand", TODAY()),
                AgreementDraft("Andere ouder", TODAY(), owner_guardian=foreign_parent),
                AgreementDraft("Andere pm", TODAY(), owner_professional=theirs.professional),
            ],
        )

    errors = _errors(raised)
    assert "Choose who will do it" in errors["agreements-0"][0]
    assert "parent of this child" in errors["agreements-1"][0]
    assert "professional of the child's group" in errors["agreements-2"][0]


def test_parents_of_another_family_cannot_be_recorded_as_present(ours, theirs, english):
    with pytest.raises(ValidationError) as raised:
        contact_log(
            child=ours.child, by=ours.professional, home_news="x", guardians_present=[theirs.family.guardians.get()]
        )

    assert "parents of this child" in _errors(raised)["guardians_present"][0]


def test_a_shared_summary_must_have_text(ours, english):
    with pytest.raises(ValidationError) as raised:
        contact_log(child=ours.child, by=ours.professional, home_news="x", summary_shared=True, shared_summary="  ")

    assert "summary" in _errors(raised)["shared_summary"][0]


def test_sharing_a_summary_notifies_each_parent_with_a_login_once(ours):
    second = GuardianFactory(family=ours.family, user=UserFactory(email="tweede@example.test"))
    GuardianFactory(family=ours.family, user=None, email="zonder-login@example.test")

    moment = contact_log(
        child=ours.child, by=ours.professional, shared_summary="Fijn gesprek over slapen.", summary_shared=True
    )
    contact_update(
        moment=moment,
        by=ours.professional,
        occurred_at=moment.occurred_at,
        kind=moment.kind,
        professional=moment.professional,
        guardians_present=[],
        topics=[],
        shared_summary="Fijn gesprek over slapen en eten.",
        summary_shared=True,
    )

    notified = Notification.objects.filter(kind="contact_summary")
    assert sorted(n.recipient.email for n in notified) == sorted([ours.parent.email, second.user.email])
    assert all(n.link == reverse("families:child_detail", args=[ours.child.pk]) for n in notified)
    assert all(n.params == {"child": ours.child.first_name} for n in notified)


def test_an_agreement_for_a_parent_notifies_that_parent_but_not_the_writer_of_their_own(ours):
    guardian = ours.family.guardians.get()

    contact_log(
        child=ours.child,
        by=ours.professional,
        home_news="x",
        agreements=[
            AgreementDraft("Boekje lezen", TODAY(), owner_guardian=guardian),
            AgreementDraft("Foto's sturen", TODAY(), owner_professional=ours.professional),
        ],
    )

    assert [n.recipient for n in Notification.objects.filter(kind="agreement_new")] == [ours.parent]


def test_the_completed_intake_sets_the_routine_until_it_is_changed_with_the_parents(ours):
    intake = Intake.objects.create(
        child=ours.child,
        status=Intake.Status.COMPLETED,
        held_on=TODAY(),
        contact_every_weeks=4,
        contact_weekday=Intake.Weekday.TUESDAY,
        contact_time=datetime.time(17, 15),
        contact_channel=Intake.Channel.PICK_UP,
    )
    routine = routine_from_intake(intake, ours.professional)
    assert (routine.every_weeks, routine.from_intake, routine.agreed_on) == (4, True, TODAY())

    intake.contact_every_weeks = 3
    assert routine_from_intake(intake, ours.professional).every_weeks == 3

    routine_set(
        child=ours.child,
        by=ours.professional,
        every_weeks=8,
        weekday=None,
        time=None,
        channel=Intake.Channel.PHONE,
        agreed_on=TODAY(),
    )
    intake.contact_every_weeks = 2
    routine = routine_from_intake(intake, ours.professional)

    assert (routine.every_weeks, routine.from_intake, routine.channel) == (8, False, "phone")
    assert ContactRoutine.objects.count() == 1


def test_a_draft_intake_sets_no_routine(ours):
    intake = Intake.objects.create(child=ours.child, contact_every_weeks=4)

    assert routine_from_intake(intake, ours.professional) is None
    assert not ContactRoutine.objects.exists()


def test_completing_the_intake_through_the_page_creates_the_routine(ours):
    data = {
        "action": "complete",
        "held_on": (TODAY() - datetime.timedelta(days=2)).isoformat(),
        "held_by": ours.professional.pk,
        "contact_every_weeks": "5",
        "contact_weekday": "3",
        "contact_time": "08:30",
        "contact_channel": "phone",
    }

    response = client_for(ours.professional).post(reverse("families:intake_edit", args=[ours.child.pk]), data)

    assert response.status_code == 302
    routine = ContactRoutine.objects.get(child=ours.child)
    assert (routine.every_weeks, routine.weekday, routine.time, routine.channel) == (
        5,
        3,
        datetime.time(8, 30),
        "phone",
    )


@pytest.mark.parametrize("weeks", [0, 13, None])
def test_a_routine_outside_one_to_twelve_weeks_is_refused(ours, weeks, english):
    with pytest.raises(ValidationError) as raised:
        routine_set(
            child=ours.child,
            by=ours.professional,
            every_weeks=weeks,
            weekday=None,
            time=None,
            channel="",
            agreed_on=None,
        )

    assert "from 1 to 12" in _errors(raised)["every_weeks"][0]


def test_a_conversation_request_reaches_the_mentor_and_needs_a_reason(ours, english):
    with pytest.raises(ValidationError):
        conversation_request_create(child=ours.child, by=ours.parent, reason="   ")

    conversation_request_create(child=ours.child, by=ours.parent, reason="Over het slapen")

    assert [n.recipient for n in Notification.objects.filter(kind="conversation_request")] == [ours.professional]


def test_without_a_mentor_the_groups_professionals_hear_of_it(ours):
    ours.child.placements.update(mentor=None)
    colleague = UserFactory(email="collega@example.test")
    from tests.factories import StaffAssignmentFactory

    StaffAssignmentFactory(user=colleague, group=ours.group)

    assert set(mentors_of(ours.child)) == {ours.professional, colleague}


def test_a_mentor_of_an_ended_placement_is_no_longer_the_mentor(ours):
    other = UserFactory(email="oud@example.test")
    PlacementFactory(child=ours.child, group=ours.group, mentor=other, ended=True)

    assert mentors_of(ours.child) == [ours.professional]
