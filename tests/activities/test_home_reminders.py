"""The mid-week reminder to parents whose home activity of this week is still open: part of
the daily reminders, once per hand-out and family, never for a family that told how it
went, and its email dropped when they did so in the meantime."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from activities.models import HomeActivity
from activities.reminders import home_activity_reminder_drafts
from contacts.reminders import plan_daily_reminders
from notifications.delivery import deliver
from notifications.kinds import title_for
from notifications.models import Notification
from tests.activities.factories import (
    ActivityTranslationFactory,
    HomeActivityFactory,
    HomeActivityFeedbackFactory,
    this_monday,
)
from tests.factories import ChildFactory, GuardianFactory, PlacementFactory

pytestmark = pytest.mark.django_db

MONDAY = this_monday()
WEDNESDAY = MONDAY + datetime.timedelta(days=2)


@pytest.fixture(autouse=True)
def _only_these_reminders(settings):
    """Wednesday, as by default; the portfolio's nudge has its own tests."""
    settings.HOME_ACTIVITY_REMINDER_WEEKDAY = 2
    settings.PORTFOLIO_VIEW_REMINDER_WEEKS = 0


@pytest.fixture
def open_week(ours):
    """Ours: an activity (with an Arabic translation) handed to the group this week; no feedback yet."""
    ours.home_activity = HomeActivityFactory(activity=ActivityTranslationFactory().activity, group=ours.group)
    return ours


def _reminders(user=None) -> list[Notification]:
    reminders = Notification.objects.filter(kind="home_activity_reminder")
    return list(reminders.filter(recipient=user) if user else reminders)


def test_on_wednesday_the_parents_of_an_open_home_activity_get_a_gentle_reminder(open_week):
    planned = plan_daily_reminders(WEDNESDAY)

    [reminder] = _reminders(open_week.parent)
    assert planned.home_activities == 1
    assert reminder.on_date == MONDAY
    assert reminder.link == reverse("activities:home_activity_detail", args=[open_week.home_activity.pk])
    assert reminder.params["family_id"] == str(open_week.family.pk)
    assert open_week.family.pk.hex in reminder.subject and len(reminder.subject) <= 80
    with translation.override("en"):
        assert title_for(reminder).startswith(f"Did you do “{open_week.home_activity.activity.title}”")


def test_the_reminder_names_the_activity_in_the_parents_language(open_week):
    open_week.family.guardians.update(preferred_language="ar")
    plan_daily_reminders(WEDNESDAY)
    [reminder] = _reminders(open_week.parent)
    assert reminder.params["activity"] == "البحث عن الأوراق"


def test_it_is_never_sent_twice_however_often_the_job_runs(open_week):
    for _ in range(3):
        plan_daily_reminders(WEDNESDAY)
    assert len(_reminders()) == 1


def test_the_reminder_comes_only_on_the_configured_weekday(open_week, settings):
    for day in range(7):
        if day != 2:
            assert home_activity_reminder_drafts(MONDAY + datetime.timedelta(days=day)) == []
    settings.HOME_ACTIVITY_REMINDER_WEEKDAY = 3
    assert home_activity_reminder_drafts(WEDNESDAY) == []
    assert len(home_activity_reminder_drafts(WEDNESDAY + datetime.timedelta(days=1))) == 1


def test_a_family_that_told_how_it_went_is_not_reminded(open_week):
    HomeActivityFeedbackFactory(home_activity=open_week.home_activity, family=open_week.family)
    plan_daily_reminders(WEDNESDAY)
    assert _reminders() == []


def test_every_parent_with_a_login_of_every_open_family_is_reminded(open_week, theirs):
    second = GuardianFactory(family=open_week.family)
    GuardianFactory(family=open_week.family, user=None, email="zonder.login@example.test")
    done = GuardianFactory()
    PlacementFactory(child=ChildFactory(family=done.family), group=open_week.group)
    HomeActivityFeedbackFactory(home_activity=open_week.home_activity, family=done.family)
    family_only = HomeActivityFactory(family=theirs.family)

    plan_daily_reminders(WEDNESDAY)

    assert {reminder.recipient for reminder in _reminders()} == {open_week.parent, second.user, theirs.parent}
    assert _reminders(theirs.parent)[0].params["home_activity_id"] == str(family_only.pk)


def test_last_weeks_activity_and_a_family_that_left_are_not_reminded(ours):
    HomeActivityFactory(group=ours.group, week_start=MONDAY - datetime.timedelta(weeks=1))
    left = GuardianFactory()
    PlacementFactory(
        child=ChildFactory(family=left.family),
        group=ours.group,
        start_date=MONDAY - datetime.timedelta(weeks=20),
        end_date=MONDAY,
    )
    HomeActivityFactory(group=ours.group)

    plan_daily_reminders(WEDNESDAY)

    assert [reminder.recipient for reminder in _reminders()] == [ours.parent]


def test_the_email_is_dropped_when_the_family_told_how_it_went_in_the_meantime(open_week, mailoutbox):
    plan_daily_reminders(WEDNESDAY)
    [reminder] = _reminders(open_week.parent)
    HomeActivityFeedbackFactory(home_activity=open_week.home_activity, family=open_week.family)

    deliver(reminder.pk)

    assert mailoutbox == []


def test_the_email_goes_out_while_the_activity_is_open(open_week, mailoutbox):
    plan_daily_reminders(WEDNESDAY)
    [reminder] = _reminders(open_week.parent)

    deliver(reminder.pk)

    [message] = mailoutbox
    assert message.to == [open_week.parent.email]


def test_withdrawing_the_activity_takes_its_reminders_along(open_week):
    from activities.services.home import home_activity_withdraw

    plan_daily_reminders(WEDNESDAY)
    home_activity_withdraw(home_activity=open_week.home_activity, by=open_week.professional)
    assert _reminders() == [] and not HomeActivity.objects.exists()


def test_the_send_reminders_command_counts_the_home_activity_reminders(open_week, capsys):
    call_command("send_reminders", "--date", WEDNESDAY.isoformat())
    assert "1 home activity reminders" in capsys.readouterr().out


@pytest.mark.parametrize("size", [10, 100])
def test_the_reminders_take_the_same_queries_for_10_and_100_families(ours, size, django_assert_max_num_queries):
    group_activity = HomeActivityFactory(group=ours.group, activity=ActivityTranslationFactory().activity)
    for number in range(size):
        guardian = GuardianFactory()
        PlacementFactory(child=ChildFactory(family=guardian.family), group=ours.group)
        if number % 2:
            HomeActivityFeedbackFactory(home_activity=group_activity, family=guardian.family)
        elif number % 5 == 0:
            HomeActivityFactory(family=guardian.family)

    with django_assert_max_num_queries(5):
        drafts = home_activity_reminder_drafts(WEDNESDAY)

    assert len(drafts) == size // 2 + 1 + len(range(0, size, 10))  # open families, ours, the family hand-outs
