"""`access.with_answers`: the access questions about a child, asked in the query that loads it,
give the same answers as the predicates asked one by one."""

import datetime

import pytest
from django.utils import timezone

from accounts import access
from accounts.models import User
from families.models import Child
from groups.models import StaffAssignment
from tests.factories import ChildFactory, GroupFactory, GuardianFactory, PlacementFactory, StaffAssignmentFactory

pytestmark = pytest.mark.django_db

PREDICATES = {
    "work": access.can_work_with_child,
    "write": access.can_write_about_child,
    "parent": access.is_parent_of,
    "conversation": access.can_read_conversation,
    "conversation_parent": access.writes_as_parent,
    "conversation_staff": access.writes_as_staff,
}


def _fresh(user: User) -> User:
    """The same user without scope or answers cached on the object, as in a new request."""
    return User.objects.get(pk=user.pk)


def _asked_one_by_one(user: User, child: Child) -> dict[str, bool]:
    user = _fresh(user)
    return {question: predicate(user, child) for question, predicate in PREDICATES.items()}


def _asked_at_once(user: User, child: Child) -> dict[str, bool]:
    user = _fresh(user)
    loaded = access.with_answers(user, Child.objects.filter(pk=child.pk)).get()
    access.remember_answers(user, loaded)
    return {question: predicate(user, loaded) for question, predicate in PREDICATES.items()}


@pytest.fixture
def people(ours, theirs, org_admin, outsider) -> dict[str, User]:
    """Every role, and the mixed ones: a professional whose own child is in another group, a
    manager who also works in a group of another location, a parent whose child left."""
    working_parent = theirs.professional
    GuardianFactory(user=working_parent, family=ours.family)
    both = ours.manager
    StaffAssignmentFactory(user=both, group=theirs.group, role=StaffAssignment.Role.PROFESSIONAL)
    former = GuardianFactory(family=ChildFactory().family).user
    PlacementFactory(
        child=former.guardianships.get().family.children.get(),
        group=ours.group,
        start_date=timezone.localdate() - datetime.timedelta(days=400),
        end_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    return {
        "parent": ours.parent,
        "professional": ours.professional,
        "manager": theirs.manager,
        "admin": org_admin,
        "outsider": outsider,
        "working parent": working_parent,
        "manager and professional": both,
        "parent of a child who left": former,
    }


@pytest.mark.parametrize(
    "who",
    [
        "parent",
        "professional",
        "manager",
        "admin",
        "outsider",
        "working parent",
        "manager and professional",
        "parent of a child who left",
    ],
)
def test_the_answers_asked_at_once_are_the_predicates_answers(people, ours, theirs, who):
    user = people[who]
    left = ChildFactory(family=ours.family)
    PlacementFactory(child=left, group=GroupFactory(location=ours.location), ended=True)
    children = [ours.child, theirs.child, left, *Child.objects.filter(family__guardians__user=user)]

    for child in children:
        assert _asked_at_once(user, child) == _asked_one_by_one(user, child), (who, child)


def test_the_answers_cost_no_query_once_remembered(ours, django_assert_num_queries):
    user = _fresh(ours.professional)
    access.scope_of(user)
    loaded = access.with_answers(user, Child.objects.filter(pk=ours.child.pk)).get()
    access.remember_answers(user, loaded)

    with django_assert_num_queries(0):
        answers = {question: predicate(user, loaded) for question, predicate in PREDICATES.items()}

    assert answers == {
        "work": True,
        "write": True,
        "parent": False,
        "conversation": True,
        "conversation_parent": False,
        "conversation_staff": True,
    }
