"""The gentle nudge to parents who have added nothing to the portfolio for a while: part of
the daily reminders, once per quiet period, never for a family that wrote or answered."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from contacts.reminders import plan_daily_reminders
from notifications.delivery import deliver
from notifications.kinds import title_for
from notifications.models import Notification
from notifications.services import notify_all
from portfolios.models import Perspective
from portfolios.reminders import period_end, view_reminder_drafts
from tests.factories import GuardianFactory
from tests.portfolios.factories import EntryFactory, ResponseFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
WEEKS = 6


def _days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


@pytest.fixture(autouse=True)
def _six_weeks(settings):
    settings.PORTFOLIO_VIEW_REMINDER_WEEKS = WEEKS


@pytest.fixture
def quiet(ours):
    """Ours: placed 90 days ago; the parents never wrote in the portfolio."""
    ours.child.placements.update(start_date=_days_ago(90))
    return ours


def _reminders(side) -> list[Notification]:
    return list(Notification.objects.filter(kind="portfolio_view_reminder", recipient=side.parent))


def _home_entry(side, days_ago: int):
    entry = EntryFactory(child=side.child, author=side.parent, perspective=Perspective.PARENT, domain=None)
    entry.__class__.objects.filter(pk=entry.pk).update(created_at=_at(_days_ago(days_ago)))
    return entry


def test_the_quiet_periods_are_counted_in_whole_periods_from_the_last_view():
    march_first = datetime.date(2026, 3, 1)
    assert period_end(march_first, datetime.date(2026, 4, 11), 6) is None
    assert period_end(march_first, datetime.date(2026, 4, 12), 6) == datetime.date(2026, 4, 12)
    assert period_end(march_first, datetime.date(2026, 5, 23), 6) == datetime.date(2026, 4, 12)
    assert period_end(march_first, datetime.date(2026, 5, 24), 6) == datetime.date(2026, 5, 24)


def test_parents_who_never_wrote_get_a_reminder_with_a_way_to_write(quiet):
    planned = plan_daily_reminders(TODAY)

    [reminder] = _reminders(quiet)
    assert planned.portfolio_views == 1
    assert reminder.link == reverse("portfolios:home_entry_new", args=[quiet.child.pk])
    assert reminder.params["child"] == quiet.child.first_name
    assert str(quiet.child.pk) in reminder.subject  # ids only, no names in the key
    with translation.override("en"):
        assert title_for(reminder) == f"What do you see of {quiet.child.first_name} at home? Add it to the portfolio"


def test_every_parent_with_a_login_is_reminded_but_not_one_without(quiet):
    second = GuardianFactory(family=quiet.family)
    GuardianFactory(family=quiet.family, user=None, email="zonder.login@example.test")

    plan_daily_reminders(TODAY)

    assert {n.recipient for n in Notification.objects.filter(kind="portfolio_view_reminder")} == {
        quiet.parent,
        second.user,
    }


def test_an_entry_from_home_within_the_period_means_no_reminder(quiet):
    _home_entry(quiet, days_ago=WEEKS * 7 - 1)
    plan_daily_reminders(TODAY)
    assert _reminders(quiet) == []


def test_a_response_to_an_observation_counts_as_a_view_as_well(quiet):
    observation = EntryFactory(child=quiet.child, author=quiet.professional)
    response = ResponseFactory(entry=observation, author=quiet.parent)
    response.__class__.objects.filter(pk=response.pk).update(created_at=_at(_days_ago(10)))
    plan_daily_reminders(TODAY)
    assert _reminders(quiet) == []


def test_the_groups_observations_alone_do_not_count(quiet):
    EntryFactory(child=quiet.child, author=quiet.professional)
    plan_daily_reminders(TODAY)
    assert len(_reminders(quiet)) == 1


def test_a_view_older_than_the_period_brings_the_reminder_back(quiet):
    _home_entry(quiet, days_ago=WEEKS * 7)
    plan_daily_reminders(TODAY)
    [reminder] = _reminders(quiet)
    assert reminder.on_date == TODAY  # the quiet period ends today


def test_it_never_reminds_twice_for_the_same_period_but_does_in_the_next(quiet):
    quiet.child.placements.update(start_date=_days_ago(WEEKS * 7 * 2))  # a second quiet period ends today
    # Every day of the period, each twice: the portfolio's part of the daily job, through the
    # same notify_all (the whole job, with every other reminder, is run twice above and in
    # tests/notifications/test_reminders.py).
    for days_later in range(WEEKS * 7):
        for _ in range(2):
            notify_all(view_reminder_drafts(TODAY + datetime.timedelta(days=days_later)))
    assert len(_reminders(quiet)) == 1

    plan_daily_reminders(TODAY + datetime.timedelta(weeks=WEEKS))

    assert len(_reminders(quiet)) == 2


def test_a_child_just_placed_or_placed_later_or_gone_gets_none(ours, theirs):
    ours.child.placements.update(start_date=_days_ago(WEEKS * 7 - 1))
    theirs.child.placements.update(start_date=TODAY + datetime.timedelta(days=3))
    plan_daily_reminders(TODAY)
    assert _reminders(ours) == [] and _reminders(theirs) == []

    theirs.child.placements.update(start_date=_days_ago(400), end_date=_days_ago(1))
    plan_daily_reminders(TODAY)
    assert _reminders(theirs) == []


def test_an_inactive_parent_is_not_reminded(quiet):
    quiet.parent.is_active = False
    quiet.parent.save()
    assert view_reminder_drafts(TODAY) == []


def test_zero_weeks_turns_the_reminder_off(quiet, settings):
    settings.PORTFOLIO_VIEW_REMINDER_WEEKS = 0
    assert view_reminder_drafts(TODAY) == []


def test_the_email_is_dropped_when_the_parents_wrote_in_the_meantime(quiet, mailoutbox):
    plan_daily_reminders(TODAY)
    [reminder] = _reminders(quiet)
    EntryFactory(child=quiet.child, author=quiet.parent, perspective=Perspective.PARENT, domain=None)

    deliver(reminder.pk)

    assert mailoutbox == []


def test_the_email_goes_out_when_nothing_was_written(quiet, mailoutbox):
    plan_daily_reminders(TODAY)
    [reminder] = _reminders(quiet)

    deliver(reminder.pk)

    [message] = mailoutbox
    assert message.to == [quiet.parent.email]


@pytest.mark.parametrize("size", [10, 100])
def test_the_reminders_take_the_same_queries_for_10_and_100_children(ours, size, django_assert_max_num_queries):
    from tests.factories import ChildFactory, PlacementFactory

    for number in range(size):
        guardian = GuardianFactory()
        child = ChildFactory(family=guardian.family, first_name=f"Kind{number}")
        PlacementFactory(child=child, group=ours.group, start_date=_days_ago(90))
        if number % 2:
            EntryFactory(child=child, author=guardian.user, perspective=Perspective.PARENT, domain=None)

    with django_assert_max_num_queries(2):
        drafts = view_reminder_drafts(TODAY)

    assert len(drafts) == size // 2 + 1  # and ours
