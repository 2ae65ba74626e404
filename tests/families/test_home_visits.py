"""Home visits: plan, record, cancel; who may do what; parents read only shared summaries."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from families.models import HomeVisit
from families.services.home_visits import (
    HomeVisitRefused,
    home_visit_cancel,
    home_visit_plan,
    home_visit_record,
    professionals_for_child,
)
from tests.conftest import english_client_for as client_for
from tests.factories import GroupFactory, StaffAssignmentFactory, UserFactory

# These tests read English messages; Dutch is the default language.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ROLES = ("anonymous", "outsider", "parent", "professional", "manager", "org_admin")
LOGIN = "login"
DONE = "done"  # a redirect after the action took effect


def _when(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _visit(side, **fields) -> HomeVisit:
    fields = {"planned_for": _when(7), "professional": side.professional, "created_by": side.professional, **fields}
    return HomeVisit.objects.create(child=side.child, **fields)


@pytest.fixture
def world(ours, theirs, org_admin, outsider) -> dict:
    _visit(ours)
    _visit(theirs)
    return {
        "ours": ours,
        "theirs": theirs,
        "anonymous": None,
        "outsider": outsider,
        "parent": ours.parent,
        "professional": ours.professional,
        "manager": ours.manager,
        "org_admin": org_admin,
    }


@dataclass(frozen=True)
class Case:
    label: str
    url: Callable
    method: str = "get"
    data: Callable = field(default=lambda side: {})
    side: str = "ours"
    took_effect: Callable = field(default=lambda side: False)


def _plan_url(side):
    return reverse("families:home_visit_plan", args=[side.child.pk])


def _detail_url(side):
    return reverse("families:home_visit_detail", args=[side.child.home_visits.get().pk])


def _record_url(side):
    return reverse("families:home_visit_record", args=[side.child.home_visits.get().pk])


def _cancel_url(side):
    return reverse("families:home_visit_cancel", args=[side.child.home_visits.get().pk])


def _plan_data(side):
    return {"planned_for": _local(_when(14)), "professional": side.professional.pk}


def _record_data(side):
    return {"planned_for": _local(_when(-1)), "notes": "Rustig gezin.", "summary_for_parents": "Fijn bezoek."}


def _planned_twice(side):
    return side.child.home_visits.count() == 2


def _recorded(side):
    return side.child.home_visits.get().status == HomeVisit.Status.DONE


def _cancelled(side):
    return side.child.home_visits.get().status == HomeVisit.Status.CANCELLED


def _statuses(*answers) -> dict:
    return dict(zip(ROLES, answers, strict=True))


# Visits are staff material: to parents these pages answer 404, as to outsiders; managers
# read them (200) but may not act (403); another location's visits answer 404.
TABLE = [
    (Case("plan-own", _plan_url), _statuses(LOGIN, 404, 404, 200, 403, 200)),
    (Case("plan-foreign", _plan_url, side="theirs"), _statuses(LOGIN, 404, 404, 404, 404, 200)),
    (
        Case("plan-post-own", _plan_url, "post", _plan_data, took_effect=_planned_twice),
        _statuses(LOGIN, 404, 404, DONE, 403, DONE),
    ),
    (
        Case("plan-post-foreign", _plan_url, "post", _plan_data, side="theirs", took_effect=_planned_twice),
        _statuses(LOGIN, 404, 404, 404, 404, DONE),
    ),
    (Case("detail-own", _detail_url), _statuses(LOGIN, 404, 404, 200, 200, 200)),
    (Case("detail-foreign", _detail_url, side="theirs"), _statuses(LOGIN, 404, 404, 404, 404, 200)),
    (Case("record-own", _record_url), _statuses(LOGIN, 404, 404, 200, 403, 200)),
    (Case("record-foreign", _record_url, side="theirs"), _statuses(LOGIN, 404, 404, 404, 404, 200)),
    (
        Case("record-post-own", _record_url, "post", _record_data, took_effect=_recorded),
        _statuses(LOGIN, 404, 404, DONE, 403, DONE),
    ),
    (
        Case("record-post-foreign", _record_url, "post", _record_data, side="theirs", took_effect=_recorded),
        _statuses(LOGIN, 404, 404, 404, 404, DONE),
    ),
    (Case("cancel-own", _cancel_url), _statuses(LOGIN, 404, 404, 200, 403, 200)),
    (Case("cancel-foreign", _cancel_url, side="theirs"), _statuses(LOGIN, 404, 404, 404, 404, 200)),
    (
        Case("cancel-post-own", _cancel_url, "post", lambda side: {"cancel_reason": "Ziek"}, took_effect=_cancelled),
        _statuses(LOGIN, 404, 404, DONE, 403, DONE),
    ),
    (
        Case(
            "cancel-post-foreign",
            _cancel_url,
            "post",
            lambda side: {"cancel_reason": "Ziek"},
            side="theirs",
            took_effect=_cancelled,
        ),
        _statuses(LOGIN, 404, 404, 404, 404, DONE),
    ),
]


@pytest.mark.parametrize(
    ("case", "role", "expected"),
    [pytest.param(case, role, answers[role], id=f"{case.label}-{role}") for case, answers in TABLE for role in ROLES],
)
def test_each_role_gets_the_expected_answer(world, case, role, expected):
    side = world[case.side]
    response = getattr(client_for(world[role]), case.method)(case.url(side), case.data(side))

    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    elif expected == DONE:
        assert response.status_code == 302
    else:
        assert response.status_code == expected
    assert case.took_effect(side) == (expected == DONE)


def test_an_unknown_visit_answers_404_even_to_the_admin(org_admin):
    response = client_for(org_admin).get(reverse("families:home_visit_detail", args=[999999]))
    assert response.status_code == 404


def test_a_parent_cannot_reach_another_familys_visit_by_changing_the_id(ours, theirs):
    visit = _visit(theirs, status=HomeVisit.Status.DONE, summary_for_parents="Hun samenvatting", summary_shared=True)

    response = client_for(ours.parent).get(reverse("families:home_visit_detail", args=[visit.pk]))

    assert response.status_code == 404
    assert "Hun samenvatting" not in response.content.decode()


# --- Planning -------------------------------------------------------------------------------


def test_the_professional_can_choose_only_the_childs_groups_professionals(ours, theirs):
    colleague = UserFactory(first_name="Collega")
    StaffAssignmentFactory(user=colleague, group=ours.group)
    flexible = UserFactory(first_name="Flexibel")
    StaffAssignmentFactory(user=flexible, group=None, location=ours.location)
    other_group = UserFactory(first_name="Andere groep")
    StaffAssignmentFactory(user=other_group, group=GroupFactory(location=ours.location))

    response = client_for(ours.professional).get(_plan_url(ours))

    form = response.context["form"]
    assert set(form.fields["professional"].queryset) == {ours.professional, colleague, flexible}
    assert form["professional"].value() == ours.professional.pk
    assert set(professionals_for_child(ours.child)) == {ours.professional, colleague, flexible}


def test_planning_a_visit_stores_it_and_shows_it_on_the_child_page(ours):
    client = client_for(ours.professional)
    moment = _when(10, hour=14)

    response = client.post(_plan_url(ours), {"planned_for": _local(moment), "professional": ours.professional.pk})

    visit = ours.child.home_visits.get()
    assert response.status_code == 302
    assert response.url == reverse("families:home_visit_detail", args=[visit.pk])
    assert (visit.status, visit.planned_for, visit.professional) == (
        HomeVisit.Status.PLANNED,
        moment,
        ours.professional,
    )
    assert visit.created_by == ours.professional
    page = client.get(reverse("families:child_detail", args=[ours.child.pk]))
    assert page.context["home_visits"] == [visit]
    assert reverse("families:home_visit_detail", args=[visit.pk]) in page.content.decode()


def test_a_visit_planned_afterwards_goes_straight_to_recording_it(ours):
    response = client_for(ours.professional).post(
        _plan_url(ours), {"planned_for": _local(_when(-3)), "professional": ours.professional.pk}
    )

    visit = ours.child.home_visits.get()
    assert response.url == reverse("families:home_visit_record", args=[visit.pk])


@pytest.mark.parametrize("days", [-61, 400])
def test_a_date_far_in_the_past_or_future_is_refused_and_kept_in_the_form(ours, days):
    typed = _local(_when(days))

    response = client_for(ours.professional).post(
        _plan_url(ours), {"planned_for": typed, "professional": ours.professional.pk}
    )

    assert response.status_code == 200
    assert "planned_for" in response.context["form"].errors
    assert f'value="{typed}"' in response.content.decode()
    assert not ours.child.home_visits.exists()


def test_a_professional_of_another_group_cannot_be_chosen(ours, theirs):
    response = client_for(ours.professional).post(
        _plan_url(ours), {"planned_for": _local(_when(5)), "professional": theirs.professional.pk}
    )

    assert response.status_code == 200
    assert "professional" in response.context["form"].errors
    assert not ours.child.home_visits.exists()


def test_the_plan_service_checks_the_professional_too(ours, theirs):
    with pytest.raises(ValidationError) as raised:
        home_visit_plan(
            child=ours.child, professional=theirs.professional, planned_for=_when(3), planned_by=ours.professional
        )
    assert "professional" in raised.value.message_dict


# --- Recording ------------------------------------------------------------------------------


def _record(side, **changes) -> dict:
    return {
        "planned_for": _local(_when(-1, hour=15)),
        "parent_child_interaction": "Moeder leest voor, Amira wijst de plaatjes aan.",
        "language_environment": "Thuis Arabisch, op tv Nederlandse kinderprogramma's.",
        "follow_up": "Prentenboek in het Arabisch meegeven.",
        "notes": "Vader werkt in ploegendienst.",
        "summary_for_parents": "Wat fijn dat we bij jullie op bezoek mochten komen!",
        "summary_shared": "on",
        **changes,
    }


def test_recording_a_visit_stores_what_was_seen_and_when_it_took_place(ours):
    visit = _visit(ours, planned_for=_when(-2))

    response = client_for(ours.professional).post(_record_url(ours), _record(ours))

    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == HomeVisit.Status.DONE
    assert visit.planned_for == _when(-1, hour=15)
    assert visit.summary_shared
    assert visit.follow_up == "Prentenboek in het Arabisch meegeven."
    assert visit.recorded_at is not None


def test_sharing_needs_a_summary_and_keeps_what_was_typed(ours):
    _visit(ours, planned_for=_when(-2))

    response = client_for(ours.professional).post(_record_url(ours), _record(ours, summary_for_parents="  "))

    assert response.status_code == 200
    assert "summary_for_parents" in response.context["form"].errors
    assert "Vader werkt in ploegendienst." in response.content.decode()
    assert ours.child.home_visits.get().status == HomeVisit.Status.PLANNED


def test_a_visit_cannot_be_recorded_before_it_took_place(ours):
    _visit(ours)

    response = client_for(ours.professional).post(_record_url(ours), _record(ours, planned_for=_local(_when(3))))

    assert response.status_code == 200
    assert "planned_for" in response.context["form"].errors
    assert ours.child.home_visits.get().status == HomeVisit.Status.PLANNED


def test_a_recorded_visit_can_be_corrected_and_keeps_when_it_was_recorded(ours):
    visit = _visit(ours, planned_for=_when(-2))
    home_visit_record(visit=visit, held_at=_when(-2), notes="Eerste versie")
    visit.refresh_from_db()
    recorded_at = visit.recorded_at
    client = client_for(ours.professional)

    assert "Eerste versie" in client.get(_record_url(ours)).content.decode()
    response = client.post(_record_url(ours), _record(ours, notes="Tweede versie"))

    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.notes, visit.recorded_at) == ("Tweede versie", recorded_at)


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("method", ["get", "post"])
def test_recording_a_cancelled_visit_is_refused_with_a_message(ours, method):
    visit = _visit(ours, status=HomeVisit.Status.CANCELLED, cancel_reason="Ziek")

    response = getattr(client_for(ours.professional), method)(_record_url(ours), _record(ours))

    assert response.status_code == 302
    assert response.url == reverse("families:home_visit_detail", args=[visit.pk])
    assert any("cancelled" in message for message in _messages(response))
    visit.refresh_from_db()
    assert (visit.status, visit.notes) == (HomeVisit.Status.CANCELLED, "")


def test_the_record_service_refuses_a_cancelled_visit(ours):
    visit = _visit(ours, status=HomeVisit.Status.CANCELLED, cancel_reason="Ziek")

    with pytest.raises(HomeVisitRefused):
        home_visit_record(visit=visit, held_at=_when(-1))


# --- Cancelling -----------------------------------------------------------------------------


def test_cancelling_needs_a_reason(ours):
    _visit(ours)

    response = client_for(ours.professional).post(_cancel_url(ours), {"cancel_reason": ""})

    assert response.status_code == 200
    assert "cancel_reason" in response.context["form"].errors
    assert ours.child.home_visits.get().status == HomeVisit.Status.PLANNED


def test_cancelling_stores_the_reason(ours):
    visit = _visit(ours)

    response = client_for(ours.professional).post(_cancel_url(ours), {"cancel_reason": "Moeder is ziek."})

    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.status, visit.cancel_reason) == (HomeVisit.Status.CANCELLED, "Moeder is ziek.")


@pytest.mark.parametrize("status", [HomeVisit.Status.DONE, HomeVisit.Status.CANCELLED])
@pytest.mark.parametrize("method", ["get", "post"])
def test_cancelling_a_visit_that_took_place_or_was_cancelled_is_refused_with_a_message(ours, status, method):
    visit = _visit(ours, status=status, planned_for=_when(-3), cancel_reason="Eerder")

    response = getattr(client_for(ours.professional), method)(_cancel_url(ours), {"cancel_reason": "Nu"})

    assert response.status_code == 302
    assert response.url == reverse("families:home_visit_detail", args=[visit.pk])
    assert _messages(response)
    visit.refresh_from_db()
    assert (visit.status, visit.cancel_reason) == (status, "Eerder")


def test_the_cancel_service_refuses_a_visit_that_took_place(ours):
    visit = _visit(ours, status=HomeVisit.Status.DONE)

    with pytest.raises(HomeVisitRefused):
        home_visit_cancel(visit=visit, reason="Te laat")


# --- What parents and managers see -------------------------------------------------------------


@pytest.fixture
def visits(ours) -> dict[str, HomeVisit]:
    done = HomeVisit.Status.DONE
    return {
        "shared": _visit(
            ours,
            status=done,
            planned_for=_when(-20),
            summary_for_parents="Gedeelde samenvatting voor ouders",
            summary_shared=True,
            notes="Notitie bij gedeeld bezoek",
            parent_child_interaction="Interactie gezien",
        ),
        "unshared": _visit(
            ours, status=done, planned_for=_when(-10), summary_for_parents="Nog niet gedeeld", notes="Interne notitie"
        ),
        "planned": _visit(ours),
        "cancelled": _visit(ours, status=HomeVisit.Status.CANCELLED, cancel_reason="Reden van afzeggen"),
    }


def test_parents_see_only_shared_summaries_never_notes(ours, visits):
    response = client_for(ours.parent).get(reverse("families:child_detail", args=[ours.child.pk]))

    page = response.content.decode()
    assert response.context["home_visits"] == [visits["shared"]]
    assert "Gedeelde samenvatting voor ouders" in page
    for hidden in (
        "Notitie bij gedeeld bezoek",
        "Interactie gezien",
        "Nog niet gedeeld",
        "Interne notitie",
        "Reden van afzeggen",
    ):
        assert hidden not in page
    assert "/home-visits/" not in page
    # What parents may not read is not even loaded.
    assert "notes" in response.context["home_visits"][0].get_deferred_fields()


def test_parents_without_shared_summaries_see_no_home_visit_section(ours):
    _visit(ours, status=HomeVisit.Status.DONE, summary_for_parents="Niet gedeeld", notes="Geheim")

    page = client_for(ours.parent).get(reverse("families:child_detail", args=[ours.child.pk])).content.decode()

    assert 'id="home-visits"' not in page


def test_staff_see_every_visit_with_its_status_and_professional(ours, visits):
    response = client_for(ours.professional).get(reverse("families:child_detail", args=[ours.child.pk]))

    page = response.content.decode()
    assert set(response.context["home_visits"]) == set(visits.values())
    for visit in visits.values():
        assert reverse("families:home_visit_detail", args=[visit.pk]) in page
    assert ours.professional.get_full_name() in page
    assert _plan_url(ours) in page


def test_a_manager_reads_visits_without_being_offered_to_act(ours, visits):
    client = client_for(ours.manager)

    child_page = client.get(reverse("families:child_detail", args=[ours.child.pk])).content.decode()
    detail = client.get(reverse("families:home_visit_detail", args=[visits["planned"].pk])).content.decode()
    done = client.get(reverse("families:home_visit_detail", args=[visits["shared"].pk])).content.decode()

    assert _plan_url(ours) not in child_page
    assert "/record/" not in detail
    assert "/cancel/" not in detail
    assert "Notitie bij gedeeld bezoek" in done


def _more_visits(side, count: int) -> None:
    professionals = [side.professional]
    for number in range(3):
        colleague = UserFactory(first_name=f"Collega{number}")
        StaffAssignmentFactory(user=colleague, group=side.group)
        professionals.append(colleague)
    statuses = [HomeVisit.Status.PLANNED, HomeVisit.Status.DONE, HomeVisit.Status.CANCELLED]
    HomeVisit.objects.bulk_create(
        HomeVisit(
            child=side.child,
            professional=professionals[number % len(professionals)],
            planned_for=_when(-number),
            status=statuses[number % 3],
            summary_for_parents="Samenvatting",
            summary_shared=True,
        )
        for number in range(count)
    )


@pytest.mark.parametrize("role", ["professional", "manager", "parent"])
def test_the_child_pages_query_count_does_not_grow_with_the_number_of_visits(ours, role, django_assert_max_num_queries):
    client = client_for(getattr(ours, role))
    url = reverse("families:child_detail", args=[ours.child.pk])
    _more_visits(ours, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200

    _more_visits(ours, 40)
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)

    assert len(response.context["home_visits"]) >= 14


def test_who_recorded_and_who_cancelled_a_visit_is_kept(ours):
    client = client_for(ours.professional)
    done = HomeVisit.objects.create(child=ours.child, professional=ours.professional, planned_for=_when(-1))
    cancelled = HomeVisit.objects.create(child=ours.child, professional=ours.professional, planned_for=_when(3))

    home_visit_record(visit=done, held_at=_when(-1), notes="Fijn bezoek", by=ours.professional)
    client.post(reverse("families:home_visit_cancel", args=[cancelled.pk]), {"cancel_reason": "Ziek"})

    done.refresh_from_db()
    cancelled.refresh_from_db()
    assert (done.recorded_by, done.status) == (ours.professional, HomeVisit.Status.DONE)
    assert (cancelled.cancelled_by, cancelled.status) == (ours.professional, HomeVisit.Status.CANCELLED)
    assert cancelled.cancelled_at is not None
    page = client.get(reverse("families:home_visit_detail", args=[done.pk])).content.decode()
    assert f"Recorded by {ours.professional.get_full_name()}" in page
