"""The audit trail: what is recorded, by whom, tagged with which child, what stays out, and
who reads it on which page."""

import datetime
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contacts.models import Agreement, ContactMoment, ContactRoutine
from families.models import Child, Consent, Family, Guardian, HomeLanguage, HomeVisit, Intake, Placement
from portfolios.models import Domain, PortfolioEntry, PortfolioReview, Response, ReviewDomain
from privacy import audit
from tests.conftest import client_for, english_client_for
from tests.contacts.factories import AgreementFactory, ContactMomentFactory, ContactRoutineFactory
from tests.factories import (
    ChildFactory,
    FamilyFactory,
    GroupFactory,
    GuardianFactory,
    HomeLanguageFactory,
    PlacementFactory,
    StaffAssignmentFactory,
    UserFactory,
)
from tests.portfolios.factories import EntryFactory, ResponseFactory, ReviewFactory

pytestmark = pytest.mark.django_db

SECRET = "Geheim-7431: moeder vertelde over de scheiding"
CREATE, UPDATE, DELETE, ACCESS = (
    LogEntry.Action.CREATE,
    LogEntry.Action.UPDATE,
    LogEntry.Action.DELETE,
    LogEntry.Action.ACCESS,
)


def _entries_of(model, pk) -> list[LogEntry]:
    content_type = ContentType.objects.get_for_model(model)
    return list(LogEntry.objects.filter(content_type=content_type, object_pk=str(pk)).order_by("pk"))


def _tags(child: Child | None = None, family: Family | None = None) -> dict:
    tags = {}
    if child is not None:
        tags["child"] = str(child.pk)
        family = family or child.family
    if family is not None:
        tags["family"] = str(family.pk)
    return tags


def _all_changes_text() -> str:
    return json.dumps([[entry.changes, entry.object_repr] for entry in LogEntry.objects.all()])


# --- Every audited model: create, change, delete -------------------------------------------


@dataclass(frozen=True)
class Audited:
    model: type
    make: Callable  # (side) -> object
    change: Callable  # (object) -> None, changes a field and saves
    tags: Callable  # (side, object) -> the expected additional_data


def _new_domain_row(side):
    review = ReviewFactory(child=side.child, created_by=side.professional)
    return ReviewDomain.objects.create(review=review, domain=Domain.objects.create(name="Extra"))


def _set(**values) -> Callable:
    def change(obj):
        for name, value in values.items():
            setattr(obj, name, value)
        obj.save()

    return change


AUDITED = [
    Audited(Family, lambda side: FamilyFactory(name="Nieuw"), _set(phone="06 1"), lambda side, o: _tags(family=o)),
    Audited(
        Guardian,
        lambda side: GuardianFactory(family=side.family, user=None, email="g@example.test"),
        _set(first_name="Noor"),
        lambda side, o: _tags(family=side.family),
    ),
    Audited(
        HomeLanguage,
        lambda side: HomeLanguageFactory(family=side.family, language="tr"),
        _set(spoken_by="Oma"),
        lambda side, o: _tags(family=side.family),
    ),
    Audited(
        Child,
        lambda side: ChildFactory(family=side.family, first_name="Broer"),
        _set(first_name="Zus"),
        lambda side, o: _tags(child=o),
    ),
    Audited(
        Placement,
        lambda side: PlacementFactory(child=side.child, group=side.group),
        _set(end_date=timezone.localdate()),
        lambda side, o: _tags(child=side.child),
    ),
    Audited(
        Intake,
        lambda side: Intake.objects.create(child=side.child, held_by=side.professional),
        _set(interests=SECRET),
        lambda side, o: _tags(child=side.child),
    ),
    Audited(
        HomeVisit,
        lambda side: HomeVisit.objects.create(
            child=side.child, professional=side.professional, planned_for=timezone.now()
        ),
        _set(notes=SECRET),
        lambda side, o: _tags(child=side.child),
    ),
    Audited(
        Consent,
        lambda side: Consent.objects.create(
            child=side.child, kind=Consent.Kind.PORTFOLIO_PHOTOS, given=True, decided_by=side.parent
        ),
        _set(given=False),
        lambda side, o: _tags(child=side.child),
    ),
    Audited(
        ContactRoutine,
        lambda side: ContactRoutineFactory(child=side.child),
        _set(every_weeks=4),
        lambda side, o: _tags(child=side.child),
    ),
    Audited(
        ContactMoment,
        lambda side: ContactMomentFactory(child=side.child, professional=side.professional),
        _set(staff_notes=SECRET),
        lambda side, o: _tags(child=side.child),
    ),
    Audited(
        Agreement,
        lambda side: AgreementFactory(contact_moment=ContactMomentFactory(child=side.child)),
        _set(description=SECRET),
        lambda side, o: _tags(child=side.child),
    ),
    Audited(
        PortfolioEntry,
        lambda side: EntryFactory(child=side.child, author=side.professional),
        _set(text=SECRET),
        lambda side, o: _tags(child=side.child),
    ),
    Audited(
        Response,
        lambda side: ResponseFactory(entry=EntryFactory(child=side.child), author=side.parent),
        _set(text=SECRET),
        lambda side, o: _tags(child=side.child),
    ),
    Audited(
        PortfolioReview,
        lambda side: ReviewFactory(child=side.child, created_by=side.professional),
        _set(period_start=timezone.localdate() - datetime.timedelta(days=30)),
        lambda side, o: _tags(child=side.child),
    ),
    Audited(ReviewDomain, _new_domain_row, _set(next_steps=SECRET), lambda side, o: _tags(child=side.child)),
]


def test_the_list_covers_every_audited_model():
    assert {case.model for case in AUDITED} == set(audit.AUDITED)


@pytest.mark.parametrize("case", [pytest.param(case, id=case.model.__name__) for case in AUDITED])
def test_creating_changing_and_deleting_each_model_is_recorded_with_actor_and_tags(ours, case):
    with set_actor(ours.professional):
        obj = case.make(ours)
        pk = obj.pk
        # Read back from the database: the tags must not depend on what happened to be loaded.
        fresh = case.model.objects.get(pk=pk)
        case.change(fresh)
        case.model.objects.get(pk=pk).delete()

    entries = _entries_of(case.model, pk)
    assert [entry.action for entry in entries] == [CREATE, UPDATE, DELETE]
    assert {entry.actor for entry in entries} == {ours.professional}
    expected = case.tags(ours, obj)
    assert all(entry.additional_data == expected for entry in entries), [e.additional_data for e in entries]
    assert SECRET not in _all_changes_text()


@pytest.mark.parametrize("via", ["contact_moment", "entry", "review"])
def test_an_object_one_hop_from_the_child_needs_one_query_for_its_tags(ours, via, django_assert_num_queries):
    objects = {
        "contact_moment": lambda: AgreementFactory(contact_moment=ContactMomentFactory(child=ours.child)),
        "entry": lambda: ResponseFactory(entry=EntryFactory(child=ours.child), author=ours.parent),
        "review": lambda: _new_domain_row(ours),
    }
    obj = objects[via]()
    fresh = type(obj).objects.get(pk=obj.pk)

    with django_assert_num_queries(1):
        tags = fresh.get_additional_data()

    assert tags == _tags(child=ours.child)


def test_writes_outside_a_request_are_recorded_without_an_actor(ours):
    ours.child.first_name = "Anders"
    ours.child.save()

    entry = _entries_of(Child, ours.child.pk)[-1]
    assert entry.action == UPDATE
    assert entry.actor is None
    assert entry.changes["first_name"] == ["Kindons", "Anders"]


def test_objects_made_in_bulk_can_be_recorded_afterwards(ours):
    moment = ContactMomentFactory(child=ours.child)
    agreements = Agreement.objects.bulk_create(
        [Agreement(contact_moment=moment, description=SECRET, due_on=timezone.localdate())]
    )

    with set_actor(ours.professional):
        audit.log_bulk_created(agreements)

    entry = _entries_of(Agreement, agreements[0].pk)[0]
    assert entry.action == CREATE and entry.actor == ours.professional
    assert entry.additional_data == _tags(child=ours.child)
    assert entry.changes["description"] == ["", audit.MASK_MARKER]


# --- Notes stay out ----------------------------------------------------------------------------


@pytest.mark.parametrize("model", list(audit.MASKED), ids=lambda model: model.__name__)
def test_every_masked_field_records_that_it_changed_and_never_the_text(ours, model):
    case = next(case for case in AUDITED if case.model is model)
    obj = case.make(ours)
    masked = audit.MASKED[model]
    for number, name in enumerate(masked):
        setattr(obj, name, f"{SECRET} {number}")
    obj.save()
    for number, name in enumerate(masked):
        setattr(obj, name, f"{SECRET} anders {number}")
    obj.save()

    changes = [entry.changes for entry in _entries_of(model, obj.pk)[-2:]]
    assert all(
        changes[0][name] == ["", audit.MASK_MARKER] or changes[0][name][1] == audit.MASK_MARKER for name in masked
    )
    assert all(changes[1][name] == [audit.MASK_MARKER, audit.MASK_MARKER] for name in masked)
    assert "Geheim" not in _all_changes_text()


def test_an_agreement_is_named_without_its_text(ours):
    agreement = AgreementFactory(contact_moment=ContactMomentFactory(child=ours.child), description=SECRET)

    entry = _entries_of(Agreement, agreement.pk)[0]

    assert entry.object_repr == f"Agreement {agreement.pk}"


def test_the_mask_keeps_only_whether_there_was_text():
    assert audit.mask_text("") == ""
    assert audit.mask_text("None") == ""
    assert audit.mask_text(SECRET) == audit.MASK_MARKER


# --- Through the app's own pages: the request's user is the actor --------------------------


def test_editing_a_family_through_its_form_records_the_professional(ours):
    url = reverse("families:family_edit", args=[ours.family.pk])

    response = client_for(ours.professional).post(url, {"name": "Nieuwe naam", "preferred_language": "pl"})

    assert response.status_code == 302
    entry = _entries_of(Family, ours.family.pk)[-1]
    assert entry.action == UPDATE and entry.actor == ours.professional
    assert entry.changes["name"] == [ours.family.name, "Nieuwe naam"]
    assert entry.additional_data == _tags(family=ours.family)


def test_writing_an_intake_records_that_the_sections_were_written_not_what(ours):
    data = {"action": "draft", "family_and_network": SECRET, "held_by": ours.professional.pk}
    data["guardians_present"] = [ours.family.guardians.get().pk]

    client_for(ours.professional).post(reverse("families:intake_edit", args=[ours.child.pk]), data)

    intake = Intake.objects.get(child=ours.child)
    entries = _entries_of(Intake, intake.pk)
    assert entries[0].action == CREATE  # the service makes the intake, then fills it in
    assert {entry.actor for entry in entries} == {ours.professional}
    assert {json.dumps(entry.additional_data) for entry in entries} == {json.dumps(_tags(child=ours.child))}
    written = next(entry for entry in entries if "family_and_network" in entry.changes and entry.action == UPDATE)
    assert written.changes["family_and_network"] == ["", audit.MASK_MARKER]
    present = next(entry for entry in entries if "guardians_present" in entry.changes)
    assert present.changes["guardians_present"]["objects"] == [str(ours.family.guardians.get())]
    assert SECRET not in _all_changes_text()


def test_recording_a_home_visit_masks_its_notes(ours):
    visit = HomeVisit.objects.create(
        child=ours.child, professional=ours.professional, planned_for=timezone.now() - datetime.timedelta(days=1)
    )
    planned = timezone.localtime(visit.planned_for).strftime("%Y-%m-%dT%H:%M")

    client_for(ours.professional).post(
        reverse("families:home_visit_record", args=[visit.pk]),
        {"planned_for": planned, "notes": SECRET, "summary_for_parents": SECRET},
    )

    entry = _entries_of(HomeVisit, visit.pk)[-1]
    assert entry.action == UPDATE and entry.actor == ours.professional
    assert entry.changes["notes"] == ["", audit.MASK_MARKER]
    assert entry.changes["status"] == ["planned", "done"]
    assert SECRET not in _all_changes_text()


def test_logging_a_contact_moment_masks_the_notes_and_summary(ours):
    data = {
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "kind": ContactMoment.Kind.PHONE,
        "professional": ours.professional.pk,
        "language_used": "nl",
        "child_experience": SECRET,
        "home_news": SECRET,
        "staff_notes": SECRET,
        "shared_summary": SECRET,
        "agreements-TOTAL_FORMS": "0",
        "agreements-INITIAL_FORMS": "0",
        "agreements-MIN_NUM_FORMS": "0",
        "agreements-MAX_NUM_FORMS": "10",
    }

    response = client_for(ours.professional).post(reverse("contacts:contact_new", args=[ours.child.pk]), data)

    assert response.status_code == 302
    moment = ContactMoment.objects.get(child=ours.child)
    entry = _entries_of(ContactMoment, moment.pk)[0]
    assert entry.action == CREATE and entry.actor == ours.professional
    assert entry.additional_data == _tags(child=ours.child)
    assert SECRET not in _all_changes_text()


def test_a_parents_response_in_the_portfolio_records_the_parent(ours):
    entry = EntryFactory(child=ours.child, author=ours.professional)

    client_for(ours.parent).post(reverse("portfolios:entry_respond", args=[entry.pk]), {"text": SECRET})

    response = Response.objects.get()
    logged = _entries_of(Response, response.pk)[0]
    assert logged.action == CREATE and logged.actor == ours.parent
    assert logged.additional_data == _tags(child=ours.child)
    assert SECRET not in _all_changes_text()


# --- Who opened the notes ---------------------------------------------------------------------


def _intake(side) -> Intake:
    return Intake.objects.create(child=side.child, held_by=side.professional, interests=SECRET)


def _visit(side) -> HomeVisit:
    return HomeVisit.objects.create(
        child=side.child, professional=side.professional, planned_for=timezone.now() - datetime.timedelta(hours=2)
    )


@pytest.mark.parametrize(
    ("make", "page", "role"),
    [
        (_intake, lambda obj: reverse("families:intake_detail", args=[obj.child_id]), "professional"),
        (_intake, lambda obj: reverse("families:intake_detail", args=[obj.child_id]), "manager"),
        (_intake, lambda obj: reverse("families:intake_edit", args=[obj.child_id]), "professional"),
        (_visit, lambda obj: reverse("families:home_visit_detail", args=[obj.pk]), "professional"),
        (_visit, lambda obj: reverse("families:home_visit_detail", args=[obj.pk]), "manager"),
        (_visit, lambda obj: reverse("families:home_visit_record", args=[obj.pk]), "professional"),
    ],
    ids=["intake", "intake-manager", "intake-edit", "visit", "visit-manager", "visit-record"],
)
def test_opening_the_notes_records_who_opened_them(ours, make, page, role):
    obj = make(ours)
    user = getattr(ours, role)

    assert client_for(user).get(page(obj)).status_code == 200

    opened = [entry for entry in _entries_of(type(obj), obj.pk) if entry.action == ACCESS]
    assert len(opened) == 1
    assert opened[0].actor == user
    assert opened[0].additional_data == _tags(child=ours.child)


def test_saving_the_intake_is_not_counted_as_opening_it(ours):
    intake = _intake(ours)

    client_for(ours.professional).post(
        reverse("families:intake_edit", args=[ours.child.pk]), {"action": "draft", "held_by": ours.professional.pk}
    )

    assert not [entry for entry in _entries_of(Intake, intake.pk) if entry.action == ACCESS]


def test_a_refused_look_at_the_notes_is_not_recorded(ours, theirs):
    intake = _intake(theirs)

    assert (
        client_for(ours.professional).get(reverse("families:intake_detail", args=[theirs.child.pk])).status_code == 404
    )

    assert not [entry for entry in _entries_of(Intake, intake.pk) if entry.action == ACCESS]


# --- The child's trail ---------------------------------------------------------------------------


def _user(role, side, outsider, org_admin):
    others = {"anonymous": None, "outsider": outsider, "org_admin": org_admin}
    return others[role] if role in others else getattr(side, role)


def _child_trail(side):
    return reverse("privacy:child_audit", args=[side.child.pk])


@pytest.mark.parametrize(
    ("role", "own", "foreign"),
    [
        ("anonymous", 302, 302),
        ("outsider", 403, 403),
        ("parent", 403, 403),
        ("professional", 403, 403),
        ("manager", 200, 404),
        ("org_admin", 200, 200),
    ],
)
def test_the_childs_trail_per_role(ours, theirs, org_admin, outsider, role, own, foreign):
    user = _user(role, ours, outsider, org_admin)
    client = client_for(user)

    assert client.get(_child_trail(ours)).status_code == own
    assert client.get(_child_trail(theirs)).status_code == foreign


def test_a_manager_who_also_works_at_another_location_does_not_read_those_trails(ours, theirs):
    StaffAssignmentFactory(user=ours.manager, group=theirs.group)

    assert client_for(ours.manager).get(_child_trail(theirs)).status_code == 404
    assert client_for(ours.manager).get(_child_trail(ours)).status_code == 200


def test_a_manager_still_reads_the_trail_after_the_placement_ended(ours):
    ours.child.placements.update(end_date=timezone.localdate() - datetime.timedelta(days=1))

    assert client_for(ours.manager).get(_child_trail(ours)).status_code == 200


def test_the_trail_shows_the_child_and_the_familys_records_not_a_siblings(ours, theirs, org_admin):
    sister = ChildFactory(family=ours.family, first_name="Zus")
    LogEntry.objects.all().delete()  # what the fixtures made
    with set_actor(ours.professional):
        ours.child.first_name = "Amira"
        ours.child.save()
        sister.last_name = "Zusnaam"
        sister.save()
        ours.family.phone = "06 11111111"
        ours.family.save()
        theirs.child.first_name = "Vreemd"
        theirs.child.save()

    response = english_client_for(ours.manager).get(_child_trail(ours))

    entries = [row.entry for row in response.context["rows"]]
    assert {(entry.content_type.model_class(), entry.object_pk) for entry in entries} == {
        (Child, str(ours.child.pk)),
        (Family, str(ours.family.pk)),
    }
    content = response.content.decode()
    assert "Amira" in content and "06 11111111" in content
    assert "Zusnaam" not in content and "Vreemd" not in content


def test_the_trail_reads_when_who_what_and_the_change(ours):
    placement = ours.child.placements.get()
    LogEntry.objects.all().delete()  # what the fixtures made
    with set_actor(ours.professional):
        placement.mentor = ours.manager
        placement.save()
        Intake.objects.create(child=ours.child, held_by=ours.professional, interests=SECRET)
    ours.child.first_name = "Nieuw"
    ours.child.save()

    response = english_client_for(ours.manager).get(_child_trail(ours))

    rows = response.context["rows"]
    assert [row.action for row in rows] == ["changed", "created", "changed"]  # newest first
    assert [row.what for row in rows] == ["child", "intake conversation", "placement"]
    assert rows[0].who == "system"
    assert rows[2].who == ours.professional.get_full_name()
    mentor = next(change for change in rows[2].changes if change.label == "mentor")
    assert mentor.text == f"{ours.professional.get_full_name()} → {ours.manager.get_full_name()}"
    interests = next(change for change in rows[1].changes if change.label == "interests and what the child enjoys")
    assert interests.masked and interests.text == "text, not recorded"
    content = response.content.decode()
    assert SECRET not in content
    assert "text, not recorded" in content


def test_opening_the_notes_shows_as_opened_in_the_trail(ours):
    _intake(ours)
    client_for(ours.professional).get(reverse("families:intake_detail", args=[ours.child.pk]))

    response = english_client_for(ours.manager).get(_child_trail(ours))

    opened = response.context["rows"][0]
    assert (opened.action, opened.who, opened.changes) == ("opened", ours.professional.get_full_name(), [])


_LANGUAGES = itertools.count()


def _many_entries(side, count: int) -> None:
    with set_actor(side.professional):
        for _ in range(count // 5):
            moment = ContactMomentFactory(child=side.child, professional=UserFactory(), staff_notes=SECRET)
            moment.kind = ContactMoment.Kind.PHONE
            moment.professional = UserFactory()
            moment.save()
            placement = PlacementFactory(child=side.child, group=GroupFactory(), mentor=UserFactory())
            placement.end_date = timezone.localdate()
            placement.save()
            HomeLanguageFactory(family=side.family, language=f"x{next(_LANGUAGES)}")


def test_the_trail_is_paginated_by_50(ours):
    _many_entries(ours, 60)
    client = client_for(ours.manager)

    first = client.get(_child_trail(ours))
    second = client.get(_child_trail(ours), {"page": 2})

    assert len(first.context["rows"]) == 50
    assert 10 <= len(second.context["rows"]) < 50
    assert client.get(_child_trail(ours), {"page": "x"}).status_code == 200


def test_the_trail_needs_as_many_queries_for_100_entries_as_for_10(ours, django_assert_max_num_queries):
    client = client_for(ours.manager)
    _many_entries(ours, 10)
    with CaptureQueriesContext(connection) as few:
        assert client.get(_child_trail(ours)).status_code == 200

    _many_entries(ours, 90)
    with django_assert_max_num_queries(len(few)):
        response = client.get(_child_trail(ours))

    assert len(response.context["rows"]) == 50


# --- The organisation's trail, and finding a child -------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("outsider", 403),
        ("parent", 403),
        ("professional", 403),
        ("manager", 200),
        ("org_admin", 200),
    ],
)
def test_the_audit_page_per_role(ours, org_admin, outsider, role, expected):
    user = _user(role, ours, outsider, org_admin)

    assert client_for(user).get(reverse("privacy:audit_log")).status_code == expected


def test_a_manager_picks_one_of_their_own_children_by_name(ours, theirs):
    ChildFactory(family=ours.family, first_name="Zus")  # never placed: not at the manager's location
    brother = ChildFactory(family=ours.family, first_name="Broer")
    PlacementFactory(child=brother, group=ours.group)
    client = client_for(ours.manager)

    everyone = client.get(reverse("privacy:audit_log"))
    found = client.get(reverse("privacy:audit_log"), {"q": "bro"})
    foreign = client.get(reverse("privacy:audit_log"), {"q": theirs.child.first_name})

    assert set(everyone.context["children"]) == {ours.child, brother}
    assert "rows" not in everyone.context  # the organisation's entries are for admins
    assert list(found.context["children"]) == [brother]
    assert reverse("privacy:child_audit", args=[brother.pk]) in found.content.decode()
    assert list(foreign.context["children"]) == []


def test_an_overlong_search_is_a_message_on_the_form(ours):
    response = english_client_for(ours.manager).get(reverse("privacy:audit_log"), {"q": "x" * 500})

    assert response.status_code == 200
    assert "at most 100 characters" in response.content.decode()


def test_an_admin_sees_the_organisations_latest_entries_with_the_child(ours, theirs, org_admin):
    with set_actor(ours.professional):
        ours.child.first_name = "Amira"
        ours.child.save()
    with set_actor(theirs.professional):
        theirs.family.phone = "06 2"
        theirs.family.save()

    response = english_client_for(org_admin).get(reverse("privacy:audit_log"))

    rows = response.context["rows"]
    assert [row.what for row in rows[:2]] == ["family", "child"]
    assert rows[1].child_name == f"Amira {ours.child.last_name}"
    assert reverse("privacy:child_audit", args=[ours.child.pk]) in response.content.decode()
    assert response.context["children"] is None  # no search asked


def _mixed_entries(side):
    with set_actor(side.professional):
        side.child.first_name = "Anders"
        side.child.save()
        intake = Intake.objects.create(child=side.child, held_by=side.professional)
    client_for(side.professional).get(reverse("families:intake_detail", args=[side.child.pk]))
    return intake


def test_an_admin_filters_by_action_and_record(ours, org_admin):
    _mixed_entries(ours)
    client = client_for(org_admin)

    opened = client.get(reverse("privacy:audit_log"), {"action": ACCESS})
    intakes = client.get(reverse("privacy:audit_log"), {"model": "families.intake"})

    assert {row.entry.action for row in opened.context["rows"]} == {ACCESS}
    assert {row.entry.content_type.model_class() for row in intakes.context["rows"]} == {Intake}
    assert {row.entry.action for row in intakes.context["rows"]} == {CREATE, ACCESS}


def test_an_admin_filters_by_date(ours, org_admin):
    _mixed_entries(ours)
    LogEntry.objects.filter(action=CREATE).update(timestamp=timezone.now() - datetime.timedelta(days=10))
    client = client_for(org_admin)
    today = timezone.localdate()

    recent = client.get(reverse("privacy:audit_log"), {"start": (today - datetime.timedelta(days=1)).isoformat()})
    old = client.get(reverse("privacy:audit_log"), {"end": (today - datetime.timedelta(days=5)).isoformat()})

    assert recent.context["rows"] and CREATE not in {row.entry.action for row in recent.context["rows"]}
    assert old.context["rows"] and {row.entry.action for row in old.context["rows"]} == {CREATE}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "31-02-2024"}, "Enter a valid date."),
        ({"end": "morgen"}, "Enter a valid date."),
        ({"start": "2024-05-02", "end": "2024-05-01"}, "The end date lies before the start date."),
        ({"action": "99"}, "Select a valid choice."),
        ({"action": "<script>"}, "Select a valid choice."),
        ({"model": "auth.user"}, "Select a valid choice."),
    ],
)
def test_bad_filters_are_a_message_on_the_form_and_keep_what_was_typed(ours, org_admin, query, message):
    _mixed_entries(ours)

    response = english_client_for(org_admin).get(reverse("privacy:audit_log"), query)

    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert "These filters cannot be used" in content
    assert response.context["rows"]  # all entries, unfiltered
    for name in ("start", "end"):
        if name in query:
            assert f'name="{name}" value="{query[name]}"' in content  # kept as typed
    assert "<script>" not in content.split("<main", 1)[-1]


def test_the_audit_page_needs_as_many_queries_for_100_entries_as_for_10(ours, org_admin, django_assert_max_num_queries):
    client = client_for(org_admin)
    _many_entries(ours, 10)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("privacy:audit_log")).status_code == 200

    _many_entries(ours, 90)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("privacy:audit_log"))

    assert len(response.context["rows"]) == 50


def test_the_managers_pick_list_needs_as_many_queries_for_100_children_as_for_10(ours, django_assert_max_num_queries):
    def more_children(count):
        for _ in range(count):
            PlacementFactory(child=ChildFactory(family=ours.family), group=ours.group)

    client = client_for(ours.manager)
    more_children(10)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("privacy:audit_log")).status_code == 200

    more_children(90)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("privacy:audit_log"))

    assert len(response.context["children"]) == 50


# --- The link on the child page ---------------------------------------------------------------------


@pytest.mark.parametrize(("role", "shown"), [("professional", False), ("parent", False), ("manager", True)])
def test_the_child_page_links_to_the_trail_for_those_who_may_read_it(ours, role, shown):
    content = client_for(getattr(ours, role)).get(reverse("families:child_detail", args=[ours.child.pk])).content

    assert (_child_trail(ours).encode() in content) is shown


def test_the_child_page_links_to_the_trail_for_an_admin(ours, org_admin):
    content = client_for(org_admin).get(reverse("families:child_detail", args=[ours.child.pk])).content

    assert _child_trail(ours).encode() in content
