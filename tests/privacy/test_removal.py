"""The removal routine: what identifies a child goes, the figures stay, and nothing is missed."""

import json
from datetime import date

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.sessions.models import Session
from django.db import models
from django.urls import reverse

from activities.models import HomeActivity, HomeActivityFeedback, SessionFamily
from contacts.models import Agreement, Booking, ContactMoment, ContactRoutine, ConversationRequest
from families.models import Child, Consent, Family, FamilyProfileChange, Guardian, HomeLanguage, HomeVisit, Intake
from groups import indicators
from messaging.models import Message, ReadMark
from notifications.models import Notification
from photos.storage import private_storage
from portfolios.models import EntryPhoto, EntrySeen, PortfolioEntry, PortfolioReview, Response, ReviewDomain
from privacy import removal
from privacy.models import RemovalRecord, RemovalRequest
from privacy.removal import (
    ANONYMISED,
    DELETED,
    HANDLED,
    KEPT,
    RECORD,
    child_anonymise,
    removal_plan,
    removal_plans,
)
from tests.conftest import client_for
from tests.factories import ChildFactory, GuardianFactory, PlacementFactory, StaffAssignmentFactory
from tests.privacy.factories import PERIOD, child_with_everything

pytestmark = pytest.mark.django_db

RETENTION = RemovalRecord.Reason.RETENTION


@pytest.fixture
def everything(ours, theirs):
    return child_with_everything(ours)


def _anonymise(child, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return child_anonymise(child=child, reason=kwargs.pop("reason", RETENTION), **kwargs)


# --- The table covers every model ------------------------------------------------------------


def _models_tied_to_a_child_or_family() -> set[type[models.Model]]:
    """Every model with a foreign key, one-to-one or many-to-many to a child or family, or to
    such a model (an entry's photos, a contact moment's agreements…), followed to the end."""
    start = [apps.get_model("families.Child"), apps.get_model("families.Family")]
    seen: set[type[models.Model]] = set()
    while start:
        model = start.pop()
        if model in seen or model._meta.auto_created:
            continue
        seen.add(model)
        start.extend(relation.related_model for relation in model._meta.related_objects)
    return seen


def test_every_model_that_points_to_a_child_or_family_is_handled_by_the_routine():
    reached = {model._meta.label for model in _models_tied_to_a_child_or_family()}

    assert {"families.Placement", "portfolios.EntryPhoto", "contacts.Agreement"} <= reached, "the walk found nothing"
    missing = reached - set(HANDLED)
    assert not missing, f"add these models to privacy.removal.HANDLED (kept with texts blanked, or deleted): {missing}"


def test_the_table_names_no_model_that_is_no_longer_tied_to_a_child_or_family():
    reached = {model._meta.label for model in _models_tied_to_a_child_or_family()}

    assert set(HANDLED) - reached == set()
    assert {handled.what for handled in HANDLED.values()} <= {KEPT, DELETED, ANONYMISED, RECORD}


def _free_text_and_files(model) -> set[str]:
    names = set()
    for model_field in model._meta.concrete_fields:
        is_text = isinstance(model_field, (models.CharField, models.TextField)) and not model_field.choices
        if is_text or isinstance(model_field, models.FileField):
            names.add(model_field.name)
    return names


@pytest.mark.parametrize("label", [label for label, handled in HANDLED.items() if handled.what == KEPT])
def test_a_kept_model_has_every_free_text_and_file_field_blanked(label):
    handled = HANDLED[label]
    model = apps.get_model(label)

    assert _free_text_and_files(model) <= set(handled.texts) | set(handled.files), (
        f"{label} has a free-text or file field the routine does not blank: add it to its texts or files"
    )
    for name in handled.texts + handled.files:
        model._meta.get_field(name)  # a field that was renamed fails here


def test_the_owner_lookups_of_the_table_lead_to_the_child_or_the_family(ours):
    for label, handled in HANDLED.items():
        if handled.owner != "pk":
            apps.get_model(label)._base_manager.filter(**{handled.owner: ours.child.pk}).exists()


# --- The plan ----------------------------------------------------------------------------------


def test_the_plan_counts_per_kind_of_data_what_the_removal_would_take_away(everything, ours):
    plan = removal_plan(child=ours.child)

    assert plan["families.Child"] == 1
    assert plan["contacts.ContactMoment"] == 1
    assert plan["families.Consent"] == 1
    assert plan["portfolios.EntryPhoto"] == 1
    assert plan["portfolios.PortfolioEntry"] == 2
    assert plan["messaging.Message"] == 1
    assert plan["files"] == 4
    assert plan["families.Family"] == 1
    assert plan["families.Guardian"] == 1
    assert plan["accounts.User"] == 1
    assert plan["account.EmailAddress"] == 1
    assert plan["mfa.Authenticator"] >= 1
    assert plan["notifications.Notification"] == 5
    assert plan["auditlog.LogEntry"] >= 2
    assert plan["admin.LogEntry"] == 5
    assert "families.Placement" not in plan, "kept as it is: nothing of it goes"
    assert all(count > 0 for count in plan.values())


def test_the_plan_has_a_readable_label_for_every_kind(everything, ours, english):
    rows = removal.plan_rows(removal_plan(child=ours.child))

    labels = [label for label, _count, _what in rows]
    assert "contact moments" in labels
    assert "parents' logins" in labels
    assert all(what for _label, _count, what in rows)


def test_the_plan_changes_nothing(everything, ours):
    before = {label: apps.get_model(label)._base_manager.count() for label in HANDLED}

    removal_plan(child=ours.child)

    assert {label: apps.get_model(label)._base_manager.count() for label in HANDLED} == before
    ours.child.refresh_from_db()
    assert ours.child.anonymised_at is None


def test_the_record_holds_exactly_what_the_plan_promised(everything, ours, django_capture_on_commit_callbacks):
    plan = removal_plan(child=ours.child)

    record = _anonymise(ours.child, django_capture_on_commit_callbacks)

    assert record.removed == plan


def test_a_sibling_carries_the_family_only_in_the_plan_of_the_last_child(ours):
    sibling = ChildFactory(family=ours.family)

    plans = removal_plans(children=[ours.child, sibling])

    assert "families.Family" not in plans[ours.child.pk]
    assert plans[sibling.pk]["families.Family"] == 1
    assert "families.Family" not in removal_plan(child=sibling)


# --- The child ---------------------------------------------------------------------------------


def test_the_child_keeps_no_name_exact_birth_date_or_external_id(ours, django_capture_on_commit_callbacks):
    ours.child.birth_date = date(2022, 5, 17)
    ours.child.external_id = "K-123"
    ours.child.save()

    _anonymise(ours.child, django_capture_on_commit_callbacks)

    child = Child.objects.get(pk=ours.child.pk)
    assert child.first_name == removal.removed_child_name()
    assert child.last_name == "" and child.external_id == ""
    assert child.birth_date == date(2022, 5, 1)
    assert child.anonymised_at is not None


def test_the_rows_the_figures_count_stay_with_their_dates_and_without_their_texts(
    everything, ours, django_capture_on_commit_callbacks
):
    moment = ContactMoment.objects.get(pk=everything.moment.pk)

    _anonymise(ours.child, django_capture_on_commit_callbacks)

    moment_after = ContactMoment.objects.get(pk=moment.pk)
    assert moment_after.occurred_at == moment.occurred_at and moment_after.kind == moment.kind
    assert (moment_after.home_news, moment_after.staff_notes, moment_after.shared_summary) == ("", "", "")
    assert moment_after.child_experience == ""
    intake = Intake.objects.get(child=ours.child)
    assert intake.is_completed and intake.interests == "" and intake.view_on_upbringing == ""
    visit = HomeVisit.objects.get(child=ours.child)
    assert visit.status == HomeVisit.Status.DONE and visit.notes == "" and visit.summary_for_parents == ""
    assert set(PortfolioEntry.objects.filter(child=ours.child).values_list("text", flat=True)) == {""}
    assert set(Response.objects.filter(entry__child=ours.child).values_list("text", flat=True)) == {""}
    message = Message.objects.get(pk=everything.message.pk)
    assert (message.body, message.photo.name, message.photo_thumbnail.name) == ("", "", "")
    assert ContactRoutine.objects.filter(child=ours.child).exists()
    assert set(HomeLanguage.objects.filter(family=ours.family).values_list("spoken_by", flat=True)) == {""}
    feedback = HomeActivityFeedback.objects.filter(family=ours.family)
    assert feedback.count() == 2 and set(feedback.values_list("comment", "child_said")) == {("", "")}
    assert HomeActivity.objects.get(family=ours.family).note == ""
    assert SessionFamily.objects.filter(family=ours.family, attended=True).exists()
    assert RemovalRequest.objects.get(family=ours.family).note == ""


def test_what_no_figure_needs_is_deleted(everything, ours, django_capture_on_commit_callbacks):
    _anonymise(ours.child, django_capture_on_commit_callbacks)

    child, family = ours.child, ours.family
    assert not Consent.objects.filter(child=child).exists()
    assert not Agreement.objects.filter(contact_moment__child=child).exists()
    assert not ConversationRequest.objects.filter(child=child).exists()
    assert not Booking.objects.filter(child=child).exists()
    assert not ReadMark.objects.filter(child=child).exists()
    assert not EntryPhoto.objects.filter(entry__child=child).exists()
    assert not EntrySeen.objects.filter(entry__child=child).exists()
    assert not PortfolioReview.objects.filter(child=child).exists()
    assert not ReviewDomain.objects.filter(review__child=child).exists()
    assert not FamilyProfileChange.objects.filter(family=family).exists()


def test_the_photo_files_are_deleted_once_the_removal_is_committed(
    everything, ours, django_capture_on_commit_callbacks
):
    assert all(private_storage.exists(name) for name in everything.files)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        child_anonymise(child=ours.child, reason=RETENTION)
    assert all(private_storage.exists(name) for name in everything.files), "not before the commit"
    for callback in callbacks:
        callback()

    assert not any(private_storage.exists(name) for name in everything.files)


def _child_rows(group) -> list[tuple]:
    """The drill-down's figures per child, without the child's name."""
    names = ["placed_at_end", "last_contact_on", "intake_completed", "parent_view", "home_visits_done", "take_up"]
    names += ["session_attendance", "out_of_sight", "overdue", "home_languages"]
    return [tuple(getattr(row, name) for name in names) for row in indicators.child_indicators(group, PERIOD)]


def test_the_dashboard_figures_of_a_past_period_survive_the_removal(
    everything, ours, theirs, django_capture_on_commit_callbacks
):
    groups = [ours.group, theirs.group]
    before = indicators.group_indicators(groups, PERIOD)
    total_before = indicators.total_indicators(groups, PERIOD)
    rows_before = _child_rows(ours.group)
    assert before[0].children_placed == 1 and before[0].home_visits_done == 1
    assert before[0].intakes_completed.part == 1 and before[0].parent_view.part == 1
    assert before[0].take_up.part == 2 and before[0].session_attendance.part == 1

    _anonymise(ours.child, django_capture_on_commit_callbacks)

    assert indicators.group_indicators(groups, PERIOD) == before
    assert indicators.total_indicators(groups, PERIOD) == total_before
    assert _child_rows(ours.group) == rows_before


# --- What no foreign key ties to the child -------------------------------------------------------


def test_the_audit_trail_of_the_child_and_the_family_goes_and_the_removal_adds_none(
    everything, ours, theirs, django_capture_on_commit_callbacks
):
    child_id, family_id = str(ours.child.pk), str(ours.family.pk)
    others = LogEntry.objects.filter(additional_data__child=str(theirs.child.pk)).count()
    name = ours.child.first_name
    assert LogEntry.objects.filter(additional_data__child=child_id).exists()

    _anonymise(ours.child, django_capture_on_commit_callbacks)

    assert not LogEntry.objects.filter(additional_data__child=child_id).exists()
    assert not LogEntry.objects.filter(additional_data__family=family_id).exists()
    assert not LogEntry.objects.filter(object_repr__contains=name).exists()
    assert not LogEntry.objects.filter(changes_text__contains=name).exists()
    assert LogEntry.objects.filter(additional_data__child=str(theirs.child.pk)).count() == others
    assert not LogEntry.objects.filter(actor_email=ours.parent.email).exists()


def test_the_django_admins_history_of_the_child_and_family_goes(everything, ours, django_capture_on_commit_callbacks):
    _anonymise(ours.child, django_capture_on_commit_callbacks)

    assert not AdminLogEntry.objects.filter(object_id__in=[str(ours.child.pk), str(ours.family.pk)]).exists()
    assert not AdminLogEntry.objects.exists()


def test_notifications_about_the_child_go_and_others_stay(everything, ours, django_capture_on_commit_callbacks):
    _anonymise(ours.child, django_capture_on_commit_callbacks)

    assert list(Notification.objects.values_list("subject", flat=True)) == ["digest"]


# --- The family, with its last child -------------------------------------------------------------


def test_with_its_last_child_the_family_and_the_parents_details_go(
    everything, ours, django_capture_on_commit_callbacks
):
    _anonymise(ours.child, django_capture_on_commit_callbacks)

    family = Family.objects.get(pk=ours.family.pk)
    assert family.name == removal.removed_family_name() and family.anonymised_at is not None
    assert (family.phone, family.street, family.postcode, family.city, family.external_id) == ("",) * 5
    guardian = Guardian.objects.get(family=family)
    assert guardian.first_name == removal.removed_parent_name()
    assert (guardian.last_name, guardian.email, guardian.phone, guardian.user) == ("", "", "", None)


def test_the_parents_login_is_closed_emptied_and_logged_out(everything, ours, django_capture_on_commit_callbacks):
    client = client_for(ours.parent)
    assert client.get(reverse("families:parent_home")).status_code == 200
    assert Session.objects.count() == 1
    old_email = ours.parent.email

    _anonymise(ours.child, django_capture_on_commit_callbacks)

    user = type(ours.parent).objects.get(pk=ours.parent.pk)
    assert not user.is_active and not user.has_usable_password()
    assert user.email.endswith("@removed.invalid") and user.first_name == user.last_name == ""
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Authenticator.objects.filter(user=user).exists()
    assert all(str(session.get_decoded().get("_auth_user_id")) != str(user.pk) for session in Session.objects.all())
    assert client.get(reverse("families:parent_home")).status_code == 302
    assert not type(ours.parent).objects.filter(email=old_email).exists()


def test_a_sibling_keeps_the_family_until_the_last_child_goes(ours, django_capture_on_commit_callbacks):
    sibling = ChildFactory(family=ours.family)
    PlacementFactory(child=sibling, group=ours.group, ended=True)

    _anonymise(ours.child, django_capture_on_commit_callbacks)
    assert Family.objects.get(pk=ours.family.pk).anonymised_at is None
    assert type(ours.parent).objects.get(pk=ours.parent.pk).is_active

    record = _anonymise(sibling, django_capture_on_commit_callbacks)
    assert record.removed["families.Family"] == 1
    assert Family.objects.get(pk=ours.family.pk).anonymised_at is not None


def test_a_login_that_still_serves_another_family_or_the_organisation_stays_open(
    ours, theirs, django_capture_on_commit_callbacks
):
    GuardianFactory(family=theirs.family, user=ours.parent)
    colleague = GuardianFactory(family=ours.family).user
    StaffAssignmentFactory(user=colleague, group=theirs.group)

    record = _anonymise(ours.child, django_capture_on_commit_callbacks)

    assert "accounts.User" not in record.removed
    for user in (ours.parent, colleague):
        user.refresh_from_db()
        assert user.is_active and user.has_usable_password() and "@example.test" in user.email
    # No longer a parent of the removed family.
    assert not Guardian.objects.filter(family=ours.family, user__isnull=False).exists()


def test_another_family_is_left_alone(everything, ours, theirs, django_capture_on_commit_callbacks):
    theirs_before = (theirs.child.first_name, theirs.family.name, theirs.parent.email)

    _anonymise(ours.child, django_capture_on_commit_callbacks)

    theirs.child.refresh_from_db()
    theirs.family.refresh_from_db()
    theirs.parent.refresh_from_db()
    assert (theirs.child.first_name, theirs.family.name, theirs.parent.email) == theirs_before
    assert theirs.parent.is_active


# --- The record ----------------------------------------------------------------------------------


def test_one_record_with_ids_and_counts_and_no_names(everything, ours, org_admin, django_capture_on_commit_callbacks):
    names = [ours.child.first_name, ours.child.last_name, ours.family.name, ours.parent.email]

    record = _anonymise(ours.child, django_capture_on_commit_callbacks, by=org_admin)

    assert RemovalRecord.objects.get() == record
    assert (record.child_ref, record.family_ref, record.carried_out_by) == (ours.child.pk, ours.family.pk, org_admin)
    assert record.reason == RETENTION and record.request is None
    stored = json.dumps(record.removed)
    assert not any(name in stored for name in names)
    assert all(isinstance(count, int) for count in record.removed.values())


def test_an_anonymised_child_is_skipped(everything, ours, django_capture_on_commit_callbacks):
    _anonymise(ours.child, django_capture_on_commit_callbacks)

    again = _anonymise(ours.child, django_capture_on_commit_callbacks)

    assert again is None
    assert RemovalRecord.objects.count() == 1
    assert removal_plan(child=Child.objects.get(pk=ours.child.pk)) == {}


def test_a_family_without_children_goes_by_itself(ours, django_capture_on_commit_callbacks):
    family = GuardianFactory(family__name="Leeg").family

    with django_capture_on_commit_callbacks(execute=True):
        record = removal.family_anonymise(family=family, reason=RemovalRecord.Reason.REQUEST)

    family.refresh_from_db()
    assert family.anonymised_at is not None and record.child_ref is None and record.family_ref == family.pk
    assert removal.family_anonymise(family=family, reason=RemovalRecord.Reason.REQUEST) is None
