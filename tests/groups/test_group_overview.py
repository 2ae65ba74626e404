"""The group overview shows per child the mentor, intake, home visit and consents, and whether
contact with the parents is due, with a button to log it there and then."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import ContactMoment
from families.models import Consent, HomeVisit, Intake
from tests.conftest import client_for as _client_for
from tests.contacts.factories import ContactMomentFactory, ContactRoutineFactory
from tests.factories import ChildFactory, PlacementFactory, StaffAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def client_for(user):
    client = _client_for(user)
    client.cookies["samenspel_language"] = "en"
    return client


def _overview(user, group):
    return client_for(user).get(reverse("groups:group_detail", args=[group.pk]))


def _fill_group(side, size: int) -> None:
    """`size` children, with every state of intake, home visit, consent and contact in the mix."""
    now = timezone.now()
    for number in range(size):
        child = ChildFactory()
        PlacementFactory(child=child, group=side.group, mentor=side.professional)
        if number % 2:
            ContactRoutineFactory(child=child, every_weeks=1 + number % 12)
        for days_ago in range(number % 3):
            ContactMomentFactory(
                child=child,
                professional=side.professional,
                occurred_at=now - datetime.timedelta(days=7 * days_ago + number),
            )
        if number % 7 == 0:
            PlacementFactory(child=ChildFactory(family=child.family), group=side.group)
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


# Session, user, access scope (2), unread notifications and messages in the navigation; the group, its
# children with their status, and which of them the user may log contact for.
OVERVIEW_QUERIES = 9


@pytest.mark.parametrize("order", ["name", "due"])
@pytest.mark.parametrize("size", [10, 100])
def test_the_overview_needs_the_same_number_of_queries_for_10_and_100_children(
    ours, size, order, django_assert_max_num_queries
):
    _fill_group(ours, size)
    client = client_for(ours.professional)
    url = reverse("groups:group_detail", args=[ours.group.pk]) + f"?order={order}"

    with django_assert_max_num_queries(OVERVIEW_QUERIES):
        response = client.get(url)

    assert response.status_code == 200
    placements = response.context["placements"]
    assert len(placements) == size + 1 + len(range(0, size, 7))
    assert all(placement.may_log for placement in placements)


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


# --- Contact with the parents --------------------------------------------------------------


def _days_ago(days: int) -> datetime.datetime:
    noon = datetime.datetime.combine(timezone.localdate() - datetime.timedelta(days=days), datetime.time(12))
    return timezone.make_aware(noon)


def _child(side, name: str, *, placed_days_ago: int = 200, contact_days_ago: int | None = None, weeks=None):
    child = ChildFactory(first_name=name)
    start = timezone.localdate() - datetime.timedelta(days=placed_days_ago)
    PlacementFactory(child=child, group=side.group, mentor=side.professional, start_date=start)
    if contact_days_ago is not None:
        ContactMomentFactory(child=child, professional=side.professional, occurred_at=_days_ago(contact_days_ago))
    if weeks:
        ContactRoutineFactory(child=child, every_weeks=weeks)
    return child


@pytest.fixture
def contact_mix(ours, settings):
    """With a default routine of 6 weeks and 2 weeks of margin."""
    settings.CONTACT_DEFAULT_EVERY_WEEKS = 6
    settings.CONTACT_OUT_OF_SIGHT_MARGIN_WEEKS = 2
    ContactRoutineFactory(child=ours.child, every_weeks=6)
    ContactMomentFactory(child=ours.child, professional=ours.professional, occurred_at=_days_ago(1))
    return {
        "Achter": _child(ours, "Achter", contact_days_ago=45),  # 3 days overdue
        "Bijna": _child(ours, "Bijna", contact_days_ago=40, weeks=6),  # due in 2 days
        "Kwijt": _child(ours, "Kwijt", contact_days_ago=70, weeks=4),  # 42 days overdue, out of sight
        "Nieuw": _child(ours, "Nieuw", placed_days_ago=3),  # no contact yet, due in 39 days
    }


def _rows(response) -> dict:
    return {placement.child.first_name: placement for placement in response.context["placements"]}


def test_it_shows_last_contact_next_due_and_state_per_child(ours, contact_mix):
    response = _overview(ours.professional, ours.group)

    rows = _rows(response)
    today = timezone.localdate()
    assert rows["Achter"].contact.last_contact_on == today - datetime.timedelta(days=45)
    assert (rows["Achter"].contact.state, rows["Achter"].contact.days_overdue) == ("overdue", 3)
    assert (rows["Bijna"].contact.state, rows["Bijna"].contact.next_due) == ("due", today + datetime.timedelta(days=2))
    assert (rows["Kwijt"].contact.state, rows["Kwijt"].contact.days_overdue) == ("overdue", 42)
    assert rows["Nieuw"].contact.last_contact_on is None
    assert rows["Nieuw"].contact.next_due == today + datetime.timedelta(days=39)
    assert rows[ours.child.first_name].contact.state == "ok"
    content = response.content.decode()
    assert "3 days overdue" in content
    assert "42 days overdue" in content
    assert "due this week" in content
    assert "No contact logged yet" in content


def test_a_family_without_contact_for_longer_than_routine_and_margin_is_flagged_out_of_sight(ours, contact_mix):
    response = _overview(ours.professional, ours.group)

    rows = _rows(response)
    assert [name for name, row in rows.items() if row.contact.out_of_sight] == ["Kwijt"]
    content = response.content.decode()
    assert content.count('class="badge text-bg-dark out-of-sight"') == 1
    explanation = "No contact with this family for longer than its routine of 4 weeks plus 2 weeks"
    assert f'title="{explanation}' in content, "explained on hover"
    assert f'<span class="visually-hidden">: {explanation}' in content, "and to screen readers"


def test_the_summary_counts_overdue_due_and_out_of_sight(ours, contact_mix):
    response = _overview(ours.professional, ours.group)

    assert response.context["summary"] == {"overdue": 2, "due": 1, "out_of_sight": 1}
    content = response.content.decode()
    assert "2 overdue" in content
    assert "1 due this week" in content
    assert "1 out of sight" in content


def test_contact_due_first_orders_the_most_overdue_first(ours, contact_mix):
    by_name = _overview(ours.professional, ours.group)
    response = client_for(ours.professional).get(reverse("groups:group_detail", args=[ours.group.pk]) + "?order=due")

    assert list(_rows(by_name)) == sorted(_rows(by_name))
    assert list(_rows(response)) == ["Kwijt", "Achter", "Bijna", "Nieuw", ours.child.first_name]
    assert response.context["order"] == "due"
    assert 'href="?order=due" aria-current="true"' in response.content.decode()


def test_a_child_without_an_agreed_routine_links_to_agreeing_one(ours, contact_mix):
    content = _overview(ours.professional, ours.group).content.decode()

    assert reverse("contacts:routine_edit", args=[contact_mix["Achter"].pk]) in content
    assert reverse("contacts:routine_edit", args=[contact_mix["Bijna"].pk]) not in content
    assert "no routine yet" in content


def test_professionals_get_a_log_contact_button_that_opens_inline_or_as_a_page(ours):
    content = _overview(ours.professional, ours.group).content.decode()

    quick_log = reverse("contacts:quick_log", args=[ours.child.pk])
    overview = reverse("groups:group_detail", args=[ours.group.pk])
    assert f'href="{quick_log}?next={overview}"' in content
    assert f'hx-get="{quick_log}" hx-target="#quick-log-{ours.child.pk}"' in content
    assert f'<div id="quick-log-{ours.child.pk}" class="quick-log-container"' in content


def test_managers_read_the_contact_status_but_get_no_log_button(ours, contact_mix):
    response = _overview(ours.manager, ours.group)

    content = response.content.decode()
    assert "3 days overdue" in content
    assert "contacts/quick/" not in content
    assert 'class="quick-log-row"' not in content
    assert reverse("contacts:routine_edit", args=[contact_mix["Achter"].pk]) not in content
    assert "no routine yet" in content


def test_the_admin_and_a_professional_of_the_whole_location_may_log(ours, org_admin):
    flexible = UserFactory()
    StaffAssignmentFactory(user=flexible, group=None, location=ours.location)
    quick_log = reverse("contacts:quick_log", args=[ours.child.pk])

    for user in (org_admin, flexible):
        assert f'hx-get="{quick_log}"' in _overview(user, ours.group).content.decode()


def test_a_contact_logged_today_shows_in_the_row(ours):
    ContactMoment.objects.create(child=ours.child, professional=ours.professional, child_experience="Gezongen.")

    response = _overview(ours.professional, ours.group)

    assert _rows(response)[ours.child.first_name].contact.last_contact_on == timezone.localdate()
    assert "Last contact today" in response.content.decode()


def test_a_child_whose_placement_ended_is_not_counted(ours, contact_mix):
    PlacementFactory(child=ChildFactory(first_name="Weg"), group=ours.group, ended=True)

    response = _overview(ours.professional, ours.group)

    assert "Weg" not in _rows(response)
    assert response.context["summary"]["overdue"] == 2
