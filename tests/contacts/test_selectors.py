"""When contact is due, overdue or the family is out of sight, with dates worked out by hand;
and the staff home's lists of what to pick up.

Settings in force: a routine of 6 weeks when none was agreed, and 2 weeks of margin before a
family counts as out of sight.
"""

import datetime

import pytest
from django.utils import timezone

from contacts.models import ContactMoment
from contacts.selectors import (
    contact_due_for_mentor,
    contact_status,
    due_by,
    open_agreements_for_staff,
    open_requests_for_staff,
    out_of_sight_by,
    upcoming_bookings_for_mentor,
    with_contact_status,
)
from families.models import Child, Placement
from tests.contacts.factories import (
    AgreementFactory,
    BookingFactory,
    ContactMomentFactory,
    ContactRoutineFactory,
    ConversationRequestFactory,
    ConversationSlotFactory,
)
from tests.factories import ChildFactory, GroupFactory, GuardianFactory, PlacementFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _known_settings(settings):
    settings.CONTACT_DEFAULT_EVERY_WEEKS = 6
    settings.CONTACT_OUT_OF_SIGHT_MARGIN_WEEKS = 2


def _days(number: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=number)


def _at_noon(days: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(_days(days), datetime.time(12)))


def _placed(days_ago: int, **fields) -> Child:
    placement = PlacementFactory(start_date=_days(-days_ago), **fields)
    return placement.child


def _contact(child: Child, days_ago: int) -> ContactMoment:
    return ContactMomentFactory(child=child, occurred_at=_at_noon(-days_ago))


def _status(child: Child):
    return contact_status(with_contact_status(Child.objects.filter(pk=child.pk)).get())


def test_the_familys_last_contact_is_the_latest_with_any_of_its_children():
    first = _placed(100)
    second = ChildFactory(family=first.family)
    PlacementFactory(child=second, start_date=_days(-100))
    never = ChildFactory(family=first.family)
    _contact(first, 30)
    _contact(first, 20)
    _contact(second, 9)
    _contact(_placed(100), 1)  # another family

    days = {
        child.pk: (child.last_contact_on, child.family_last_contact_on)
        for child in with_contact_status(Child.objects.filter(family=first.family))
    }

    assert days == {
        first.pk: (_days(-20), _days(-9)),
        second.pk: (_days(-9), _days(-9)),
        never.pk: (None, _days(-9)),
    }


def test_a_family_without_any_contact_has_no_last_contact():
    child = _placed(10)
    ChildFactory(family=child.family)

    assert with_contact_status(Child.objects.filter(pk=child.pk)).get().family_last_contact_on is None


# --- The arithmetic ------------------------------------------------------------------------


def test_before_any_contact_the_routine_counts_from_the_placement_start():
    child = _placed(50)

    status = _status(child)

    # 50 days ago + 6 weeks (42 days) = 8 days ago.
    assert status.last_contact_on is None
    assert status.next_due == _days(-8)
    assert (status.state, status.days_overdue) == ("overdue", 8)
    # Out of sight after 6 + 2 weeks = 56 days: 6 days to go.
    assert status.out_of_sight is False
    assert status.has_routine is False


def test_the_last_contact_counts_from_its_day():
    child = _placed(200)
    _contact(child, 40)
    _contact(child, 60)

    status = _status(child)

    # 40 days ago + 42 days = in 2 days: due this week.
    assert status.last_contact_on == _days(-40)
    assert status.next_due == _days(2)
    assert (status.state, status.days_overdue) == ("due", 0)


def test_an_agreed_routine_of_two_weeks_replaces_the_default():
    child = _placed(200)
    _contact(child, 10)
    assert _status(child).next_due == _days(32), "by default: 10 days ago + 6 weeks"
    assert _status(child).state == "ok"

    ContactRoutineFactory(child=child, every_weeks=2)

    status = _status(child)
    # 10 days ago + 14 days = in 4 days.
    assert status.next_due == _days(4)
    assert status.state == "due"
    assert status.has_routine is True
    assert status.routine_weeks == 2


def test_a_routine_of_two_weeks_makes_a_family_out_of_sight_after_four_weeks():
    quiet = _placed(200)
    ContactRoutineFactory(child=quiet, every_weeks=2)
    _contact(quiet, 29)
    just_in_time = _placed(200)
    ContactRoutineFactory(child=just_in_time, every_weeks=2)
    _contact(just_in_time, 28)

    # 2 weeks of routine + 2 weeks of margin = 28 days: longer than that is out of sight.
    assert _status(quiet).out_of_sight is True
    assert _status(just_in_time).out_of_sight is False
    assert _status(just_in_time).days_overdue == 14


def test_a_siblings_contact_keeps_the_family_in_sight_but_not_the_child_on_schedule():
    child = _placed(100)
    sibling = ChildFactory(family=child.family)
    PlacementFactory(child=sibling, start_date=_days(-100))

    # 100 days without contact is longer than 6 + 2 weeks.
    assert _status(child).out_of_sight is True

    _contact(sibling, 3)

    status = _status(child)
    assert status.out_of_sight is False
    # The child's own routine still counts from the placement: 100 days ago + 42 = 58 days overdue.
    assert (status.state, status.days_overdue) == ("overdue", 58)


def test_an_ended_placement_does_not_count():
    child = _placed(20)
    PlacementFactory(child=child, start_date=_days(-300), end_date=_days(-200))

    status = _status(child)

    # From the current placement (20 days ago), not the ended one: due in 22 days.
    assert status.next_due == _days(22)
    assert status.state == "ok"


def test_a_child_whose_placements_all_ended_has_no_due_date():
    child = _placed(300, end_date=_days(-10))

    status = _status(child)

    assert status.next_due is None
    assert status.state == "ok"
    assert status.out_of_sight is False


def test_the_database_filters_agree_with_the_status():
    overdue = _placed(50)
    due = _placed(200)
    _contact(due, 40)
    fine = _placed(200)
    _contact(fine, 1)
    out_of_sight = _placed(60)

    children = with_contact_status(Child.objects.all())

    assert set(children.filter(due_by(TODAY))) == {overdue, out_of_sight}
    assert set(children.filter(due_by(_days(6)))) == {overdue, due, out_of_sight}
    assert set(children.filter(out_of_sight_by(TODAY))) == {out_of_sight}
    placements = with_contact_status(Placement.objects.all(), child="child")
    assert {placement.child for placement in placements.filter(due_by(TODAY))} == {overdue, out_of_sight}


@pytest.mark.parametrize("weeks", [1, 2, 5, 12])
def test_the_database_date_arithmetic_agrees_on_the_day_before_on_and_after(weeks):
    """`due_by` and `out_of_sight_by` add the routine's days in SQL (PostgreSQL: date +
    integer; SQLite: date modifiers). One child per day around the boundary must fall on the
    same side as `contact_status` works out in Python."""
    margin = 2 * 7
    children = {}
    for offset in (-1, 0, 1):
        # Last contact so that the next contact (contact + routine) is due `offset` days from today.
        child = _placed(400)
        ContactRoutineFactory(child=child, every_weeks=weeks)
        _contact(child, weeks * 7 - offset)
        children[offset] = child
    annotated = with_contact_status(Child.objects.filter(pk__in=[child.pk for child in children.values()]))

    due_today = set(annotated.filter(due_by(TODAY)))
    out_of_sight_later = set(annotated.filter(out_of_sight_by(_days(margin))))

    assert due_today == {children[-1], children[0]}
    # Out of sight once contact + routine + margin lies before the day: on the margin's
    # last day only the child that was due yesterday.
    assert out_of_sight_later == {children[-1]}
    for child in annotated:
        assert (child in due_today) == (contact_status(child).next_due <= TODAY)
        assert (child in out_of_sight_later) == contact_status(child, _days(margin)).out_of_sight


# --- What a professional picks up ------------------------------------------------------------


@pytest.fixture
def mentor_group(ours):
    """Our group with the professional as mentor of children in every state."""
    ours.child.placements.update(start_date=_days(-20))  # the standing child: due in 22 days
    children = {}
    for name, days_placed, days_since_contact in [
        ("Laat", 100, 50),  # 50 days ago + 42: 8 days overdue
        ("Later", 200, 60),  # 18 days overdue
        ("Bijna", 200, 38),  # due in 4 days
        ("Rustig", 200, 5),  # fine
    ]:
        child = _placed(days_placed, child__first_name=name, group=ours.group, mentor=ours.professional)
        _contact(child, days_since_contact)
        children[name] = child
    colleague = UserFactory()
    children["Ander"] = _placed(100, child__first_name="Ander", group=ours.group, mentor=colleague)
    return children


def test_contact_due_lists_the_mentor_children_due_within_a_week_the_longest_overdue_first(ours, mentor_group):
    due = contact_due_for_mentor(ours.professional)

    assert [placement.child.first_name for placement in due] == ["Later", "Laat", "Bijna"]
    assert [placement.contact.days_overdue for placement in due] == [18, 8, 0]
    assert due[2].contact.next_due == _days(4)


def test_contact_due_leaves_out_ended_placements_and_groups_the_mentor_left(ours, theirs, mentor_group):
    Placement.objects.filter(child=mentor_group["Laat"]).update(end_date=_days(-1))
    # A mentor still named on a placement in a group they no longer work in sees nothing of it.
    _placed(100, child__first_name="Elders", group=GroupFactory(), mentor=ours.professional)

    names = [placement.child.first_name for placement in contact_due_for_mentor(ours.professional)]

    assert names == ["Later", "Bijna"]


def test_contact_due_lists_a_child_placed_twice_once(ours, mentor_group):
    PlacementFactory(child=mentor_group["Bijna"], group=ours.group, mentor=ours.professional, start_date=_days(30))

    names = [placement.child.first_name for placement in contact_due_for_mentor(ours.professional)]

    assert names == ["Later", "Laat", "Bijna"]


def test_open_agreements_show_the_users_own_first_then_by_due_date(ours, theirs):
    colleague = UserFactory()
    moment = ContactMomentFactory(child=ours.child, professional=colleague)
    theirs_first = AgreementFactory(contact_moment=moment, owner_professional=colleague, due_on=_days(1))
    parent = AgreementFactory(
        contact_moment=moment,
        owner_professional=None,
        owner_guardian=GuardianFactory(family=ours.family, user=None, email=""),
        due_on=_days(-2),
    )
    mine_later = AgreementFactory(contact_moment=moment, owner_professional=ours.professional, due_on=_days(9))
    mine_sooner = AgreementFactory(contact_moment=moment, owner_professional=ours.professional, due_on=_days(3))
    AgreementFactory(contact_moment=moment, owner_professional=ours.professional, done_at=timezone.now())
    AgreementFactory(contact_moment=ContactMomentFactory(child=theirs.child), owner_professional=ours.professional)

    agreements = list(open_agreements_for_staff(ours.professional))

    assert agreements == [mine_sooner, mine_later, parent, theirs_first]


def test_open_requests_are_the_unhandled_ones_of_the_users_children_longest_waiting_first(ours, theirs):
    first = ConversationRequestFactory(child=ours.child)
    second = ConversationRequestFactory(child=ours.child)
    ConversationRequestFactory(child=ours.child, handled_at=timezone.now())
    ConversationRequestFactory(child=theirs.child)

    assert list(open_requests_for_staff(ours.professional)) == [first, second]
    assert list(open_requests_for_staff(ours.manager)) == [], "a manager oversees, the professionals pick it up"


def test_upcoming_bookings_are_the_mentors_active_ones_of_the_next_two_weeks(ours):
    def booking(days: int, mentor=ours.professional, **fields):
        starts_at = timezone.now() + datetime.timedelta(days=days)
        slot = ConversationSlotFactory(
            mentor=mentor, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(minutes=15)
        )
        return BookingFactory(slot=slot, child=ours.child, **fields)

    later = booking(10)
    sooner = booking(2)
    booking(-1)
    booking(15)
    booking(3, cancelled_at=timezone.now())
    booking(4, mentor=UserFactory())

    assert list(upcoming_bookings_for_mentor(ours.professional)) == [sooner, later]
    assert list(upcoming_bookings_for_mentor(ours.professional, days=5)) == [sooner]
