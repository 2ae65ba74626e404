"""The demo organisation that `make run` loads: what the README promises, and idempotent."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.utils import timezone

from accounts import access
from accounts.models import User
from families.management.commands.demo_data import DEMO_LOGINS
from families.models import Child, Family, Guardian, HomeLanguage, HomeVisit, Intake, Placement
from families.services.home_visits import professionals_for_child
from families.services.intake import intake_missing_for_completion
from groups.models import Group, Location, StaffAssignment

pytestmark = pytest.mark.django_db


def _counts() -> dict:
    models = [
        Location,
        Group,
        StaffAssignment,
        User,
        Family,
        HomeLanguage,
        Guardian,
        Child,
        Placement,
        Intake,
        Intake.guardians_present.through,
        HomeVisit,
    ]
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def demo(db):
    call_command("demo_data", quiet=True)


def test_running_it_twice_duplicates_nothing(demo):
    first = _counts()
    call_command("demo_data", quiet=True)
    assert _counts() == first


def test_it_has_two_locations_and_five_groups_of_which_two_are_ve(demo):
    assert Location.objects.count() == 2
    assert Group.objects.count() >= 5
    assert Group.objects.filter(is_ve=True).count() == 2


def test_it_has_about_sixty_children_all_placed_with_a_mentor(demo):
    assert 55 <= Child.objects.count() <= 70
    assert not Child.objects.filter(placements__isnull=True).exists()
    assert not Placement.objects.filter(mentor__isnull=True).exists()
    for group in Group.objects.all():
        assert 8 <= group.placements.count() <= 16, group.name


def test_the_families_speak_several_home_languages(demo):
    languages = set(HomeLanguage.objects.values_list("language", flat=True))
    assert {"nl", "ar", "tr", "pl", "en"} <= languages
    assert Family.objects.filter(interpreter_needed=True).exists()


def test_every_professional_is_mentor_of_children_in_their_own_groups(demo):
    professionals = User.objects.filter(assignments__role=StaffAssignment.Role.PROFESSIONAL).distinct()
    assert professionals.count() >= 5
    for professional in professionals:
        mentor_of = Placement.objects.filter(mentor=professional)
        assert mentor_of.exists(), professional.email
        assert not mentor_of.exclude(group__assignments__user=professional).exists(), professional.email


def test_most_families_have_a_parent_with_a_login(demo):
    with_login = Family.objects.filter(guardians__user__isnull=False).distinct().count()
    assert with_login >= 0.7 * Family.objects.count()


@pytest.mark.parametrize(
    ("role", "home_role"),
    [("admin", "admin"), ("manager", "manager"), ("professional", "professional"), ("parent", "guardian")],
)
def test_each_printed_login_works_and_has_its_role(demo, role, home_role):
    user = authenticate(email=DEMO_LOGINS[role], password=settings.DEMO_PASSWORD)
    assert user is not None
    assert access.home_role(user) == home_role


def test_the_demo_parent_has_two_children_and_the_demo_professional_works_with_one(demo):
    parent = User.objects.get(email=DEMO_LOGINS["parent"])
    professional = User.objects.get(email=DEMO_LOGINS["professional"])
    children = Child.objects.filter(family__guardians__user=parent)
    assert children.count() == 2
    assert Child.objects.visible_to(professional).filter(pk__in=children).count() == 1


def test_every_child_has_an_intake_most_completed_about_one_in_six_a_draft(demo):
    assert Intake.objects.count() == Child.objects.count()
    drafts = Intake.objects.filter(status=Intake.Status.DRAFT).count()
    assert 0.1 <= drafts / Intake.objects.count() <= 0.25


def test_completed_intakes_are_complete_held_by_the_mentor_with_the_parents_present(demo):
    for intake in Intake.objects.filter(status=Intake.Status.COMPLETED).select_related("child"):
        assert intake_missing_for_completion(intake) == {}, intake.child
        assert intake.completed_at is not None
        placement = intake.child.placements.get()
        assert intake.held_by == placement.mentor
        assert intake.held_on < timezone.localdate()
        assert intake.held_on >= placement.start_date - timedelta(days=21)
        assert intake.guardians_present.exists()
        assert not intake.guardians_present.exclude(family=intake.child.family).exists()
        assert intake.languages_at_home


def test_drafts_still_need_their_contact_routine(demo):
    for intake in Intake.objects.filter(status=Intake.Status.DRAFT):
        assert "contact_every_weeks" in intake_missing_for_completion(intake)
        assert intake.completed_at is None


def test_a_few_home_visits_planned_done_and_one_cancelled(demo):
    visits = HomeVisit.objects.all()
    assert 10 <= visits.count() <= 40
    planned = visits.filter(status=HomeVisit.Status.PLANNED)
    assert planned.filter(planned_for__gt=timezone.now()).count() >= 5
    shared = visits.filter(status=HomeVisit.Status.DONE, summary_shared=True)
    assert shared.count() >= 5
    assert not shared.filter(summary_for_parents="").exists()
    assert not visits.filter(status=HomeVisit.Status.DONE, planned_for__gt=timezone.now()).exists()
    assert not visits.filter(status=HomeVisit.Status.DONE, recorded_at__isnull=True).exists()
    cancelled = visits.get(status=HomeVisit.Status.CANCELLED)
    assert cancelled.cancel_reason


def test_each_home_visit_is_made_by_a_professional_of_the_childs_group(demo):
    for visit in HomeVisit.objects.select_related("child"):
        assert visit.professional in professionals_for_child(visit.child)


def test_the_demo_parent_reads_a_shared_home_visit_summary_of_the_child_in_the_professionals_group(demo):
    parent = User.objects.get(email=DEMO_LOGINS["parent"])
    professional = User.objects.get(email=DEMO_LOGINS["professional"])
    child = Child.objects.visible_to(professional).get(family__guardians__user=parent)

    assert child.home_visits.filter(status=HomeVisit.Status.DONE, summary_shared=True).exists()


def test_running_it_again_updates_the_home_visits_in_place(demo):
    visit = HomeVisit.objects.filter(status=HomeVisit.Status.PLANNED).first()
    HomeVisit.objects.filter(pk=visit.pk).update(status=HomeVisit.Status.CANCELLED, cancel_reason="Door iemand")

    call_command("demo_data", quiet=True)

    visit.refresh_from_db()
    assert (visit.status, visit.cancel_reason) == (HomeVisit.Status.PLANNED, "")
    assert HomeVisit.objects.filter(status=HomeVisit.Status.CANCELLED).count() == 1


def test_it_prints_one_login_per_role(db, capsys):
    call_command("demo_data")
    out = capsys.readouterr().out
    for email in DEMO_LOGINS.values():
        assert email in out
    assert settings.DEMO_PASSWORD in out
