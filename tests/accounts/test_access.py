"""The access rule of DESIGN.md, role by role, on own and foreign objects."""

import datetime

import pytest
from django.utils import timezone

from accounts import access
from families.models import Child
from groups.models import StaffAssignment
from tests.factories import (
    ChildFactory,
    GroupFactory,
    GuardianFactory,
    PlacementFactory,
    StaffAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def visible(user) -> set:
    return set(Child.objects.visible_to(user).values_list("pk", flat=True))


def test_a_guardian_sees_only_their_own_children(ours, theirs):
    sibling = ChildFactory(family=ours.family)
    assert visible(ours.parent) == {ours.child.pk, sibling.pk}


def test_a_guardian_sees_their_child_even_without_a_placement(ours):
    unplaced = ChildFactory(family=ours.family)
    assert unplaced.pk in visible(ours.parent)


def test_a_professional_sees_the_children_placed_in_their_groups(ours, theirs):
    assert visible(ours.professional) == {ours.child.pk}


def test_a_professional_does_not_see_a_child_whose_placement_ended(ours):
    left = ChildFactory()
    PlacementFactory(child=left, group=ours.group, ended=True)
    assert left.pk not in visible(ours.professional)


def test_a_professional_sees_a_child_whose_placement_starts_later(ours):
    upcoming = ChildFactory()
    PlacementFactory(child=upcoming, group=ours.group, start_date=timezone.localdate() + datetime.timedelta(days=30))
    assert upcoming.pk in visible(ours.professional)


def test_a_professional_of_another_group_in_the_same_location_does_not_see_the_child(ours):
    colleague = UserFactory()
    StaffAssignmentFactory(user=colleague, group=GroupFactory(location=ours.location))
    assert visible(colleague) == set()


def test_a_professional_assigned_to_a_whole_location_sees_all_its_groups(ours, theirs):
    flex = UserFactory()
    StaffAssignmentFactory(user=flex, group=None, location=ours.location)
    other_group_child = ChildFactory()
    PlacementFactory(child=other_group_child, group=GroupFactory(location=ours.location))
    assert visible(flex) == {ours.child.pk, other_group_child.pk}


def test_a_location_manager_sees_everything_in_their_locations_only(ours, theirs):
    left = ChildFactory()
    PlacementFactory(child=left, group=ours.group, ended=True)
    assert visible(ours.manager) == {ours.child.pk, left.pk}


def test_an_organisation_admin_sees_everything(ours, theirs, org_admin):
    assert visible(org_admin) == {ours.child.pk, theirs.child.pk}


def test_a_user_without_a_role_sees_nothing(ours, outsider):
    assert visible(outsider) == set()


def test_an_inactive_user_sees_nothing(ours):
    ours.professional.is_active = False
    ours.professional.save()
    user = type(ours.professional).objects.get(pk=ours.professional.pk)
    assert visible(user) == set()


def test_a_professional_who_is_also_a_parent_sees_both(ours, theirs):
    GuardianFactory(user=ours.professional, family=theirs.family)
    assert visible(ours.professional) == {ours.child.pk, theirs.child.pk}
    assert access.can_work_with_child(ours.professional, ours.child)
    assert not access.can_work_with_child(ours.professional, theirs.child), "a parent is no staff for their own child"


def test_parents_may_not_work_with_children_as_staff(ours):
    assert access.can_view_child(ours.parent, ours.child)
    assert not access.can_work_with_child(ours.parent, ours.child)


@pytest.mark.parametrize(
    ("role", "expected"),
    [("org_admin", "admin"), ("manager", "manager"), ("professional", "professional"), ("parent", "guardian")],
)
def test_each_role_has_its_home(ours, org_admin, role, expected):
    user = org_admin if role == "org_admin" else getattr(ours, role)
    assert access.home_role(user) == expected


def test_group_scopes(ours, theirs, org_admin):
    assert set(access.groups_for(ours.professional)) == {ours.group}
    assert set(access.groups_for(ours.manager)) == {ours.group}
    assert set(access.groups_for(ours.parent)) == set()
    assert set(access.groups_for(org_admin)) == {ours.group, theirs.group}
    assert access.can_manage_group(ours.manager, ours.group)
    assert not access.can_manage_group(ours.manager, theirs.group)
    assert not access.can_manage_group(ours.professional, ours.group)


def test_the_scope_is_read_once_per_user_object(ours, django_assert_num_queries):
    access.scope_of(ours.professional)
    with django_assert_num_queries(0):
        access.is_professional(ours.professional)
        access.home_role(ours.professional)


def test_a_manager_assignment_needs_a_location(db):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        StaffAssignmentFactory(role=StaffAssignment.Role.LOCATION_MANAGER, location=None)
