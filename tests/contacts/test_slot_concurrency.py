"""Two parents click the same time at the same moment: the database lets one booking through.

Runs on PostgreSQL only (SQLite serialises all writers, so it would prove nothing): both
threads pass the service's check before either inserts, and the partial unique constraint
`slot_booked_once` decides.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from contacts.models import Booking
from contacts.services import slots as services
from contacts.services.slots import booking_create
from tests.config.conftest import require_services
from tests.contacts.factories import ConversationSlotFactory
from tests.factories import ChildFactory, GuardianFactory, PlacementFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_two_parents_booking_one_time_at_the_same_moment_get_one_booking(ours, monkeypatch):
    require_services()
    slot = ConversationSlotFactory(mentor=ours.professional)
    other_child = ChildFactory()
    PlacementFactory(child=other_child, group=ours.group, mentor=ours.professional)
    other_parent = GuardianFactory(family=other_child.family).user
    families = [(ours.child, ours.parent), (other_child, other_parent)]

    # Both threads wait here after the quick check and before the insert, so that the
    # constraint, not the check, has to decide.
    barrier = threading.Barrier(len(families), timeout=20)
    is_taken = services._is_taken

    def checked_then_wait(slot):
        answer = is_taken(slot)
        barrier.wait()
        return answer

    monkeypatch.setattr(services, "_is_taken", checked_then_wait)
    outcomes: dict[str, object] = {}

    def book(child, parent) -> None:
        try:
            with translation.override("en"):
                outcomes[parent.email] = booking_create(slot=slot, child=child, by=parent, note="")
        except Exception as error:  # whatever each thread got, the test inspects it
            outcomes[parent.email] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=family) for family in families]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not any(thread.is_alive() for thread in threads)
    bookings = [outcome for outcome in outcomes.values() if isinstance(outcome, Booking)]
    refusals = [outcome for outcome in outcomes.values() if isinstance(outcome, ValidationError)]
    assert (len(bookings), len(refusals)) == (1, 1), outcomes
    assert refusals[0].message_dict == {"slot": ["Someone else just booked this time; choose another."]}
    assert list(Booking.objects.filter(slot=slot, cancelled_at__isnull=True)) == bookings


def test_two_clicks_without_waiting_also_leave_one_booking(ours):
    """The same race without a barrier: whichever thread is first, the other is refused."""
    require_services()
    slot = ConversationSlotFactory(mentor=ours.professional)
    other_child = ChildFactory()
    PlacementFactory(child=other_child, group=ours.group, mentor=ours.professional)
    other_parent = GuardianFactory(family=other_child.family).user
    start = threading.Barrier(2, timeout=20)
    outcomes = []

    def book(child, parent) -> None:
        try:
            start.wait()
            outcomes.append(booking_create(slot=slot, child=child, by=parent))
        except ValidationError as error:
            outcomes.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=book, args=(ours.child, ours.parent)),
        threading.Thread(target=book, args=(other_child, other_parent)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["Booking", "ValidationError"]
    assert Booking.objects.filter(slot=slot, cancelled_at__isnull=True).count() == 1
