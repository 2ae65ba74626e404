"""`access.kept_sql`: the user-scoped rules (the access rule, the navigation's counts) are
compiled once per process for a user, their scope, the day and the grace period, and a change
to any of those compiles anew, so that nobody is ever answered with another scope's SQL."""

import datetime

import pytest
from django.db.models import Count
from django.utils import timezone
from freezegun import freeze_time

from accounts import access
from accounts.models import User
from config.expressions import KeptCount, counted, run_count
from families.models import Child
from groups.models import Group, StaffAssignment
from notifications.models import Notification
from tests.factories import PlacementFactory, StaffAssignmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _nothing_kept():
    access._kept_sql.clear()
    yield
    access._kept_sql.clear()


def _fresh(user: User) -> User:
    """The same user as a new request loads it: no scope or answers on the object."""
    return User.objects.get(pk=user.pk)


def _visible(user: User) -> set[Child]:
    return set(Child.objects.visible_to(_fresh(user)))


@pytest.fixture
def builds(monkeypatch) -> list[tuple]:
    """The roles `_visible_children` was asked to build the rule for."""
    asked = []
    build = access._visible_children

    def counting(user, scope, *roles):
        asked.append(roles)
        return build(user, scope, *roles)

    monkeypatch.setattr(access, "_visible_children", counting)
    return asked


def test_the_rule_is_built_once_for_requests_of_the_same_user(ours, theirs, builds):
    for _ in range(3):
        assert _visible(ours.professional) == {ours.child}
    assert len(builds) == 1
    assert _visible(theirs.professional) == {theirs.child}
    assert len(builds) == 2


def test_each_role_keeps_its_own_rule(ours, theirs, org_admin, outsider):
    # Asked in turn, several times: each answer is the user's own, never the one kept before it.
    for _ in range(2):
        assert _visible(ours.professional) == {ours.child}
        assert _visible(theirs.professional) == {theirs.child}
        assert _visible(ours.manager) == {ours.child}
        assert _visible(ours.parent) == {ours.child}
        assert _visible(theirs.parent) == {theirs.child}
        assert _visible(org_admin) == {ours.child, theirs.child}
        assert _visible(outsider) == set()


def test_a_new_assignment_is_a_new_rule(ours, theirs, builds):
    assert _visible(ours.professional) == {ours.child}
    StaffAssignmentFactory(user=ours.professional, group=theirs.group, role=StaffAssignment.Role.PROFESSIONAL)
    assert _visible(ours.professional) == {ours.child, theirs.child}
    assert len(builds) == 2
    StaffAssignment.objects.filter(user=ours.professional, group=ours.group).delete()
    assert _visible(ours.professional) == {theirs.child}


def test_a_new_day_is_a_new_rule(ours):
    # The child left yesterday: the parents keep reading for the grace period, then no more.
    ours.child.placements.update(end_date=timezone.localdate() - datetime.timedelta(days=1))
    assert _visible(ours.parent) == {ours.child}
    with freeze_time(timezone.now() + datetime.timedelta(days=40)):
        assert _visible(ours.parent) == set()
    assert _visible(ours.parent) == {ours.child}


def test_the_grace_period_is_part_of_the_key(ours, settings):
    ours.child.placements.update(end_date=timezone.localdate() - datetime.timedelta(days=3))
    settings.GUARDIAN_ACCESS_GRACE_DAYS = 30
    assert _visible(ours.parent) == {ours.child}
    settings.GUARDIAN_ACCESS_GRACE_DAYS = 0
    assert _visible(ours.parent) == set()


def test_the_rule_runs_on_current_data(ours, theirs):
    """Only the SQL is kept: a child placed in the group later is seen at once."""
    assert _visible(ours.professional) == {ours.child}
    PlacementFactory(child=theirs.child, group=ours.group)
    assert _visible(ours.professional) == {ours.child, theirs.child}


def test_a_full_store_starts_afresh(ours, theirs, monkeypatch):
    monkeypatch.setattr(access, "KEPT_SQL_MAX", 2)
    for user in (ours.professional, theirs.professional, ours.parent, theirs.parent):
        _visible(user)
        assert len(access._kept_sql) <= 2
    assert _visible(ours.professional) == {ours.child}


def test_nothing_to_select_is_kept_as_none(outsider):
    kept = access.kept_sql(_fresh(outsider), ("nothing",), Notification.objects.none)
    assert kept is None
    assert run_count(kept) == 0
    assert Group.objects.annotate(n=KeptCount(kept)).filter(n=0).count() == Group.objects.count()


def test_a_kept_count_follows_the_data_and_stays_out_of_group_by(ours, theirs):
    """In a query that groups (here by group, counting placements), the kept count correlates
    with nothing and is not grouped by: PostgreSQL with server-side parameters would refuse a
    parameter in both SELECT and GROUP BY."""
    user = _fresh(ours.parent)
    unread = access.kept_sql(
        user,
        ("unread_notifications",),
        lambda: counted(Notification.objects.filter(recipient=user, read_at=None)),
        scoped=False,
    )
    assert run_count(unread) == 0
    Notification.objects.create(recipient=ours.parent, kind="message", subject="a", on_date=timezone.localdate())
    Notification.objects.create(recipient=theirs.parent, kind="message", subject="b", on_date=timezone.localdate())
    assert run_count(unread) == 1
    groups = Group.objects.annotate(placed=Count("placements"), unread=KeptCount(unread)).order_by("pk")
    assert "GROUP BY" in str(groups.query)
    assert "COALESCE" not in str(groups.query).split("GROUP BY")[1]
    assert [(group.placed, group.unread) for group in groups] == [(1, 1), (1, 1)]


def test_the_rule_keeps_the_childrens_ordering(ours):
    """On purpose (see access._rule): PostgreSQL then plans the rule apart instead of pulling
    it up into the outer query's joins, where its estimates went far wrong."""
    rule = str(Child.objects.visible_to(_fresh(ours.professional)).query)
    assert "ORDER BY" in rule.split(" IN (", 1)[1]
