"""The scaled demo organisation for the benchmark (`demo_data --scale`), at a tiny scale."""

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Count, F
from django.urls import reverse
from django.utils import timezone

from accounts import access
from accounts.models import User
from activities.models import HomeActivity, HomeActivityFeedback, ParentChildSession, SessionFamily
from contacts.models import Agreement, ContactMoment, ContactRoutine
from families.demo_scale import FULL_SIZE, SCALE_LOGINS, scale_demo_load
from families.models import Child, Family, Guardian, Intake, Placement
from groups.indicators import Period, group_indicators, total_indicators, totals_by_location
from groups.models import Group, Location, StaffAssignment
from messaging.models import Message
from portfolios.models import Perspective, PortfolioEntry
from tests.conftest import client_for
from tests.factories import LocationFactory

pytestmark = pytest.mark.django_db

SCALE = 0.001


@pytest.fixture
def scaled(db):
    """The organisation at 1/1000, loaded through the command as the benchmark does."""
    out = StringIO()
    call_command("demo_data", "--scale", str(SCALE), stdout=out)
    return out.getvalue()


def _within(count: int, full: int, scale: float, tolerance: float = 0.35) -> bool:
    expected = full * scale
    return (1 - tolerance) * expected <= count <= (1 + tolerance) * expected


def test_the_command_prints_each_stage_with_its_time_and_the_logins(scaled):
    for stage in ("locations and groups", "families and children", "contact moments", "portfolio entries"):
        assert stage in scaled
    assert "s  " in scaled  # seconds per stage
    for email in SCALE_LOGINS.values():
        assert email in scaled


def test_the_counts_are_proportional_to_the_scale(scaled):
    assert Location.objects.count() == 1
    assert 1 <= Group.objects.count() <= 2
    assert Group.objects.filter(is_ve=True).exists()
    assert _within(Child.objects.count(), FULL_SIZE["children"], SCALE, 0.1)
    assert _within(Guardian.objects.count(), FULL_SIZE["guardians"], SCALE)
    assert _within(ContactMoment.objects.count(), FULL_SIZE["contact_moments"], SCALE)
    assert _within(PortfolioEntry.objects.count(), FULL_SIZE["portfolio_entries"], SCALE)
    with_login = Guardian.objects.filter(user__isnull=False).count()
    assert 0.4 <= with_login / Guardian.objects.count() <= 0.85
    assert Intake.objects.filter(status=Intake.Status.COMPLETED).count() >= 0.7 * Child.objects.count()
    assert ContactRoutine.objects.exists()
    assert Agreement.objects.exists()
    assert HomeActivity.objects.exists() and HomeActivityFeedback.objects.exists()
    assert SessionFamily.objects.filter(attended=True).exists()
    assert ParentChildSession.objects.filter(starts_at__gt=timezone.now()).exists()
    assert Message.objects.exists()


def test_a_larger_scale_gives_proportionally_more(db):
    counts = scale_demo_load(scale=3 * SCALE)
    assert _within(counts["families.Child"], FULL_SIZE["children"], 3 * SCALE, 0.1)
    assert _within(counts["contacts.ContactMoment"], FULL_SIZE["contact_moments"], 3 * SCALE, 0.2)
    assert _within(counts["portfolios.PortfolioEntry"], FULL_SIZE["portfolio_entries"], 3 * SCALE, 0.2)
    assert 0.15 <= Group.objects.filter(is_ve=True).count() / Group.objects.count() <= 0.5


def test_every_child_is_placed_in_groups_of_one_location_with_a_mentor_of_that_group(scaled):
    for child in Child.objects.prefetch_related("placements__group"):
        placements = list(child.placements.all())
        assert placements, child.pk
        assert len({placement.group.location_id for placement in placements}) == 1
    professionals = set(
        StaffAssignment.objects.filter(role=StaffAssignment.Role.PROFESSIONAL).values_list("user_id", "group_id")
    )
    for mentor_id, group_id in Placement.objects.values_list("mentor_id", "group_id"):
        assert (mentor_id, group_id) in professionals
    assert Placement.objects.current().count() >= 0.8 * Placement.objects.count()
    # Every professional is somebody's mentor.
    assert not (
        User.objects.filter(assignments__role=StaffAssignment.Role.PROFESSIONAL)
        .exclude(pk__in=Placement.objects.values("mentor_id"))
        .exists()
    )


def test_families_have_one_or_two_parents_and_one_or_two_children(scaled):
    guardians = Family.objects.annotate(count=Count("guardians")).values_list("count", flat=True)
    assert set(guardians) <= {1, 2}
    children = Family.objects.annotate(count=Count("children")).values_list("count", flat=True)
    assert set(children) <= {1, 2}


def test_contact_moments_are_about_placed_children_by_professionals_of_their_group(scaled):
    staff = set(
        StaffAssignment.objects.filter(role=StaffAssignment.Role.PROFESSIONAL).values_list("user_id", "group_id")
    )
    placements = {}
    for placement in Placement.objects.all():
        placements.setdefault(placement.child_id, []).append(placement)
    today = timezone.localdate()
    for moment in ContactMoment.objects.all():
        day = timezone.localdate(moment.occurred_at)
        assert day < today
        during = [
            placement
            for placement in placements[moment.child_id]
            if placement.start_date <= day and (placement.end_date is None or day <= placement.end_date)
        ]
        assert during, moment.pk
        assert any((moment.professional_id, placement.group_id) in staff for placement in during)
        assert moment.recorded_by_id == moment.professional_id
        assert moment.summary_shared == bool(moment.shared_summary)
    # Parents present are of the child's family.
    through = ContactMoment.guardians_present.through
    assert not through.objects.exclude(guardian__family=F("contactmoment__child__family")).exists()


def test_some_children_are_overdue_and_some_families_out_of_sight(scaled):
    groups = Group.objects.all()
    total = total_indicators(groups, Period.default())
    assert total.children_at_end > 0
    assert total.out_of_sight >= 1
    assert total.routine_kept.percent is not None and total.routine_kept.percent > 50


def test_parents_entries_are_written_by_parents_with_a_login_and_shared(scaled):
    from_home = PortfolioEntry.objects.filter(perspective=Perspective.PARENT)
    assert from_home.exists()
    assert not from_home.filter(shared_at__isnull=True).exists()
    assert not from_home.exclude(author__guardianships__family__children=F("child")).exists()
    assert PortfolioEntry.objects.filter(perspective=Perspective.PROFESSIONAL, shared_at__isnull=False).count() > (
        PortfolioEntry.objects.filter(perspective=Perspective.PROFESSIONAL, shared_at__isnull=True).count()
    )


@pytest.mark.parametrize(
    ("role", "home_role"),
    [("admin", "admin"), ("manager", "manager"), ("professional", "professional"), ("parent", "guardian")],
)
def test_each_benchmark_login_works_and_has_its_role(scaled, role, home_role):
    user = authenticate(email=SCALE_LOGINS[role], password=settings.DEMO_PASSWORD)
    assert user is not None
    assert access.home_role(user) == home_role


def test_the_benchmark_users_have_what_their_pages_show(scaled):
    professional = User.objects.get(email=SCALE_LOGINS["professional"])
    parent = User.objects.get(email=SCALE_LOGINS["parent"])
    child = Child.objects.get(family__guardians__user=parent)
    placement = child.placements.get()
    assert placement.mentor == professional and placement.is_current()
    assert ContactMoment.objects.filter(child=child).exists()
    assert PortfolioEntry.objects.filter(child=child).count() >= 5
    assert Placement.objects.filter(mentor=professional).count() >= 2
    manager = User.objects.get(email=SCALE_LOGINS["manager"])
    assert StaffAssignment.objects.filter(user=manager, location=placement.group.location).exists()
    assert User.objects.get(email=SCALE_LOGINS["admin"]).is_staff


def test_the_key_pages_answer_for_the_benchmark_users(scaled):
    professional = User.objects.get(email=SCALE_LOGINS["professional"])
    parent = User.objects.get(email=SCALE_LOGINS["parent"])
    manager = User.objects.get(email=SCALE_LOGINS["manager"])
    child = Child.objects.get(family__guardians__user=parent)
    group = child.placements.get().group
    pages = [
        (professional, reverse("groups:staff_home")),
        (professional, reverse("groups:group_detail", args=[group.pk])),
        (professional, reverse("families:child_detail", args=[child.pk])),
        (professional, reverse("portfolios:timeline", args=[child.pk])),
        (parent, reverse("families:parent_home")),
        (parent, reverse("portfolios:timeline", args=[child.pk])),
        (manager, reverse("groups:location_dashboard", args=[group.location_id])),
        (manager, reverse("groups:group_cooperation", args=[group.pk])),
    ]
    for user, url in pages:
        response = client_for(user).get(url)
        assert response.status_code == 200, (user.email, url)


def test_the_managers_indicators_compute_for_every_group(scaled):
    groups = Group.objects.order_by("pk")
    period = Period.last_weeks(13, today=timezone.localdate())
    rows = group_indicators(groups, period)
    assert len(rows) == groups.count()
    assert all(row.children_placed > 0 for row in rows)
    ve = [row for row in rows if row.is_ve]
    assert ve and all(row.take_up is not None and row.take_up.whole > 0 for row in ve)
    assert any(row.session_attendance.whole > 0 for row in ve)
    assert totals_by_location(groups, period)


def test_it_refuses_a_database_that_already_has_an_organisation(db):
    LocationFactory()
    with pytest.raises(CommandError, match="empty organisation"):
        call_command("demo_data", "--scale", "0.001", stdout=StringIO())
    assert not Child.objects.exists()


def test_it_refuses_after_the_normal_demo_or_a_previous_run(scaled):
    with pytest.raises(CommandError):
        scale_demo_load(scale=SCALE)


def test_the_dates_lie_in_the_past_two_years(scaled):
    oldest = timezone.now() - timedelta(days=2 * 366)
    assert not ContactMoment.objects.filter(occurred_at__lt=oldest).exists()
    assert not ContactMoment.objects.filter(occurred_at__gt=timezone.now()).exists()
    assert not PortfolioEntry.objects.filter(created_at__gt=timezone.now()).exists()
