"""The group overview shows per child the mentor, intake, home visit and consents."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from families.models import Consent, HomeVisit, Intake
from tests.conftest import client_for as _client_for
from tests.factories import ChildFactory, PlacementFactory

pytestmark = pytest.mark.django_db


def client_for(user):
    client = _client_for(user)
    client.cookies["samenspel_language"] = "en"
    return client


def _overview(user, group):
    return client_for(user).get(reverse("groups:group_detail", args=[group.pk]))


def _fill_group(side, size: int) -> None:
    """`size` children, with every state of intake, home visit and consent in the mix."""
    now = timezone.now()
    for number in range(size):
        child = ChildFactory()
        PlacementFactory(child=child, group=side.group, mentor=side.professional)
        if number % 3:
            Intake.objects.create(child=child, status=Intake.Status.COMPLETED if number % 2 else Intake.Status.DRAFT)
        if number % 4 == 0:
            HomeVisit.objects.create(
                child=child, professional=side.professional, planned_for=now + datetime.timedelta(days=number)
            )
        if number % 5 == 0:
            HomeVisit.objects.create(
                child=child, professional=side.professional, planned_for=now, status=HomeVisit.Status.DONE
            )
        for kind in (Consent.Kind.PORTFOLIO_PHOTOS, Consent.Kind.GROUP_PHOTOS):
            Consent.objects.create(child=child, kind=kind, given=True, decided_by=side.parent)
            if number % 2:
                Consent.objects.create(child=child, kind=kind, given=False, decided_by=side.parent)


@pytest.mark.parametrize("size", [10, 100])
def test_the_overview_needs_the_same_number_of_queries_for_10_and_100_children(
    ours, size, django_assert_max_num_queries
):
    _fill_group(ours, size)
    client = client_for(ours.professional)
    url = reverse("groups:group_detail", args=[ours.group.pk])

    with django_assert_max_num_queries(7):
        response = client.get(url)

    assert response.status_code == 200
    assert len(response.context["placements"]) == size + 1


def test_it_shows_the_intake_status_per_child(ours):
    Intake.objects.create(child=ours.child, status=Intake.Status.DRAFT)
    completed = ChildFactory(first_name="Klaar")
    PlacementFactory(child=completed, group=ours.group)
    Intake.objects.create(child=completed, status=Intake.Status.COMPLETED)
    nothing = ChildFactory(first_name="Nogniet")
    PlacementFactory(child=nothing, group=ours.group)

    rows = {
        row.child.first_name: row.intake_status
        for row in _overview(ours.professional, ours.group).context["placements"]
    }

    assert rows == {ours.child.first_name: "draft", "Klaar": "completed", "Nogniet": None}


def test_it_shows_the_next_planned_and_else_the_last_home_visit(ours):
    now = timezone.now()
    HomeVisit.objects.create(
        child=ours.child, professional=ours.professional, planned_for=now - datetime.timedelta(days=30), status="done"
    )
    response = _overview(ours.professional, ours.group)
    row = response.context["placements"][0]
    assert row.home_visit_done is not None and row.home_visit_planned is None
    assert "done" in response.content.decode()

    HomeVisit.objects.create(
        child=ours.child, professional=ours.professional, planned_for=now + datetime.timedelta(days=3)
    )
    HomeVisit.objects.create(
        child=ours.child, professional=ours.professional, planned_for=now + datetime.timedelta(days=9)
    )
    row = _overview(ours.professional, ours.group).context["placements"][0]
    assert row.home_visit_planned.date() == (now + datetime.timedelta(days=3)).date()


def test_cancelled_home_visits_do_not_count(ours):
    HomeVisit.objects.create(
        child=ours.child, professional=ours.professional, planned_for=timezone.now(), status="cancelled"
    )
    row = _overview(ours.professional, ours.group).context["placements"][0]
    assert row.home_visit_planned is None and row.home_visit_done is None


def test_it_shows_the_newest_consent_decision_and_unanswered_as_not_given(ours):
    Consent.objects.create(child=ours.child, kind="portfolio_photos", given=True, decided_by=ours.parent)
    Consent.objects.create(child=ours.child, kind="portfolio_photos", given=False, decided_by=ours.parent)
    Consent.objects.create(child=ours.child, kind="group_photos", given=True, decided_by=ours.parent)

    response = _overview(ours.professional, ours.group)

    states = dict(response.context["placements"][0].consent_states)
    assert list(states.values()) == [False, True, None]
    content = response.content.decode()
    assert "not answered" in content, "the state is written out, not shown by colour alone"


def test_the_mentor_and_a_missing_mentor_are_shown(ours):
    PlacementFactory(child=ChildFactory(first_name="Zonder"), group=ours.group, mentor=None)

    content = _overview(ours.manager, ours.group).content.decode()

    assert ours.professional.get_full_name() in content
    assert "no mentor" in content


def test_children_of_other_groups_are_not_listed(ours, theirs):
    content = _overview(ours.professional, ours.group).content.decode()
    assert theirs.child.first_name not in content


def test_parents_and_staff_of_other_locations_get_404(ours, theirs):
    assert _overview(ours.parent, ours.group).status_code == 404
    assert _overview(theirs.professional, ours.group).status_code == 404
    assert _overview(theirs.manager, ours.group).status_code == 404
