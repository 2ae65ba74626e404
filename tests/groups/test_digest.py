"""The managers' weekly digest: the groups that need attention, once a week, through the daily job.

Hand-computed: in `ours` and `theirs` the one child (placed 90 days ago by the fixture) has
had no contact at all. Over the last 4 weeks its group therefore shows routine contact
kept 0% (0 of 1; below 80%) and 1 family out of sight (more than 0). The intake and
parents' view thresholds are set to 0 here, so these two are the only reasons. A group
"Vlinders" in our location whose child had a contact yesterday needs no attention.
"""

import datetime
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from contacts.reminders import plan_daily_reminders
from groups.digest import manager_digest_drafts
from notifications.models import Notification
from notifications.tasks import send_notification_email
from tests.contacts.factories import ContactMomentFactory
from tests.factories import GroupFactory, PlacementFactory
from tests.groups.test_dashboard import _fill

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
MONDAY = TODAY - timedelta(days=TODAY.weekday())


@pytest.fixture(autouse=True)
def _digest_today(settings):
    settings.MANAGER_DIGEST_WEEKDAY = TODAY.weekday()
    settings.DASHBOARD_INTAKES_COMPLETED_MIN_PCT = 0
    settings.DASHBOARD_PARENT_VIEW_MIN_PCT = 0
    # The other reminders of the daily job are not what these tests are about.
    settings.HOME_ACTIVITY_REMINDER_WEEKDAY = (TODAY.weekday() + 1) % 7
    settings.PORTFOLIO_VIEW_REMINDER_WEEKS = 1000


@pytest.fixture
def fine_group(ours):
    group = GroupFactory(location=ours.location, name="Vlinders")
    placement = PlacementFactory(group=group)
    ContactMomentFactory(child=placement.child, occurred_at=timezone.now() - timedelta(days=1))
    return group


def _by_recipient(drafts) -> dict:
    return {draft.recipient: draft for draft in drafts}


def test_each_manager_gets_the_groups_of_their_locations_that_need_attention(ours, theirs, fine_group):
    drafts = _by_recipient(manager_digest_drafts(TODAY))

    assert set(drafts) == {ours.manager, theirs.manager}
    ours_draft = drafts[ours.manager]
    assert ours_draft.kind == "manager_digest"
    assert ours_draft.subject == f"week:{MONDAY.isoformat()}"
    assert ours_draft.on_date == MONDAY
    assert ours_draft.link == reverse("groups:location_dashboard", args=[ours.location.pk])
    assert ours_draft.params["groups"] == 1
    [location] = ours_draft.params["locations"]
    assert location["location"] == ours.location.name
    assert location["groups"] == [
        {
            "group": ours.group.name,
            "group_id": ours.group.pk,
            "reasons": [["routine_kept", "0.0", 80], ["out_of_sight", "1", 0]],
        }
    ]
    assert drafts[theirs.manager].params["locations"][0]["location"] == theirs.location.name


def test_not_on_another_weekday(ours, settings):
    settings.MANAGER_DIGEST_WEEKDAY = (TODAY.weekday() + 1) % 7

    assert manager_digest_drafts(TODAY) == []


def test_nothing_when_nothing_needs_attention(ours, theirs, fine_group):
    for side in (ours, theirs):
        ContactMomentFactory(child=side.child, occurred_at=timezone.now() - timedelta(days=1))

    assert manager_digest_drafts(TODAY) == []


def test_an_admin_who_manages_no_location_gets_no_digest(ours, org_admin):
    assert [draft.recipient for draft in manager_digest_drafts(TODAY)] == [ours.manager]


def test_the_daily_job_offers_it_never_twice_for_the_same_week(ours, settings, django_capture_on_commit_callbacks):
    settings.MANAGER_DIGEST_WEEKDAY = 0
    with django_capture_on_commit_callbacks(execute=True):
        first = plan_daily_reminders(MONDAY)
        again = plan_daily_reminders(MONDAY)
    # Even when the weekday is changed in the middle of the week.
    settings.MANAGER_DIGEST_WEEKDAY = 1
    with django_capture_on_commit_callbacks(execute=True):
        plan_daily_reminders(MONDAY + timedelta(days=1))

    assert first.manager_digests == again.manager_digests == 1
    assert Notification.objects.filter(kind="manager_digest").count() == 1


def test_the_email_lists_each_group_and_why_in_the_managers_language(ours, fine_group, mailoutbox):
    ours.manager.preferred_language = "en"
    ours.manager.save()
    plan_daily_reminders(TODAY)

    send_notification_email(Notification.objects.get(kind="manager_digest").pk)

    [message] = mailoutbox
    assert message.subject == "[Samenspel] This week: 1 group needs attention"
    body = message.body
    assert f"\n{ours.location.name}\n- {ours.group.name}: " in body
    assert "routine contact kept 0.0% (below 80%); 1 families out of sight (more than 0)" in body
    assert reverse("groups:group_cooperation", args=[ours.group.pk]) in body
    assert "Vlinders" not in body


def test_a_manager_of_two_locations_gets_one_digest_with_both(ours, theirs):
    from groups.models import StaffAssignment
    from tests.factories import StaffAssignmentFactory

    StaffAssignmentFactory(
        user=ours.manager, role=StaffAssignment.Role.LOCATION_MANAGER, group=None, location=theirs.location
    )

    draft = _by_recipient(manager_digest_drafts(TODAY))[ours.manager]

    assert sorted(location["location"] for location in draft.params["locations"]) == sorted(
        [ours.location.name, theirs.location.name]
    )
    assert draft.params["groups"] == 2
    assert draft.link == reverse("groups:manager_home")


def test_the_send_reminders_command_counts_the_digests(ours, capsys):
    call_command("send_reminders", "--date", TODAY.isoformat())

    assert "1 manager digests offered" in capsys.readouterr().out


# Active groups, the figures (2), the managers.
DIGEST_QUERIES = 4


@pytest.mark.parametrize(("groups", "children"), [(2, 10), (20, 100)])
def test_the_digest_needs_the_same_queries_for_any_size(ours, groups, children, django_assert_max_num_queries):
    _fill(ours.location, ours.professional, groups=groups, children=children)

    with django_assert_max_num_queries(DIGEST_QUERIES):
        drafts = manager_digest_drafts(TODAY)

    assert len(drafts) == 1


def test_a_day_in_the_past_counts_the_four_weeks_up_to_it(ours):
    # Before the child was placed (90 days ago) there was nothing to count, so nothing to say.
    before = TODAY - timedelta(days=120)
    day = before - timedelta(days=(before.weekday() - TODAY.weekday()) % 7)

    assert isinstance(day, datetime.date)
    assert manager_digest_drafts(day) == []
