"""Conversation slots: mentors publish times, parents book, move and cancel them, and add
them to their calendar; who may do what; bad input changes nothing."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contacts.models import Booking, ContactMoment, ConversationSlot
from contacts.services import slots as services
from contacts.services.slots import booking_cancel, booking_create, booking_move, slot_delete, slots_publish
from notifications.models import Notification
from tests.conftest import english_client_for as client_for
from tests.contacts.factories import BookingFactory, ConversationSlotFactory
from tests.factories import ChildFactory, GuardianFactory, PlacementFactory, StaffAssignmentFactory, UserFactory

# These tests read English messages; Dutch is the default language.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ROLES = ("anonymous", "outsider", "parent", "professional", "manager", "org_admin")
LOGIN = "login"
DONE = "done"  # a redirect after the action took effect
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _at(days: int, hour: int = 19, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _slot(mentor, days: int = 7, hour: int = 19, minute: int = 0, **fields) -> ConversationSlot:
    starts_at = _at(days, hour, minute)
    return ConversationSlotFactory(
        mentor=mentor, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(minutes=15), **fields
    )


def _book(side, slot: ConversationSlot, **fields) -> Booking:
    return BookingFactory(slot=slot, child=side.child, booked_by=side.parent, **fields)


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _active(slot: ConversationSlot) -> list[Booking]:
    return list(Booking.objects.filter(slot=slot, cancelled_at__isnull=True))


@pytest.fixture
def world(ours, theirs, org_admin, outsider) -> dict:
    for side in (ours, theirs):
        side.free_slot = _slot(side.professional, hour=19)
        side.other_slot = _slot(side.professional, hour=19, minute=15)
        # A sibling's booking: the child itself is still free to book with the same mentor.
        side.sibling = ChildFactory(family=side.family, first_name="Broertje")
        PlacementFactory(child=side.sibling, group=side.group, mentor=side.professional)
        slot = _slot(side.professional, hour=20)
        side.booking = BookingFactory(slot=slot, child=side.sibling, booked_by=side.parent, note="Over het slapen")
    return {
        "ours": ours,
        "theirs": theirs,
        "anonymous": None,
        "outsider": outsider,
        "parent": ours.parent,
        "professional": ours.professional,
        "manager": ours.manager,
        "org_admin": org_admin,
    }


@dataclass(frozen=True)
class Case:
    label: str
    url: Callable
    method: str = "get"
    data: Callable = field(default=lambda side: {})
    side: str = "ours"
    took_effect: Callable = field(default=lambda side: False)


def _list_url(side):
    return reverse("contacts:slot_list")


def _publish_url(side):
    return reverse("contacts:slot_publish")


def _publish_data(side):
    day = timezone.localdate() + datetime.timedelta(days=10)
    return {"day": day.isoformat(), "start": "19:00", "end": "20:00", "minutes": 15, "kind": "development"}


def _published(side):
    # The fixture's three, plus four of the client's own (whoever that was).
    return ConversationSlot.objects.filter(starts_at__date__gte=_at(10).date()).count() == 4


def _delete_url(side):
    return reverse("contacts:slot_delete", args=[side.free_slot.pk])


def _deleted(side):
    return not ConversationSlot.objects.filter(pk=side.free_slot.pk).exists()


def _book_url(side):
    return reverse("contacts:slot_book", args=[side.child.pk])


def _book_data(side):
    return {"slot": side.free_slot.pk, "note": "Hoe gaat het met praten?"}


def _booked(side):
    return bool(_active(side.free_slot))


def _move_url(side):
    return reverse("contacts:booking_move", args=[side.booking.pk])


def _moved(side):
    return bool(_active(side.other_slot))


def _cancel_url(side):
    return reverse("contacts:booking_cancel", args=[side.booking.pk])


def _cancelled(side):
    return Booking.objects.get(pk=side.booking.pk).cancelled_at is not None


def _ics_url(side):
    return reverse("contacts:booking_ics", args=[side.booking.pk])


def _statuses(*answers) -> dict:
    return dict(zip(ROLES, answers, strict=True))


# Times are the mentor's own: only professionals have the pages, and another mentor's
# time answers 404. Booking is a parents' page: staff who see the child get 403. A
# booking is the family's and its mentor's: everybody else gets 404.
TABLE = [
    (Case("list", _list_url), _statuses(LOGIN, 403, 403, 200, 403, 403)),
    (Case("publish", _publish_url), _statuses(LOGIN, 403, 403, 200, 403, 403)),
    (
        Case("publish-post", _publish_url, "post", _publish_data, took_effect=_published),
        _statuses(LOGIN, 403, 403, DONE, 403, 403),
    ),
    (Case("delete-get", _delete_url), _statuses(405, 405, 405, 405, 405, 405)),
    (Case("delete-own", _delete_url, "post", took_effect=_deleted), _statuses(LOGIN, 403, 403, DONE, 403, 403)),
    (
        Case("delete-foreign", _delete_url, "post", side="theirs", took_effect=_deleted),
        _statuses(LOGIN, 403, 403, 404, 403, 403),
    ),
    (Case("book-own", _book_url), _statuses(LOGIN, 404, 200, 403, 403, 403)),
    (Case("book-foreign", _book_url, side="theirs"), _statuses(LOGIN, 404, 404, 404, 404, 403)),
    (
        Case("book-post-own", _book_url, "post", _book_data, took_effect=_booked),
        _statuses(LOGIN, 404, DONE, 403, 403, 403),
    ),
    (
        Case("book-post-foreign", _book_url, "post", _book_data, side="theirs", took_effect=_booked),
        _statuses(LOGIN, 404, 404, 404, 404, 403),
    ),
    (Case("move-own", _move_url), _statuses(LOGIN, 404, 200, 404, 404, 404)),
    (Case("move-foreign", _move_url, side="theirs"), _statuses(LOGIN, 404, 404, 404, 404, 404)),
    (
        Case("move-post-own", _move_url, "post", lambda side: {"slot": side.other_slot.pk}, took_effect=_moved),
        _statuses(LOGIN, 404, DONE, 404, 404, 404),
    ),
    (
        Case(
            "move-post-foreign",
            _move_url,
            "post",
            lambda side: {"slot": side.other_slot.pk},
            side="theirs",
            took_effect=_moved,
        ),
        _statuses(LOGIN, 404, 404, 404, 404, 404),
    ),
    (Case("cancel-own", _cancel_url), _statuses(LOGIN, 404, 200, 200, 404, 404)),
    (Case("cancel-foreign", _cancel_url, side="theirs"), _statuses(LOGIN, 404, 404, 404, 404, 404)),
    (
        Case("cancel-post-own", _cancel_url, "post", took_effect=_cancelled),
        _statuses(LOGIN, 404, DONE, DONE, 404, 404),
    ),
    (
        Case("cancel-post-foreign", _cancel_url, "post", side="theirs", took_effect=_cancelled),
        _statuses(LOGIN, 404, 404, 404, 404, 404),
    ),
    (Case("ics-own", _ics_url), _statuses(LOGIN, 404, 200, 200, 404, 404)),
    (Case("ics-foreign", _ics_url, side="theirs"), _statuses(LOGIN, 404, 404, 404, 404, 404)),
]


@pytest.mark.parametrize(
    ("case", "role", "expected"),
    [pytest.param(case, role, answers[role], id=f"{case.label}-{role}") for case, answers in TABLE for role in ROLES],
)
def test_each_role_gets_the_expected_answer(world, case, role, expected):
    side = world[case.side]
    response = getattr(client_for(world[role]), case.method)(case.url(side), case.data(side))

    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    elif expected == DONE:
        assert response.status_code == 302
    else:
        assert response.status_code == expected
    assert case.took_effect(side) == (expected == DONE)


# --- Publishing ---------------------------------------------------------------------------


def test_an_evening_of_fifteen_minute_conversations_is_published(ours):
    day = timezone.localdate() + datetime.timedelta(days=5)
    client = client_for(ours.professional)

    response = client.post(
        reverse("contacts:slot_publish"),
        {
            "day": day.isoformat(),
            "start": "19:00",
            "end": "21:00",
            "minutes": 15,
            "kind": "development",
            "place": "Lokaal 2",
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("contacts:slot_list")
    slots = list(ConversationSlot.objects.filter(mentor=ours.professional))
    assert len(slots) == 8
    assert [timezone.localtime(slot.starts_at).strftime("%H:%M") for slot in slots][:3] == ["19:00", "19:15", "19:30"]
    assert timezone.localtime(slots[-1].ends_at).strftime("%H:%M") == "21:00"
    assert {(slot.kind, slot.place) for slot in slots} == {(ContactMoment.Kind.DEVELOPMENT, "Lokaal 2")}
    assert "8 conversation times are published" in _messages(response)[0]


def test_a_time_that_does_not_divide_evenly_keeps_only_whole_conversations(ours):
    day = timezone.localdate() + datetime.timedelta(days=5)

    slots = slots_publish(
        mentor=ours.professional,
        by=ours.professional,
        day=day,
        start=datetime.time(19),
        end=datetime.time(20, 10),
        minutes=20,
        kind="planned",
        place="",
    )

    assert len(slots) == 3
    assert timezone.localtime(slots[-1].ends_at).time() == datetime.time(20)


def test_an_overlapping_time_is_refused_with_the_time_it_overlaps_and_nothing_is_saved(ours):
    _slot(ours.professional, days=5, hour=19, minute=30)
    day = timezone.localdate() + datetime.timedelta(days=5)

    response = client_for(ours.professional).post(
        reverse("contacts:slot_publish"),
        {
            "day": day.isoformat(),
            "start": "19:00",
            "end": "21:00",
            "minutes": 15,
            "kind": "development",
            "place": "Hal",
        },
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["start"]
    assert "overlaps a time you already offer" in errors[0]
    assert "19:30 to 19:45" in errors[0]
    assert 'value="Hal"' in response.content.decode()
    assert ConversationSlot.objects.filter(mentor=ours.professional).count() == 1


def test_another_mentors_times_do_not_count_as_overlap(ours, theirs):
    _slot(theirs.professional, days=5, hour=19)

    slots = slots_publish(
        mentor=ours.professional,
        by=ours.professional,
        day=_at(5).date(),
        start=datetime.time(19),
        end=datetime.time(19, 30),
        minutes=15,
    )

    assert len(slots) == 2


def test_times_right_after_existing_ones_do_not_overlap(ours):
    _slot(ours.professional, days=5, hour=18, minute=45)

    slots = slots_publish(
        mentor=ours.professional,
        by=ours.professional,
        day=_at(5).date(),
        start=datetime.time(19),
        end=datetime.time(19, 30),
        minutes=15,
    )

    assert len(slots) == 2


@pytest.mark.parametrize(
    ("fields", "field_name", "message"),
    [
        ({"day": -1}, "day", "This day has passed"),
        ({"day": 400}, "day", "more than a year ahead"),
        ({"start": datetime.time(21), "end": datetime.time(19)}, "end", "end time must be after the start time"),
        ({"minutes": 25}, "minutes", "Choose one of 10, 15, 20, 30, 45, 60 minutes"),
        ({"start": datetime.time(19), "end": datetime.time(19, 10), "minutes": 15}, "end", "no room for one"),
        ({"start": datetime.time(8), "end": datetime.time(16), "minutes": 10}, "end", "more than 40 conversations"),
        ({"kind": "pick_up"}, "kind", "Choose a planned conversation"),
    ],
)
def test_bad_input_for_publishing_is_refused_per_field(ours, fields, field_name, message):
    values = {"day": 5, "start": datetime.time(19), "end": datetime.time(21), "minutes": 15, "kind": "development"}
    values.update(fields)
    values["day"] = timezone.localdate() + datetime.timedelta(days=values["day"])

    with pytest.raises(ValidationError) as error:
        slots_publish(mentor=ours.professional, by=ours.professional, **values)

    assert message in error.value.message_dict[field_name][0]
    assert not ConversationSlot.objects.exists()


def test_a_time_today_that_has_already_begun_is_refused(ours):
    now = timezone.localtime()
    if now.hour < 1 or now.hour >= 23:
        pytest.skip("needs an hour before and after now on the same day")
    start = (now - datetime.timedelta(minutes=30)).time().replace(second=0, microsecond=0)
    end = (now + datetime.timedelta(minutes=30)).time().replace(second=0, microsecond=0)

    with pytest.raises(ValidationError) as error:
        slots_publish(mentor=ours.professional, by=ours.professional, day=now.date(), start=start, end=end, minutes=15)

    assert "already begun" in error.value.message_dict["start"][0]
    assert not ConversationSlot.objects.exists()


def test_the_form_keeps_a_day_in_the_past_with_a_clear_message(ours):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    response = client_for(ours.professional).post(
        reverse("contacts:slot_publish"),
        {"day": yesterday.isoformat(), "start": "19:00", "end": "20:00", "minutes": 15, "kind": "development"},
    )

    assert response.status_code == 200
    assert "This day has passed" in response.context["form"].errors["day"][0]
    assert f'value="{yesterday.isoformat()}"' in response.content.decode()
    assert not ConversationSlot.objects.exists()


def test_only_professionals_publish_and_an_admin_may_publish_for_one(ours, org_admin):
    with pytest.raises(PermissionDenied):
        slots_publish(
            mentor=ours.parent,
            by=ours.parent,
            day=_at(5).date(),
            start=datetime.time(19),
            end=datetime.time(20),
            minutes=15,
        )
    with pytest.raises(PermissionDenied):
        slots_publish(
            mentor=ours.professional,
            by=ours.manager,
            day=_at(5).date(),
            start=datetime.time(19),
            end=datetime.time(20),
            minutes=15,
        )

    slots = slots_publish(
        mentor=ours.professional,
        by=org_admin,
        day=_at(5).date(),
        start=datetime.time(19),
        end=datetime.time(20),
        minutes=15,
    )

    assert {slot.mentor for slot in slots} == {ours.professional}


# --- Deleting -----------------------------------------------------------------------------


def test_a_booked_time_cannot_be_taken_back_until_the_booking_is_cancelled(ours):
    slot = _slot(ours.professional)
    _book(ours, slot)

    response = client_for(ours.professional).post(reverse("contacts:slot_delete", args=[slot.pk]))

    assert response.status_code == 302
    assert "booked for Kindons. Cancel the booking first" in _messages(response)[0]
    assert ConversationSlot.objects.filter(pk=slot.pk).exists()


def test_a_time_whose_booking_was_cancelled_can_be_taken_back(ours):
    slot = _slot(ours.professional)
    booking_cancel(booking=_book(ours, slot), by=ours.parent)

    slot_delete(slot=slot, by=ours.professional)

    assert not ConversationSlot.objects.filter(pk=slot.pk).exists()


def test_a_past_time_stays(ours):
    slot = _slot(ours.professional, days=-1)

    with pytest.raises(ValidationError, match="has passed"):
        slot_delete(slot=slot, by=ours.professional)

    assert ConversationSlot.objects.filter(pk=slot.pk).exists()


def test_a_colleague_cannot_take_back_another_mentors_time(ours):
    colleague = UserFactory()
    StaffAssignmentFactory(user=colleague, group=ours.group)
    slot = _slot(ours.professional)

    response = client_for(colleague).post(reverse("contacts:slot_delete", args=[slot.pk]))

    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        slot_delete(slot=slot, by=colleague)
    assert ConversationSlot.objects.filter(pk=slot.pk).exists()


# --- The mentor's overview ----------------------------------------------------------------


def test_the_overview_shows_free_and_booked_times_by_day_and_folds_the_past_away(ours, theirs):
    free = _slot(ours.professional, days=3, hour=19)
    booked = _slot(ours.professional, days=3, hour=19, minute=15)
    _book(ours, booked, note="Over het eten")
    _slot(ours.professional, days=-3)
    _slot(ours.professional, days=-20)
    _slot(theirs.professional, days=3)

    response = client_for(ours.professional).get(reverse("contacts:slot_list"))

    assert response.status_code == 200
    ((day, slots),) = response.context["upcoming_days"]
    assert day == _at(3).date()
    assert slots == [free, booked]
    assert [len(slots) for _, slots in response.context["past_days"]] == [1]
    html = response.content.decode()
    assert reverse("families:child_detail", args=[ours.child.pk]) in html
    assert "Over het eten" in html
    assert "<details" in html
    assert reverse("contacts:slot_delete", args=[free.pk]) in html
    assert reverse("contacts:slot_delete", args=[booked.pk]) not in html
    assert reverse("contacts:slot_publish") in html


def _many_slots(side, first: int, count: int) -> None:
    """`count` times of the mentor, every other one booked by a family of its own."""
    for number in range(first, first + count):
        starts_at = _at(1 + number // 20, hour=8) + datetime.timedelta(minutes=15 * (number % 20))
        slot = ConversationSlotFactory(
            mentor=side.professional, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(minutes=15)
        )
        if number % 2:
            child = ChildFactory()
            PlacementFactory(child=child, group=side.group, mentor=side.professional)
            BookingFactory(slot=slot, child=child, note="Iets")


def test_the_overview_needs_as_many_queries_for_100_times_as_for_10(ours, django_assert_max_num_queries):
    client = client_for(ours.professional)
    url = reverse("contacts:slot_list")
    _many_slots(ours, 0, 10)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).context["upcoming_count"] == 10

    _many_slots(ours, 10, 90)
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)

    assert len(few) <= 8
    assert (response.context["upcoming_count"], response.context["booked_count"]) == (100, 50)


def test_the_booking_page_needs_as_many_queries_for_100_times_as_for_10(ours, django_assert_max_num_queries):
    client = client_for(ours.parent)
    url = reverse("contacts:slot_book", args=[ours.child.pk])
    _many_slots(ours, 0, 10)
    with CaptureQueriesContext(connection) as few:
        assert sum(len(slots) for _, slots in client.get(url).context["open_days"]) == 5

    _many_slots(ours, 10, 90)
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)

    assert sum(len(slots) for _, slots in response.context["open_days"]) == 50


# --- Booking ------------------------------------------------------------------------------


def test_the_parent_sees_the_mentors_open_times_and_books_one_with_a_note(ours, theirs):
    free = _slot(ours.professional, days=4, hour=19)
    taken = _slot(ours.professional, days=4, hour=19, minute=15)
    BookingFactory(slot=taken)
    _slot(ours.professional, days=-1)
    _slot(theirs.professional, days=4)
    client = client_for(ours.parent)
    url = reverse("contacts:slot_book", args=[ours.child.pk])

    page = client.get(url)

    assert page.context["open_days"] == [(_at(4).date(), [free])]
    response = client.post(url, {"slot": free.pk, "note": "Over het praten thuis"})

    assert response.status_code == 302
    assert response.url == url
    booking = Booking.objects.get(slot=free)
    assert (booking.child, booking.booked_by, booking.note) == (ours.child, ours.parent, "Over het praten thuis")
    assert "The conversation is booked" in _messages(response)[0]
    page = client.get(url)
    assert page.context["bookings"] == [booking]
    assert page.context["open_days"] == []  # the mentor's other times are for moving, not a second booking
    html = page.content.decode()
    for name in ("booking_ics", "booking_move", "booking_cancel"):
        assert reverse(f"contacts:{name}", args=[booking.pk]) in html


def test_the_mentor_hears_of_the_booking(ours):
    slot = _slot(ours.professional)

    booking = booking_create(slot=slot, child=ours.child, by=ours.parent, note="")

    notification = Notification.objects.get(recipient=ours.professional)
    assert notification.kind == "booking_changed"
    assert notification.subject == f"booking:{booking.pk}"
    assert notification.params == {
        "child": ours.child.first_name,
        "starts_at": timezone.localtime(slot.starts_at).isoformat(),
        "action": "booked",
    }
    assert notification.link == reverse("contacts:slot_list")
    assert not Notification.objects.filter(recipient=ours.parent).exists()


def test_without_open_times_the_parent_is_told_and_can_ask_for_a_conversation(ours):
    response = client_for(ours.parent).get(reverse("contacts:slot_book", args=[ours.child.pk]))

    html = response.content.decode()
    assert "has no open times at the moment" in html
    assert reverse("contacts:request_new", args=[ours.child.pk]) in html


def test_booking_a_time_of_a_mentor_who_is_not_the_childs_is_refused(ours, theirs):
    slot = _slot(theirs.professional)
    _slot(ours.professional)

    response = client_for(ours.parent).post(
        reverse("contacts:slot_book", args=[ours.child.pk]), {"slot": slot.pk, "note": "Mijn vraag"}
    )

    assert response.status_code == 200
    assert "is not the mentor of Kindons" in response.context["form"].errors["slot"][0]
    assert "Mijn vraag" in response.content.decode()
    assert not Booking.objects.exists()


def test_a_colleague_in_the_group_is_not_the_mentor_either(ours):
    colleague = UserFactory()
    StaffAssignmentFactory(user=colleague, group=ours.group)

    with pytest.raises(ValidationError, match="is not the mentor of"):
        booking_create(slot=_slot(colleague), child=ours.child, by=ours.parent)

    assert not Booking.objects.exists()


def test_a_child_without_a_mentor_books_with_the_groups_professionals(ours):
    ours.child.placements.update(mentor=None)

    booking = booking_create(slot=_slot(ours.professional), child=ours.child, by=ours.parent)

    assert booking.is_active


def test_booking_an_already_booked_time_is_refused_with_a_clear_message(ours):
    slot = _slot(ours.professional)
    other = ChildFactory()
    PlacementFactory(child=other, group=ours.group, mentor=ours.professional)
    first = BookingFactory(slot=slot, child=other)

    response = client_for(ours.parent).post(reverse("contacts:slot_book", args=[ours.child.pk]), {"slot": slot.pk})

    assert response.status_code == 200
    assert "Someone else just booked this time; choose another." in response.content.decode()
    assert _active(slot) == [first]
    assert not Notification.objects.exists()


def test_the_database_constraint_has_the_last_word_and_the_transaction_stays_usable(ours, monkeypatch):
    slot = _slot(ours.professional)
    other = ChildFactory()
    BookingFactory(slot=slot, child=other)
    # As if the other parent's booking arrived between our check and our insert.
    monkeypatch.setattr(services, "_is_taken", lambda slot: False)

    with pytest.raises(ValidationError) as error:
        booking_create(slot=slot, child=ours.child, by=ours.parent)

    assert error.value.message_dict["slot"] == ["Someone else just booked this time; choose another."]
    assert Booking.objects.filter(slot=slot).count() == 1


def test_a_time_that_has_passed_cannot_be_booked(ours):
    slot = _slot(ours.professional, days=-1)

    with pytest.raises(ValidationError, match="This time has passed"):
        booking_create(slot=slot, child=ours.child, by=ours.parent)

    assert not Booking.objects.exists()


def test_a_second_conversation_with_the_same_mentor_must_be_a_move(ours):
    booked = _book(ours, _slot(ours.professional, hour=19))

    with pytest.raises(ValidationError) as error:
        booking_create(slot=_slot(ours.professional, hour=20), child=ours.child, by=ours.parent)

    assert "already has a conversation" in error.value.message_dict["slot"][0]
    assert "Move that booking" in error.value.message_dict["slot"][0]
    assert list(Booking.objects.all()) == [booked]


def test_a_past_conversation_does_not_stop_booking_the_next(ours):
    _book(ours, _slot(ours.professional, days=-30))

    assert booking_create(slot=_slot(ours.professional), child=ours.child, by=ours.parent).is_active


def test_only_a_parent_of_the_child_can_book(ours, theirs):
    with pytest.raises(PermissionDenied):
        booking_create(slot=_slot(ours.professional), child=ours.child, by=theirs.parent)
    with pytest.raises(PermissionDenied):
        booking_create(slot=_slot(ours.professional, hour=20), child=ours.child, by=ours.professional)
    assert not Booking.objects.exists()


def test_a_note_that_is_too_long_is_refused_and_kept(ours):
    slot = _slot(ours.professional)
    note = "x" * 501

    response = client_for(ours.parent).post(
        reverse("contacts:slot_book", args=[ours.child.pk]), {"slot": slot.pk, "note": note}
    )

    assert response.status_code == 200
    assert "note" in response.context["form"].errors
    assert not Booking.objects.exists()


# --- Moving and cancelling ----------------------------------------------------------------


def test_moving_cancels_the_old_booking_and_books_the_new_time(ours):
    old_slot = _slot(ours.professional, hour=19)
    new_slot = _slot(ours.professional, days=8, hour=20)
    booking = _book(ours, old_slot, note="Over het slapen")

    response = client_for(ours.parent).post(reverse("contacts:booking_move", args=[booking.pk]), {"slot": new_slot.pk})

    assert response.status_code == 302
    assert response.url == reverse("contacts:slot_book", args=[ours.child.pk])
    booking.refresh_from_db()
    assert (booking.cancelled_at is not None, booking.cancelled_by) == (True, ours.parent)
    new = Booking.objects.get(slot=new_slot)
    assert (new.child, new.note, new.is_active) == (ours.child, "Over het slapen", True)
    notification = Notification.objects.get(recipient=ours.professional)
    assert (notification.subject, notification.params["action"]) == (f"booking:{new.pk}:moved", "moved")


def test_the_move_page_offers_the_same_mentors_open_times(ours):
    booking = _book(ours, _slot(ours.professional, hour=19))
    other = _slot(ours.professional, hour=19, minute=15)
    BookingFactory(slot=_slot(ours.professional, hour=19, minute=30))
    colleague = UserFactory()
    StaffAssignmentFactory(user=colleague, group=ours.group)
    _slot(colleague, hour=20)

    response = client_for(ours.parent).get(reverse("contacts:booking_move", args=[booking.pk]))

    assert response.context["open_days"] == [(_at(7).date(), [other])]


def test_moving_to_a_booked_time_changes_nothing(ours):
    booking = _book(ours, _slot(ours.professional, hour=19))
    taken = _slot(ours.professional, hour=20)
    theirs_booking = BookingFactory(slot=taken)

    response = client_for(ours.parent).post(reverse("contacts:booking_move", args=[booking.pk]), {"slot": taken.pk})

    assert response.status_code == 200
    assert "Someone else just booked this time" in response.content.decode()
    booking.refresh_from_db()
    assert booking.is_active
    assert _active(taken) == [theirs_booking]
    assert not Notification.objects.exists()


def test_moving_to_another_mentor_or_the_same_time_is_refused(ours):
    booking = _book(ours, _slot(ours.professional, hour=19))
    colleague = UserFactory()
    StaffAssignmentFactory(user=colleague, group=ours.group)

    with pytest.raises(ValidationError, match="same mentor"):
        booking_move(booking=booking, new_slot=_slot(colleague), by=ours.parent)
    with pytest.raises(ValidationError, match="already booked"):
        booking_move(booking=booking, new_slot=booking.slot, by=ours.parent)

    booking.refresh_from_db()
    assert booking.is_active
    assert Booking.objects.count() == 1


def test_a_cancelled_booking_is_not_moved(ours):
    booking = _book(ours, _slot(ours.professional, hour=19), cancelled_at=timezone.now())

    response = client_for(ours.parent).get(reverse("contacts:booking_move", args=[booking.pk]))

    assert response.status_code == 302
    assert "can no longer be moved" in _messages(response)[0]


def test_the_parent_confirms_before_cancelling_and_the_time_is_free_again(ours):
    slot = _slot(ours.professional)
    booking = _book(ours, slot)
    client = client_for(ours.parent)
    url = reverse("contacts:booking_cancel", args=[booking.pk])

    page = client.get(url)
    assert "Cancel the conversation?" in page.content.decode()
    booking.refresh_from_db()
    assert booking.is_active

    response = client.post(url)

    assert response.url == reverse("contacts:slot_book", args=[ours.child.pk])
    booking.refresh_from_db()
    assert (booking.cancelled_by, booking.is_active) == (ours.parent, False)
    assert Booking.objects.filter(pk=booking.pk).exists()  # kept, marked
    notification = Notification.objects.get(recipient=ours.professional)
    assert (notification.subject, notification.params["action"]) == (f"booking:{booking.pk}:cancelled", "cancelled")
    other = ChildFactory()
    PlacementFactory(child=other, group=ours.group, mentor=ours.professional)
    other_parent = GuardianFactory(family=other.family).user
    assert booking_create(slot=slot, child=other, by=other_parent).is_active


def test_when_the_mentor_cancels_the_parents_are_told(ours):
    booking = _book(ours, _slot(ours.professional))
    GuardianFactory(family=ours.family, user=None, email="vader@example.test")  # no login: nobody to tell

    response = client_for(ours.professional).post(reverse("contacts:booking_cancel", args=[booking.pk]))

    assert response.url == reverse("contacts:slot_list")
    notification = Notification.objects.get()
    assert (notification.recipient, notification.params["action"]) == (ours.parent, "cancelled")
    assert notification.link == reverse("contacts:slot_book", args=[ours.child.pk])


def test_a_conversation_that_has_begun_cannot_be_cancelled(ours):
    booking = _book(ours, _slot(ours.professional, days=-1))

    response = client_for(ours.parent).post(reverse("contacts:booking_cancel", args=[booking.pk]))

    assert response.status_code == 200
    assert "already begun" in response.content.decode()
    booking.refresh_from_db()
    assert booking.is_active


def test_cancelling_twice_changes_nothing(ours):
    booking = _book(ours, _slot(ours.professional))
    booking_cancel(booking=booking, by=ours.parent)

    response = client_for(ours.parent).post(reverse("contacts:booking_cancel", args=[booking.pk]))

    assert response.status_code == 302
    assert "already cancelled" in _messages(response)[0]
    assert Notification.objects.count() == 1


# --- The calendar file ----------------------------------------------------------------------


def test_the_calendar_file_has_the_conversation_in_amsterdam_time(ours):
    slot = _slot(ours.professional, days=9, hour=19, minute=30, place="Groepsruimte")
    booking = _book(ours, slot)

    response = client_for(ours.parent).get(reverse("contacts:booking_ics", args=[booking.pk]))

    assert response["Content-Type"].startswith("text/calendar")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert ours.child.first_name.lower() not in disposition.lower()
    assert str(booking.pk) not in disposition
    calendar = icalendar.Calendar.from_ical(response.content)
    (event,) = calendar.events
    assert str(event["UID"]) == str(booking.pk)
    assert event.start == slot.starts_at
    assert event.start.tzinfo.key == "Europe/Amsterdam"
    assert event.start.astimezone(AMSTERDAM).time() == datetime.time(19, 30)
    assert event.end == slot.ends_at
    assert str(event["SUMMARY"]) == f"Conversation about {ours.child.first_name} with {ours.professional.first_name}"
    assert str(event["LOCATION"]) == "Groepsruimte"
    assert [timezone["TZID"] for timezone in calendar.timezones] == ["Europe/Amsterdam"]
    assert b"DTSTART;TZID=Europe/Amsterdam:" in response.content


def test_a_cancelled_booking_has_no_calendar_file(ours):
    booking = _book(ours, _slot(ours.professional), cancelled_at=timezone.now())

    response = client_for(ours.parent).get(reverse("contacts:booking_ics", args=[booking.pk]))

    assert response.status_code == 404
