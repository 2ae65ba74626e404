"""The cooperation indicators against a small organisation whose figures are worked out by hand.

The period is the last 4 weeks: from 27 days ago up to and including today. Days are
written as "days ago"; every moment happens at noon of its day.

VE group "Uilen", five children, each in their own family:
  A  placed long ago, routine every 4 weeks, last contact 10 days ago, intake completed,
     a parent entry 20 days ago, home visits done 5 and 40 days ago (and one planned),
     home languages ar + nl.
  B  placed long ago, no agreed routine (default 6 weeks), last contact 50 days ago,
     intake a draft, a parent response 70 days ago (older than 8 weeks), language tr.
  C  placed mid-period, 10 days ago; no contact, no intake; language nl.
  D  left during the period: placed 200 days ago, ended 14 days ago; last contact 100 days
     ago; a home visit done 20 days ago; language pl.
  E  placed long ago, routine every 2 weeks, last contact 40 days ago; language ar.
Group hand-outs for the weeks starting 21 and 7 days ago (and one 35 days ago, before the
period); sessions 20 and 5 days ago (one more cancelled, one in the future).

Non-VE group "Vlinders": child F with a 4-weekly routine, contact 3 days ago, intake
completed; a hand-out and a session that must not count. Group "Leeg": no children.
"""

import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from contacts import selectors as contacts
from families.models import HomeVisit, Intake, Placement
from groups import indicators
from groups.indicators import Period, Ratio
from portfolios.models import Perspective, PortfolioEntry, Response
from tests.activities.factories import (
    HomeActivityFactory,
    HomeActivityFeedbackFactory,
    ParentChildSessionFactory,
    SessionFamilyFactory,
)
from tests.contacts.factories import ContactMomentFactory, ContactRoutineFactory
from tests.factories import (
    ChildFactory,
    GroupFactory,
    HomeLanguageFactory,
    LocationFactory,
    PlacementFactory,
    UserFactory,
)
from tests.portfolios.factories import EntryFactory, ResponseFactory

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    return timezone.localdate()


def day(days_ago: int) -> datetime.date:
    return today() - timedelta(days=days_ago)


def at(days_ago: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day(days_ago), datetime.time(12)))


class World:
    pass


def _child(group, name: str, *, placed_days_ago: int = 90, ended_days_ago: int | None = None, languages=("nl",)):
    child = ChildFactory(first_name=name)
    for language in languages:
        HomeLanguageFactory(family=child.family, language=language)
    PlacementFactory(
        child=child,
        group=group,
        start_date=day(placed_days_ago),
        end_date=day(ended_days_ago) if ended_days_ago is not None else None,
    )
    return child


def _contact(child, days_ago: int) -> None:
    ContactMomentFactory(child=child, occurred_at=at(days_ago))


@pytest.fixture
def world() -> World:
    w = World()
    w.location = LocationFactory(name="Kindcentrum Test")
    w.ve = GroupFactory(location=w.location, name="Uilen", is_ve=True)
    w.plain = GroupFactory(location=w.location, name="Vlinders")
    w.empty = GroupFactory(location=w.location, name="Leeg")
    staff = UserFactory()
    parent = UserFactory()

    w.a = _child(w.ve, "A", languages=("ar", "nl"))
    ContactRoutineFactory(child=w.a, every_weeks=4)
    _contact(w.a, 10)
    Intake.objects.create(child=w.a, status=Intake.Status.COMPLETED, completed_at=at(60))
    entry = EntryFactory(child=w.a, author=parent, perspective=Perspective.PARENT)
    PortfolioEntry.objects.filter(pk=entry.pk).update(created_at=at(20))
    for days_ago, status in ((5, HomeVisit.Status.DONE), (40, HomeVisit.Status.DONE), (2, HomeVisit.Status.PLANNED)):
        HomeVisit.objects.create(child=w.a, professional=staff, planned_for=at(days_ago), status=status)

    w.b = _child(w.ve, "B", languages=("tr",))
    _contact(w.b, 50)
    Intake.objects.create(child=w.b, status=Intake.Status.DRAFT)
    response = ResponseFactory(entry=EntryFactory(child=w.b, author=staff), author=parent)
    Response.objects.filter(pk=response.pk).update(created_at=at(70))

    w.c = _child(w.ve, "C", placed_days_ago=10)

    w.d = _child(w.ve, "D", placed_days_ago=200, ended_days_ago=14, languages=("pl",))
    _contact(w.d, 100)
    HomeVisit.objects.create(child=w.d, professional=staff, planned_for=at(20), status=HomeVisit.Status.DONE)

    w.e = _child(w.ve, "E", languages=("ar",))
    ContactRoutineFactory(child=w.e, every_weeks=2)
    _contact(w.e, 40)

    early = HomeActivityFactory(group=w.ve, week_start=day(21))
    late = HomeActivityFactory(group=w.ve, week_start=day(7))
    before = HomeActivityFactory(group=w.ve, week_start=day(35))
    for hand_out, child in ((early, w.a), (late, w.a), (late, w.b), (late, w.c), (before, w.a)):
        HomeActivityFeedbackFactory(home_activity=hand_out, family=child.family)

    held = ParentChildSessionFactory(group=w.ve, starts_at=at(5))
    SessionFamilyFactory(session=held, family=w.a.family, attended=True)
    SessionFamilyFactory(session=held, family=w.b.family, attended=False)
    SessionFamilyFactory(session=held, family=w.e.family)
    earlier = ParentChildSessionFactory(group=w.ve, starts_at=at(20))
    SessionFamilyFactory(session=earlier, family=w.d.family, attended=True)
    cancelled = ParentChildSessionFactory(group=w.ve, starts_at=at(3), cancelled_at=at(4))
    SessionFamilyFactory(session=cancelled, family=w.a.family, attended=True)
    coming = ParentChildSessionFactory(group=w.ve, starts_at=timezone.now() + timedelta(days=3))
    SessionFamilyFactory(session=coming, family=w.a.family)

    w.f = _child(w.plain, "F")
    ContactRoutineFactory(child=w.f, every_weeks=4)
    _contact(w.f, 3)
    Intake.objects.create(child=w.f, status=Intake.Status.COMPLETED, completed_at=at(80))
    feedback_elsewhere = HomeActivityFactory(group=w.plain, week_start=day(7))
    HomeActivityFeedbackFactory(home_activity=feedback_elsewhere, family=w.f.family)
    SessionFamilyFactory(session=ParentChildSessionFactory(group=w.plain, starts_at=at(5)), family=w.f.family)
    return w


def _period() -> Period:
    return Period.chosen(indicators.LAST_4_WEEKS, today=today())


def test_the_ve_group_has_the_hand_computed_figures(world):
    ve = indicators.group_indicators([world.ve, world.plain, world.empty], _period())[0]

    assert ve.group == world.ve
    # A, B, C (placed mid-period) and D (left during it).
    assert ve.children_placed == 5
    # D left 14 days ago: not placed on the last day.
    assert ve.children_at_end == 4
    # B: last contact 50 days ago + 6 weeks (default) = due 8 days ago; E: 40 days ago + 2 weeks.
    # A: 10 days ago + 4 weeks is still ahead; C: placed 10 days ago + 6 weeks is ahead.
    assert ve.overdue == 2
    assert ve.routine_kept == Ratio(2, 4)
    assert ve.routine_kept.percent == Decimal("50.0")
    # Only A's intake is completed (B's is a draft, C has none) of the 4 placed at the end.
    assert ve.intakes_completed == Ratio(1, 4)
    # A's visit 5 days ago and D's 20 days ago (while placed); A's visit 40 days ago is before
    # the period and the planned one does not count.
    assert ve.home_visits_done == 2
    # Families at the end: A, B, C, E. Only A's parent wrote within 8 weeks (B's response is 70 days old).
    assert ve.parent_view == Ratio(1, 4)
    # Hand-outs per child's window: A 2, B 2, C 1 (placed after the first), D 1 (left before
    # the second), E 2 = 8. Feedback: A 2, B 1, C 1 = 4 (A's on the older hand-out does not count).
    assert ve.take_up == Ratio(4, 8)
    assert ve.take_up.percent == Decimal("50.0")
    # Held sessions: 5 days ago (A came, B did not, E not registered) and 20 days ago (D came,
    # still placed then). The cancelled and the future session do not count: 2 of 4.
    assert ve.session_attendance == Ratio(2, 4)
    # E: no contact for 40 days > 2 weeks routine + 2 weeks margin. B: 50 days < 6 + 2 weeks.
    assert ve.out_of_sight == 1
    assert set(ve.home_languages) == {"ar", "nl", "tr", "pl"}


def test_a_group_without_ve_shows_no_ve_figures(world):
    _ve, plain, _empty = indicators.group_indicators([world.ve, world.plain, world.empty], _period())

    assert plain.is_ve is False
    assert plain.children_placed == 1
    assert plain.overdue == 0
    assert plain.routine_kept.percent == Decimal("100.0")
    assert plain.intakes_completed.percent == Decimal("100.0")
    assert plain.parent_view == Ratio(0, 1)
    assert plain.parent_view.percent == Decimal("0.0")
    # Its hand-out and session exist, but the VE figures do not apply.
    assert plain.home_visits_done is None
    assert plain.take_up is None
    assert plain.session_attendance is None
    assert plain.home_languages == ("nl",)


def test_a_group_with_no_data_divides_by_nothing(world):
    empty_ve = GroupFactory(location=world.location, name="Nieuw", is_ve=True)
    _ve, _plain, empty, new_ve = indicators.group_indicators([world.ve, world.plain, world.empty, empty_ve], _period())

    assert empty.children_placed == 0
    assert empty.routine_kept.percent is None
    assert empty.intakes_completed.percent is None
    assert empty.parent_view.percent is None
    assert empty.overdue == 0 and empty.out_of_sight == 0
    assert empty.home_languages == ()
    assert empty.attention == frozenset()
    assert new_ve.take_up == Ratio(0, 0) and new_ve.take_up.percent is None
    assert new_ve.session_attendance.percent is None
    assert new_ve.home_visits_done == 0


def test_the_total_counts_every_child_once_and_ve_figures_over_ve_groups(world):
    total = indicators.total_indicators([world.ve, world.plain, world.empty], _period())

    assert total.group is None
    assert total.children_placed == 6
    assert total.children_at_end == 5
    # B and E overdue of A, B, C, E, F.
    assert total.routine_kept == Ratio(3, 5)
    assert total.intakes_completed == Ratio(2, 5)
    assert total.parent_view == Ratio(1, 5)
    assert total.out_of_sight == 1
    # Only Uilen is a VE group: Vlinders' hand-out and session stay out.
    assert total.home_visits_done == 2
    assert total.take_up == Ratio(4, 8)
    assert total.session_attendance == Ratio(2, 4)
    assert set(total.home_languages) == {"ar", "nl", "tr", "pl"}


def test_totals_by_location_agree_with_the_total(world):
    other = GroupFactory(name="Elders")
    _child(other, "G")

    by_location = indicators.totals_by_location([world.ve, world.plain, other], _period())

    assert by_location[world.location.pk].children_placed == 6
    assert by_location[world.location.pk].take_up == Ratio(4, 8)
    assert by_location[other.location_id].children_placed == 1
    assert by_location[other.location_id].take_up is None


def test_each_child_has_its_own_figures(world):
    rows = {row.child.first_name: row for row in indicators.child_indicators(world.ve, _period())}

    assert list(rows) == ["A", "B", "C", "D", "E"]
    a, b, c, d, e = (rows[name] for name in "ABCDE")
    assert (a.last_contact_on, a.routine_weeks, a.has_routine) == (day(10), 4, True)
    assert a.next_due == day(10) + timedelta(weeks=4)
    assert (a.overdue, a.routine_kept, a.out_of_sight, a.intake_completed, a.parent_view) == (
        False,
        True,
        False,
        True,
        True,
    )
    assert (a.home_visits_done, a.last_home_visit_on) == (1, day(5))
    assert (a.take_up, a.session_attendance) == (Ratio(2, 2), Ratio(1, 1))
    assert set(a.home_languages) == {"ar", "nl"}

    assert (b.routine_weeks, b.has_routine, b.overdue, b.out_of_sight, b.parent_view) == (6, False, True, False, False)
    assert b.next_due == day(50) + timedelta(weeks=6)
    # Placed mid-period: nothing due yet, counted from the start of the placement.
    assert (c.last_contact_on, c.next_due, c.overdue) == (None, day(10) + timedelta(weeks=6), False)
    assert (c.take_up, c.session_attendance) == (Ratio(1, 1), Ratio(0, 0))
    # Left during the period: nothing as of the end, but what happened while placed counts.
    assert d.placed_at_end is False and d.left_on == day(14)
    assert (d.overdue, d.out_of_sight, d.intake_completed, d.parent_view, d.next_due) == (None,) * 5
    assert (d.home_visits_done, d.take_up, d.session_attendance) == (1, Ratio(0, 1), Ratio(1, 1))
    assert (e.overdue, e.out_of_sight) == (True, True)


def test_the_children_add_up_to_the_group(world):
    period = _period()
    group = indicators.group_indicators([world.ve], period)[0]
    children = indicators.child_indicators(world.ve, period)

    assert group.overdue == sum(bool(row.overdue) for row in children)
    assert group.home_visits_done == sum(row.home_visits_done for row in children)
    assert group.take_up.part == sum(row.take_up.part for row in children)
    assert group.take_up.whole == sum(row.take_up.whole for row in children)


def test_a_period_ending_today_agrees_with_the_contact_selectors(world):
    """As of today the as-of-end status is the one the group overview shows."""
    rows = {row.placement.pk: row for row in indicators.child_indicators(world.ve, _period()) if row.placed_at_end}
    placements = contacts.with_contact_status(Placement.objects.filter(pk__in=rows), child="child")

    overdue_now = set(placements.filter(contacts.due_by(today() - timedelta(days=1))).values_list("pk", flat=True))
    out_of_sight_now = set(placements.filter(contacts.out_of_sight_by(today())).values_list("pk", flat=True))

    assert {pk for pk, row in rows.items() if row.overdue} == overdue_now
    assert {pk for pk, row in rows.items() if row.out_of_sight} == out_of_sight_now


def test_a_past_period_ignores_what_happened_after_its_end(world):
    # Up to 12 days ago, A's contact 10 days ago had not happened yet; without earlier
    # contact A counts from the placement start (90 days ago): overdue then.
    period = Period.chosen(indicators.CUSTOM, start=day(40), end=day(12), today=today())

    rows = {row.child.first_name: row for row in indicators.child_indicators(world.ve, period)}

    assert rows["A"].last_contact_on is None
    assert rows["A"].overdue is True
    # A's parent entry 20 days ago lies within the 8 weeks before 12 days ago.
    assert rows["A"].parent_view is True
    # D left 14 days ago, before this period's last day.
    assert rows["D"].placed_at_end is False
    # C was placed 10 days ago: after this period.
    assert "C" not in rows


def test_attention_follows_the_thresholds(world, settings):
    settings.DASHBOARD_ROUTINE_KEPT_MIN_PCT = 80
    settings.DASHBOARD_OVERDUE_MAX = 1
    settings.DASHBOARD_INTAKES_COMPLETED_MIN_PCT = 25
    settings.DASHBOARD_PARENT_VIEW_MIN_PCT = 50
    settings.DASHBOARD_TAKE_UP_MIN_PCT = 50
    settings.DASHBOARD_SESSION_ATTENDANCE_MIN_PCT = 60
    settings.DASHBOARD_OUT_OF_SIGHT_MAX = 0

    ve = indicators.group_indicators([world.ve], _period())[0]

    # 50% kept < 80; 2 overdue > 1; intakes 25% is not below 25; parents' view 25% < 50;
    # take-up 50% is not below 50; sessions 50% < 60; 1 out of sight > 0.
    assert ve.attention == {"routine_kept", "overdue", "parent_view", "session_attendance", "out_of_sight"}


def test_the_periods_to_choose_from():
    monday = datetime.date(2025, 3, 10)

    assert Period.chosen("4w", today=monday) == Period(datetime.date(2025, 2, 11), monday, "4w")
    assert Period.chosen("8w", today=monday).days == 56
    assert Period.chosen("13w", today=monday).days == 91
    assert Period.chosen("custom", start=datetime.date(2025, 1, 1), end=monday, today=monday).days == 69
    assert Period.chosen("13w", today=monday).parent_view_start == monday - timedelta(days=55)


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (None, datetime.date(2025, 3, 1), "start"),
        (datetime.date(2025, 3, 1), None, "end"),
        (datetime.date(2025, 3, 5), datetime.date(2025, 3, 1), "end"),
        (datetime.date(2025, 3, 1), datetime.date(2025, 3, 11), "end"),
        (datetime.date(2020, 1, 1), datetime.date(2025, 3, 1), "start"),
    ],
)
def test_a_bad_custom_period_is_refused(start, end, field):
    with pytest.raises(ValidationError) as refused:
        Period.chosen("custom", start=start, end=end, today=datetime.date(2025, 3, 10))

    assert field in refused.value.message_dict


def test_an_unknown_choice_is_refused():
    with pytest.raises(ValidationError):
        Period.chosen("1y")
