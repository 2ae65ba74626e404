"""The demo organisation that `make run` loads: what the README promises, and idempotent."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from accounts import access
from accounts.models import User
from contacts.models import (
    Agreement,
    Booking,
    ContactMoment,
    ContactRoutine,
    ConversationRequest,
    ConversationSlot,
)
from contacts.selectors import contact_status, due_by, out_of_sight_by, with_contact_status
from families.management.commands.demo_data import DEMO_LOGINS
from families.models import Child, Consent, Family, Guardian, HomeLanguage, HomeVisit, Intake, Placement
from families.services.home_visits import professionals_for_child
from families.services.intake import intake_missing_for_completion
from groups.models import Group, Location, StaffAssignment
from photos.images import process_photo
from portfolios.models import EntryPhoto, Perspective, PortfolioEntry, PortfolioReview, Response, ReviewDomain
from portfolios.selectors import photos_allowed

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
        ContactRoutine,
        ContactMoment,
        ContactMoment.topics.through,
        ContactMoment.guardians_present.through,
        Agreement,
        ConversationRequest,
        ConversationSlot,
        Booking,
        Consent,
        PortfolioEntry,
        EntryPhoto,
        Response,
        PortfolioReview,
        ReviewDomain,
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


def _demo_parent_child_of_the_demo_professional() -> Child:
    parent = User.objects.get(email=DEMO_LOGINS["parent"])
    professional = User.objects.get(email=DEMO_LOGINS["professional"])
    return Child.objects.visible_to(professional).get(family__guardians__user=parent)


def test_every_completed_intake_set_the_childs_routine_and_some_drafts_have_one_agreed_since(demo):
    for intake in Intake.objects.filter(status=Intake.Status.COMPLETED).select_related("child__contact_routine"):
        routine = intake.child.contact_routine
        assert routine.from_intake
        assert routine.every_weeks == intake.contact_every_weeks
    drafts = ContactRoutine.objects.filter(child__intake__status=Intake.Status.DRAFT)
    assert drafts.exists()
    assert not drafts.filter(from_intake=True).exists()
    assert ContactRoutine.objects.count() < Child.objects.count()  # some still to be agreed


def test_contact_moments_lie_in_the_past_within_the_placement_by_the_mentor(demo):
    moments = ContactMoment.objects.select_related("child")
    assert 100 <= moments.count() <= 600
    assert not moments.filter(occurred_at__gt=timezone.now()).exists()
    for moment in moments.filter(child__placements__start_date__gt=F("occurred_at")):
        raise AssertionError(f"{moment} lies before the placement")
    assert not moments.exclude(professional=F("child__placements__mentor")).exists()
    assert set(moments.values_list("kind", flat=True)) >= {"pick_up", "development", "phone"}
    assert not moments.filter(summary_shared=True, shared_summary="").exists()


def test_some_children_are_overdue_some_due_and_one_family_is_out_of_sight(demo):
    today = timezone.localdate()
    children = with_contact_status(Child.objects.all())
    overdue = children.filter(due_by(today - timedelta(days=1)))
    out_of_sight = children.filter(out_of_sight_by(today))
    assert 3 <= overdue.count() <= 20
    assert children.filter(due_by(today + timedelta(days=6))).count() > overdue.count()
    assert out_of_sight.values("family").distinct().count() == 1
    professional = User.objects.get(email=DEMO_LOGINS["professional"])
    assert Child.objects.visible_to(professional).filter(pk__in=out_of_sight.values("pk")).exists()


def test_the_demo_parent_reads_shared_summaries_for_both_children(demo):
    parent = User.objects.get(email=DEMO_LOGINS["parent"])
    for child in Child.objects.filter(family__guardians__user=parent):
        assert ContactMoment.objects.filter(child=child).shared_with_parents().count() >= 2, child


def test_the_demo_parent_and_the_demo_professional_each_have_an_open_agreement(demo):
    child = _demo_parent_child_of_the_demo_professional()
    professional = User.objects.get(email=DEMO_LOGINS["professional"])
    open_ = Agreement.objects.filter(
        contact_moment__child=child, done_at__isnull=True, due_on__gte=timezone.localdate()
    )
    parents = open_.filter(owner_guardian__user__email=DEMO_LOGINS["parent"])
    assert parents.get().owner_guardian.first_name == "Khadija"
    assert open_.filter(owner_professional=professional).exists()
    assert parents.get().contact_moment.summary_shared


def test_there_are_done_open_and_overdue_agreements(demo):
    agreements = Agreement.objects.all()
    assert agreements.filter(done_at__isnull=False).exists()
    assert agreements.filter(done_at__isnull=True, due_on__lt=timezone.localdate()).exists()
    assert not agreements.filter(owner_professional__isnull=True, owner_guardian__isnull=True).exists()
    for agreement in agreements.filter(owner_guardian__isnull=False).select_related(
        "owner_guardian", "contact_moment__child"
    ):
        assert agreement.owner_guardian.family_id == agreement.contact_moment.child.family_id


def test_one_conversation_request_is_open_for_the_demo_professional(demo):
    professional = User.objects.get(email=DEMO_LOGINS["professional"])
    request = ConversationRequest.objects.get(handled_at__isnull=True)
    assert Child.objects.visible_to(professional).filter(pk=request.child_id).exists()
    assert access.is_parent_of(request.requested_by, request.child)


def test_the_demo_professional_offers_an_evening_of_conversations_next_week_one_booked_for_rayan(demo):
    professional = User.objects.get(email=DEMO_LOGINS["professional"])
    slots = ConversationSlot.objects.filter(mentor=professional).order_by("starts_at")
    assert slots.count() == 8
    first, last = timezone.localtime(slots.first().starts_at), timezone.localtime(slots.last().ends_at)
    this_monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    assert 7 <= (first.date() - this_monday).days <= 13  # in next week
    assert first.date() == last.date()
    assert all((slot.ends_at - slot.starts_at) == timedelta(minutes=15) for slot in slots)
    booking = Booking.objects.get(cancelled_at__isnull=True)
    assert booking.child == _demo_parent_child_of_the_demo_professional()
    assert booking.child.first_name == "Rayan"
    assert booking.booked_by.email == DEMO_LOGINS["parent"]


def test_running_it_again_reopens_the_request_and_keeps_one_booking(demo):
    ConversationRequest.objects.update(handled_at=timezone.now())
    Booking.objects.update(cancelled_at=timezone.now())

    call_command("demo_data", quiet=True)

    assert ConversationRequest.objects.filter(handled_at__isnull=True).count() == 1
    assert Booking.objects.filter(cancelled_at__isnull=True).count() == 1


def test_the_demo_professional_sees_the_status_of_every_child(demo):
    professional = User.objects.get(email=DEMO_LOGINS["professional"])
    for child in with_contact_status(Child.objects.visible_to(professional)):
        assert contact_status(child).next_due is not None


def test_it_prints_one_login_per_role(db, capsys):
    call_command("demo_data")
    out = capsys.readouterr().out
    for email in DEMO_LOGINS.values():
        assert email in out
    assert settings.DEMO_PASSWORD in out


def test_every_child_placed_has_a_portfolio_from_the_group_and_most_from_home_too(demo):
    children = Child.objects.filter(placements__start_date__lt=timezone.localdate())
    with_observation = children.filter(portfolio_entries__perspective=Perspective.PROFESSIONAL).distinct()
    with_home_entry = children.filter(portfolio_entries__perspective=Perspective.PARENT).distinct()
    assert with_observation.count() == children.count()
    assert with_home_entry.count() > children.count() / 2
    assert PortfolioEntry.objects.filter(shared_at__isnull=True).exists()  # some drafts of the group
    assert Response.objects.filter(perspective=Perspective.PARENT).exists()
    assert Response.objects.filter(perspective=Perspective.PROFESSIONAL).exists()


def test_entries_are_dated_within_the_placement_and_written_by_the_childs_mentor_or_parent(demo):
    today = timezone.localdate()
    for entry in PortfolioEntry.objects.select_related("child", "author"):
        placement = entry.child.placements.get()
        assert placement.start_date <= entry.observed_on < today
        if entry.perspective == Perspective.PROFESSIONAL:
            assert entry.author == placement.mentor
        else:
            assert Guardian.objects.filter(family=entry.child.family, user=entry.author).exists()


def test_pictures_only_where_the_parents_gave_photo_consent_and_never_for_the_demo_parent(demo):
    photos = EntryPhoto.objects.select_related("entry__child")
    assert photos.count() >= 10
    assert all(photos_allowed(photo.entry.child) for photo in photos)
    demo_parent = User.objects.get(email=DEMO_LOGINS["parent"])
    assert not Consent.objects.filter(child__family__guardians__user=demo_parent).exists()


def test_the_pictures_are_real_images_that_pass_the_upload_checks(demo):
    photo = EntryPhoto.objects.first()
    with photo.image.open("rb") as file:
        from django.core.files.uploadedfile import SimpleUploadedFile

        processed = process_photo(SimpleUploadedFile("again.jpg", file.read(), content_type="image/jpeg"))
    assert (processed.width, processed.height) == (photo.width, photo.height)


def test_the_demo_parent_has_an_agreed_review_and_is_asked_for_another(demo):
    parent = User.objects.get(email=DEMO_LOGINS["parent"])
    reviews = PortfolioReview.objects.filter(child__family__guardians__user=parent)
    agreed = reviews.get(status=PortfolioReview.Status.AGREED)
    assert agreed.contact_moment.child == agreed.child
    assert agreed.contact_moment.kind == ContactMoment.Kind.DEVELOPMENT
    assert agreed.child.placements.get().mentor.email == DEMO_LOGINS["professional"]
    assert agreed.domains.exclude(next_steps="").exists() and agreed.domains.exclude(parent_view="").exists()
    assert reviews.filter(status=PortfolioReview.Status.WITH_PARENTS).count() == 1
