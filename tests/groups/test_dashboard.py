"""The managers' cooperation dashboard: the location page, a group's drill-down, their CSV
exports and reassigning a mentor. The figures themselves: tests/groups/test_indicators.py."""

import csv
import datetime
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, HomeActivity
from contacts.models import ContactMoment
from families.models import Child, Family, HomeLanguage, Placement
from groups.indicators import Ratio
from groups.models import Group, StaffAssignment
from tests.activities.factories import ActivityFactory
from tests.conftest import client_for, english_client_for
from tests.contacts.factories import ContactMomentFactory
from tests.factories import ChildFactory, GroupFactory, PlacementFactory, StaffAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _location_url(side, name="groups:location_dashboard") -> str:
    return reverse(name, args=[side.location.pk])


def _group_url(side, name="groups:group_cooperation") -> str:
    return reverse(name, args=[side.group.pk])


# --- Who sees what ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["groups:location_dashboard", "groups:location_export"])
def test_a_manager_sees_their_own_location_and_not_another(ours, theirs, name):
    client = client_for(ours.manager)

    assert client.get(_location_url(ours, name)).status_code == 200
    assert client.get(_location_url(theirs, name)).status_code == 404


@pytest.mark.parametrize("name", ["groups:group_cooperation", "groups:group_cooperation_export"])
def test_a_manager_sees_their_own_groups_and_not_anothers(ours, theirs, name):
    client = client_for(ours.manager)

    assert client.get(_group_url(ours, name)).status_code == 200
    assert client.get(_group_url(theirs, name)).status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "groups:location_dashboard",
        "groups:location_export",
        "groups:group_cooperation",
        "groups:group_cooperation_export",
    ],
)
def test_the_admin_sees_every_location_and_group(ours, theirs, org_admin, name):
    client = client_for(org_admin)
    for side in (ours, theirs):
        url = _location_url(side, name) if name.startswith("groups:location") else _group_url(side, name)
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("role", ["professional", "parent"])
def test_professionals_and_parents_are_refused(ours, role):
    client = client_for(getattr(ours, role))

    assert client.get(_location_url(ours)).status_code == 403
    assert client.get(_group_url(ours)).status_code == 403
    assert client.get(_group_url(ours, "groups:group_cooperation_export")).status_code == 403


def test_logging_in_comes_first(ours):
    response = client_for(None).get(_location_url(ours))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_manager_home_links_to_each_location_page(ours):
    content = client_for(ours.manager).get(reverse("groups:manager_home")).content.decode()

    assert _location_url(ours) in content


# --- The location page ----------------------------------------------------------------------------


def test_the_location_page_shows_each_active_group_with_a_link_to_its_children(ours):
    GroupFactory(location=ours.location, name="Gesloten", is_active=False)

    response = english_client_for(ours.manager).get(_location_url(ours))

    assert [row.group for row in response.context["rows"]] == [ours.group]
    content = response.content.decode()
    assert reverse("groups:group_cooperation", args=[ours.group.pk]) in content
    assert "Gesloten" not in content
    assert "Total" in content
    assert 'id="definition-routine_kept"' in content
    assert "Needs attention below 80%." in content


def test_a_figure_that_needs_attention_says_so_in_words(ours, settings):
    settings.DASHBOARD_OVERDUE_MAX = 0
    # Placed 90 days ago without any contact: overdue with the default routine of 6 weeks.
    content = english_client_for(ours.manager).get(_location_url(ours)).content.decode()

    assert "needs attention" in content


def test_a_bad_custom_period_shows_a_message_and_the_last_four_weeks(ours):
    today = timezone.localdate()
    query = {"period": "custom", "start": today.isoformat(), "end": (today - timedelta(days=3)).isoformat()}

    response = english_client_for(ours.manager).get(_location_url(ours), query)

    assert response.status_code == 200
    assert "The last day must be on or after the first day." in response.content.decode()
    assert response.context["period"].choice == "4w"


def test_a_malformed_date_shows_a_message(ours):
    response = english_client_for(ours.manager).get(_location_url(ours), {"period": "custom", "start": "31-31-2025"})

    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()


def test_the_period_can_be_switched(ours):
    response = client_for(ours.manager).get(_location_url(ours), {"period": "13w"})

    period = response.context["period"]
    assert period.choice == "13w"
    assert period.days == 91


# --- CSV: the same figures as on the page --------------------------------------------------------------


def _csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def _percent(cell: str) -> Decimal | None:
    return Decimal(cell.replace(",", ".")) if cell else None


def _page_percent(ratio: Ratio | None) -> Decimal | None:
    return ratio.percent if ratio is not None else None


@pytest.fixture
def busy_location(ours):
    """Ours with a VE group beside it, and enough going on for non-trivial percentages."""
    ve = GroupFactory(location=ours.location, name="Uilen", is_ve=True)
    activity = ActivityFactory()
    HomeActivity.objects.create(activity=activity, group=ve, week_start=timezone.localdate() - timedelta(days=7))
    for number in range(3):
        child = ChildFactory(first_name=f"Uil{number}")
        PlacementFactory(child=child, group=ve)
        HomeLanguage.objects.create(family=child.family, language=("ar", "tr", "nl")[number])
        if number:
            ContactMomentFactory(child=child, occurred_at=timezone.now() - timedelta(days=number))
    ContactMomentFactory(child=ours.child, occurred_at=timezone.now() - timedelta(days=2))
    return ours


def test_the_location_csv_has_the_numbers_of_the_page(busy_location):
    side = busy_location
    client = english_client_for(side.manager)
    page = client.get(_location_url(side), {"period": "8w"}).context

    response = client.get(_location_url(side, "groups:location_export"), {"period": "8w"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    header, *lines = _csv(response)
    assert header[:4] == ["Group", "Children placed", "Routine contact kept (%)", "Overdue contacts"]
    expected = [*page["rows"], page["total"]]
    assert len(lines) == len(expected)
    for line, row in zip(lines, expected, strict=True):
        assert line[0] == (row.group.name if row.group else "Total")
        assert int(line[1]) == row.children_placed
        assert _percent(line[2]) == row.routine_kept.percent
        assert int(line[3]) == row.overdue
        assert _percent(line[4]) == row.intakes_completed.percent
        assert (int(line[5]) if line[5] else None) == row.home_visits_done
        assert _percent(line[6]) == row.parent_view.percent
        assert _percent(line[7]) == _page_percent(row.take_up)
        assert _percent(line[8]) == _page_percent(row.session_attendance)
        assert int(line[9]) == row.out_of_sight
        assert line[10] == ", ".join(row.home_language_names)
    # A percentage with a decimal comma: 1 of the 3 owls is overdue (no contact for 90 days).
    owls = next(line for line in lines if line[0] == "Uilen")
    assert owls[2] == "66,7"


def test_the_csv_headers_follow_the_users_language(busy_location):
    response = client_for(busy_location.manager).get(_location_url(busy_location, "groups:location_export"))

    header = _csv(response)[0]
    assert header[0] != "Group"
    assert len(header) == 11


def test_the_group_csv_has_the_numbers_of_the_page_in_its_order(busy_location):
    side = busy_location
    ve = Group.objects.get(name="Uilen")
    client = english_client_for(side.manager)
    query = {"sort": "-last_contact"}
    page = client.get(reverse("groups:group_cooperation", args=[ve.pk]), query).context

    response = client.get(reverse("groups:group_cooperation_export", args=[ve.pk]), query)

    header, *lines = _csv(response)
    assert header[0] == "Child"
    assert [line[0] for line in lines] == [row.child.full_name for row in page["rows"]]
    for line, row in zip(lines, page["rows"], strict=True):
        assert line[2] == (row.last_contact_on.isoformat() if row.last_contact_on else "")
        assert line[5] == ("yes" if row.overdue else "no")
        assert line[11] == f"{row.take_up.part}/{row.take_up.whole}"
        assert line[13] == ", ".join(row.home_language_names)


# --- The drill-down ------------------------------------------------------------------------------


def test_the_drill_down_links_each_child_to_its_page(ours):
    response = english_client_for(ours.manager).get(_group_url(ours))

    assert reverse("families:child_detail", args=[ours.child.pk]) in response.content.decode()
    assert [row.child for row in response.context["rows"]] == [ours.child]


def test_the_drill_down_sorts_by_any_column_and_keeps_ties_in_name_order(ours):
    for name, days_ago in (("Bram", 3), ("Anna", 3), ("Cas", 1)):
        child = ChildFactory(first_name=name)
        PlacementFactory(child=child, group=ours.group)
        ContactMomentFactory(child=child, occurred_at=timezone.now() - timedelta(days=days_ago))
    client = client_for(ours.manager)

    newest_first = client.get(_group_url(ours), {"sort": "-last_contact"}).context["rows"]
    oldest_first = client.get(_group_url(ours), {"sort": "last_contact"}).context["rows"]

    # The fixture's child has no contact: last either way.
    assert [row.child.first_name for row in newest_first] == ["Cas", "Anna", "Bram", ours.child.first_name]
    assert [row.child.first_name for row in oldest_first] == ["Anna", "Bram", "Cas", ours.child.first_name]


def test_an_unknown_sort_falls_back_to_the_names(ours):
    response = client_for(ours.manager).get(_group_url(ours), {"sort": "-nonsense"})

    assert response.status_code == 200
    assert response.context["sort"] == "child"


def test_the_drill_down_shows_a_child_who_left_during_the_period(ours):
    PlacementFactory(
        child=ChildFactory(first_name="Vertrokken"),
        group=ours.group,
        start_date=timezone.localdate() - timedelta(days=100),
        end_date=timezone.localdate() - timedelta(days=5),
    )

    response = english_client_for(ours.manager).get(_group_url(ours))

    rows = {row.child.first_name: row for row in response.context["rows"]}
    assert rows["Vertrokken"].left_on == timezone.localdate() - timedelta(days=5)
    assert "left on" in response.content.decode()


# --- Reassigning a mentor ------------------------------------------------------------------------------


def _reassign_url(side, placement) -> str:
    return reverse("groups:mentor_reassign", args=[side.group.pk, placement.pk])


def test_a_manager_reassigns_the_mentor_to_a_professional_of_the_group(ours):
    colleague = UserFactory(first_name="Collega")
    StaffAssignmentFactory(user=colleague, group=ours.group)
    placement = ours.child.placements.get()

    response = english_client_for(ours.manager).post(
        _reassign_url(ours, placement), {"mentor": colleague.pk, "period": "8w", "sort": "-overdue"}
    )

    assert response.status_code == 302
    assert response.url.startswith(_group_url(ours) + "?period=8w&sort=-overdue")
    placement.refresh_from_db()
    assert placement.mentor == colleague


def test_a_location_wide_professional_can_become_mentor(ours):
    flexible = UserFactory()
    StaffAssignmentFactory(user=flexible, group=None, location=ours.location)
    placement = ours.child.placements.get()

    client_for(ours.manager).post(_reassign_url(ours, placement), {"mentor": flexible.pk})

    placement.refresh_from_db()
    assert placement.mentor == flexible


@pytest.mark.parametrize("who", ["other_professional", "manager", "nobody", "garbage"])
def test_someone_who_is_not_a_professional_of_the_group_is_refused(ours, theirs, who):
    mentor_id = {
        "other_professional": theirs.professional.pk,
        "manager": ours.manager.pk,
        "nobody": 987654,
        "garbage": "x",
    }[who]
    placement = ours.child.placements.get()
    client = english_client_for(ours.manager)

    response = client.post(_reassign_url(ours, placement), {"mentor": mentor_id}, follow=True)

    placement.refresh_from_db()
    assert placement.mentor == ours.professional
    content = response.content.decode()
    assert "is not a professional of the group" in content or "Choose the new mentor." in content


def test_an_ended_placement_keeps_its_mentor(ours):
    colleague = UserFactory()
    StaffAssignmentFactory(user=colleague, group=ours.group)
    placement = PlacementFactory(group=ours.group, mentor=ours.professional, ended=True)

    response = english_client_for(ours.manager).post(
        _reassign_url(ours, placement), {"mentor": colleague.pk}, follow=True
    )

    placement.refresh_from_db()
    assert placement.mentor == ours.professional
    assert "This placement has ended" in response.content.decode()


def test_professionals_and_parents_cannot_reassign(ours):
    placement = ours.child.placements.get()
    for user in (ours.professional, ours.parent):
        response = client_for(user).post(_reassign_url(ours, placement), {"mentor": ours.professional.pk})
        assert response.status_code == 403


def test_another_locations_manager_gets_404(ours, theirs):
    placement = ours.child.placements.get()

    response = client_for(theirs.manager).post(_reassign_url(ours, placement), {"mentor": ours.professional.pk})

    assert response.status_code == 404


def test_a_placement_of_another_group_answers_404(ours, theirs):
    response = client_for(ours.manager).post(
        reverse("groups:mentor_reassign", args=[ours.group.pk, theirs.child.placements.get().pk]),
        {"mentor": ours.professional.pk},
    )

    assert response.status_code == 404


def test_reassigning_needs_a_post(ours):
    response = client_for(ours.manager).get(_reassign_url(ours, ours.child.placements.get()))

    assert response.status_code == 405


# --- A constant number of queries ---------------------------------------------------------------------


def _fill(location, professional, *, groups: int, children: int) -> list[Group]:
    """`groups` groups (every other one VE) of `children` children each, with contacts,
    home languages and hand-outs, created in bulk."""
    today = timezone.localdate()
    now = timezone.now()
    activity = Activity.objects.first() or ActivityFactory()
    made = []
    for number in range(groups):
        group = Group.objects.create(location=location, name=f"Groep {number:02}", is_ve=number % 2 == 0)
        StaffAssignment.objects.create(user=professional, role=StaffAssignment.Role.PROFESSIONAL, group=group)
        families = Family.objects.bulk_create(Family(name=f"Gezin {number}-{i}") for i in range(children))
        kids = Child.objects.bulk_create(
            Child(family=family, first_name=f"Kind {i:03}", last_name="Test", birth_date=datetime.date(2022, 1, 1))
            for i, family in enumerate(families)
        )
        Placement.objects.bulk_create(
            Placement(child=child, group=group, start_date=today - timedelta(days=90 - i % 60), mentor=professional)
            for i, child in enumerate(kids)
        )
        HomeLanguage.objects.bulk_create(
            HomeLanguage(family=family, language=("nl", "ar", "tr")[i % 3]) for i, family in enumerate(families)
        )
        ContactMoment.objects.bulk_create(
            ContactMoment(child=child, occurred_at=now - timedelta(days=i % 70)) for i, child in enumerate(kids)
        )
        HomeActivity.objects.create(activity=activity, group=group, week_start=today - timedelta(days=7))
        made.append(group)
    return made


# Session, user, scope, the location, its groups, the figures (2), the total (2), and the
# base template's counters; the drill-down adds its group row and the professionals.
LOCATION_PAGE_QUERIES = 11
DRILL_DOWN_QUERIES = 12


@pytest.mark.parametrize(("groups", "children"), [(2, 10), (20, 100)])
def test_the_location_page_needs_the_same_queries_for_any_size(ours, groups, children, django_assert_max_num_queries):
    _fill(ours.location, ours.professional, groups=groups, children=children)
    client = client_for(ours.manager)

    with django_assert_max_num_queries(LOCATION_PAGE_QUERIES):
        response = client.get(_location_url(ours))

    assert len(response.context["rows"]) == groups + 1


@pytest.mark.parametrize(("groups", "children"), [(2, 10), (20, 100)])
def test_the_drill_down_needs_the_same_queries_for_any_size(ours, groups, children, django_assert_max_num_queries):
    group = _fill(ours.location, ours.professional, groups=groups, children=children)[0]
    client = client_for(ours.manager)

    with django_assert_max_num_queries(DRILL_DOWN_QUERIES):
        response = client.get(reverse("groups:group_cooperation", args=[group.pk]), {"sort": "-last_contact"})

    assert len(response.context["rows"]) == children
