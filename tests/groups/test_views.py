"""The staff pages: a professional's groups, a manager's locations, one group."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from groups.models import StaffAssignment
from tests.conftest import client_for
from tests.factories import (
    ChildFactory,
    GroupFactory,
    PlacementFactory,
    StaffAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _ended_placement(group):
    return PlacementFactory(child=ChildFactory(first_name="Vertrokken"), group=group, ended=True)


# --- A professional's home ---------------------------------------------------------


def test_staff_home_requires_login(db):
    response = client_for(None).get(reverse("groups:staff_home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_staff_home_shows_the_professionals_groups_with_their_children(ours, theirs):
    response = client_for(ours.professional).get(reverse("groups:staff_home"))

    assert response.status_code == 200
    content = response.content.decode()
    assert ours.group.name in content
    assert ours.child.full_name in content
    assert reverse("groups:group_detail", args=[ours.group.pk]) in content
    assert reverse("families:child_detail", args=[ours.child.pk]) in content


def test_staff_home_hides_other_groups_and_their_children(ours, theirs):
    content = client_for(ours.professional).get(reverse("groups:staff_home")).content.decode()

    assert theirs.group.name not in content
    assert theirs.child.first_name not in content
    assert str(theirs.child.pk) not in content


def test_staff_home_hides_another_group_of_the_same_location(ours):
    neighbour = GroupFactory(location=ours.location, name="Buurgroep")
    PlacementFactory(child=ChildFactory(first_name="Buurkind"), group=neighbour)

    content = client_for(ours.professional).get(reverse("groups:staff_home")).content.decode()

    assert "Buurgroep" not in content
    assert "Buurkind" not in content


def test_staff_home_lists_the_professionals_mentor_children(ours):
    colleague = UserFactory(first_name="Collega")
    StaffAssignmentFactory(user=colleague, group=ours.group)
    other = PlacementFactory(child=ChildFactory(first_name="Anderkind"), group=ours.group, mentor=colleague)

    response = client_for(ours.professional).get(reverse("groups:staff_home"))

    mentor_children = [placement.child for placement in response.context["mentor_placements"]]
    assert mentor_children == [ours.child]
    content = response.content.decode()
    assert 'id="mentor-heading"' in content
    assert other.child.full_name in content, "the whole group is listed too"
    assert "Collega" in content


def test_staff_home_shows_no_mentor_section_without_mentor_children(ours):
    colleague = UserFactory()
    StaffAssignmentFactory(user=colleague, group=ours.group)

    response = client_for(colleague).get(reverse("groups:staff_home"))

    assert response.context["mentor_placements"] == []
    assert 'id="mentor-heading"' not in response.content.decode()
    assert ours.child.full_name in response.content.decode()


def test_staff_home_leaves_out_children_whose_placement_ended(ours):
    _ended_placement(ours.group)
    content = client_for(ours.professional).get(reverse("groups:staff_home")).content.decode()
    assert "Vertrokken" not in content


def test_staff_home_leaves_out_inactive_groups(ours):
    ours.group.is_active = False
    ours.group.save()
    content = client_for(ours.professional).get(reverse("groups:staff_home")).content.decode()
    assert ours.child.full_name not in content


def test_staff_home_refuses_a_parent(ours, theirs):
    response = client_for(ours.parent).get(reverse("groups:staff_home"))
    assert response.status_code == 403
    assert ours.group.name not in response.content.decode()


def test_staff_home_of_a_professional_for_a_whole_location_shows_all_its_groups(ours, theirs):
    flex = UserFactory()
    StaffAssignmentFactory(user=flex, group=None, location=ours.location)
    neighbour = GroupFactory(location=ours.location, name="Buurgroep")

    content = client_for(flex).get(reverse("groups:staff_home")).content.decode()

    assert ours.group.name in content
    assert neighbour.name in content
    assert theirs.group.name not in content


# --- A manager's home ------------------------------------------------------------------


def _counts(response) -> dict[str, int]:
    return {
        group.name: group.children_count
        for location in response.context["locations"]
        for group in location.active_groups
    }


def test_manager_home_shows_the_managers_locations_with_child_counts_per_group(ours, theirs):
    second = GroupFactory(location=ours.location, name="Tweede groep")
    for _ in range(3):
        PlacementFactory(group=second)
    GroupFactory(location=ours.location, name="Lege groep")
    _ended_placement(ours.group)

    response = client_for(ours.manager).get(reverse("groups:manager_home"))

    assert response.status_code == 200
    assert _counts(response) == {ours.group.name: 1, "Tweede groep": 3, "Lege groep": 0}
    content = response.content.decode()
    assert ours.location.name in content
    assert '<td class="text-end">3</td>' in content
    assert reverse("groups:group_detail", args=[second.pk]) in content


def test_manager_home_counts_a_child_placed_twice_in_a_group_once(ours):
    PlacementFactory(child=ours.child, group=ours.group, start_date=timezone.localdate() + datetime.timedelta(days=30))
    response = client_for(ours.manager).get(reverse("groups:manager_home"))
    assert _counts(response)[ours.group.name] == 1


def test_manager_home_hides_other_locations(ours, theirs):
    content = client_for(ours.manager).get(reverse("groups:manager_home")).content.decode()
    assert theirs.location.name not in content
    assert theirs.group.name not in content


def test_manager_home_shows_the_admin_every_location(ours, theirs, org_admin):
    response = client_for(org_admin).get(reverse("groups:manager_home"))

    assert _counts(response) == {ours.group.name: 1, theirs.group.name: 1}
    content = response.content.decode()
    assert ours.location.name in content
    assert theirs.location.name in content


def test_manager_home_refuses_a_professional(ours):
    response = client_for(ours.professional).get(reverse("groups:manager_home"))
    assert response.status_code == 403
    assert ours.location.name not in response.content.decode()


# --- One group ---------------------------------------------------------------------------


def test_group_page_lists_the_children_and_their_mentor(ours):
    response = client_for(ours.professional).get(reverse("groups:group_detail", args=[ours.group.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    assert ours.group.name in content
    assert ours.location.name in content
    assert ours.child.full_name in content
    assert ours.professional.get_full_name() in content
    assert reverse("families:child_detail", args=[ours.child.pk]) in content


def test_group_page_marks_a_child_without_a_mentor(ours):
    PlacementFactory(child=ChildFactory(first_name="Zondermentor"), group=ours.group, mentor=None)
    client = client_for(ours.manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    content = client.get(reverse("groups:group_detail", args=[ours.group.pk])).content.decode()

    assert "Zondermentor" in content
    assert "no mentor" in content


def test_group_page_leaves_out_children_whose_placement_ended(ours):
    _ended_placement(ours.group)
    content = client_for(ours.manager).get(reverse("groups:group_detail", args=[ours.group.pk])).content.decode()
    assert "Vertrokken" not in content


def test_group_page_of_another_location_answers_404_to_its_manager(ours, theirs):
    response = client_for(theirs.manager).get(reverse("groups:group_detail", args=[ours.group.pk]))
    assert response.status_code == 404
    assert ours.child.first_name not in response.content.decode()


def test_group_page_of_an_unknown_group_answers_404(org_admin):
    assert client_for(org_admin).get(reverse("groups:group_detail", args=[999999])).status_code == 404


# --- Query counts do not grow with the number of rows ---------------------------------------

# Session, user, the user's assignments and guardianships (the access scope), then the page's own
# two (three on the staff home: the parents' unseen profile changes too).
MAX_QUERIES = 6
SIZES = [pytest.param(3, id="3-children-per-group"), pytest.param(30, id="30-children-per-group")]


def _fill(ours, children_per_group: int, groups: int = 3) -> None:
    """Several groups at our location, each with children and mentors, the professional in all."""
    mentor = UserFactory()
    for index in range(groups):
        group = ours.group if index == 0 else GroupFactory(location=ours.location)
        if index:
            StaffAssignmentFactory(user=ours.professional, group=group)
            StaffAssignmentFactory(user=mentor, group=group)
        for child_index in range(children_per_group):
            PlacementFactory(group=group, mentor=ours.professional if child_index % 2 else mentor)
        _ended_placement(group)


@pytest.mark.parametrize("children_per_group", SIZES)
def test_staff_home_needs_a_fixed_number_of_queries(ours, children_per_group, django_assert_max_num_queries):
    _fill(ours, children_per_group)
    client = client_for(ours.professional)

    with django_assert_max_num_queries(MAX_QUERIES + 1):
        response = client.get(reverse("groups:staff_home"))

    assert len(response.context["mentor_placements"]) == 3 * (children_per_group // 2) + 1


@pytest.mark.parametrize("children_per_group", SIZES)
def test_manager_home_needs_a_fixed_number_of_queries(ours, theirs, children_per_group, django_assert_max_num_queries):
    _fill(ours, children_per_group)
    _fill(theirs, children_per_group)
    StaffAssignmentFactory(
        user=ours.manager, role=StaffAssignment.Role.LOCATION_MANAGER, group=None, location=theirs.location
    )
    client = client_for(ours.manager)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("groups:manager_home"))

    assert sum(_counts(response).values()) == 2 * 3 * children_per_group + 2


@pytest.mark.parametrize("children_per_group", SIZES)
def test_group_page_needs_a_fixed_number_of_queries(ours, children_per_group, django_assert_max_num_queries):
    _fill(ours, children_per_group, groups=1)
    client = client_for(ours.professional)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("groups:group_detail", args=[ours.group.pk]))

    assert len(response.context["placements"]) == children_per_group + 1
