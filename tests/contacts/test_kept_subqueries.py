"""The contact status's subqueries are compiled once per process (`config.expressions.
KeptSubquery`): wherever they stand, the SQL they give from the store is the SQL Django would
have compiled for that place, so no query is ever given another query's subquery."""

import datetime

import pytest
from django.db.models import F
from django.utils import timezone
from freezegun import freeze_time

from config import expressions
from contacts import reminders, selectors
from contacts.selectors import contact_status, due_by, out_of_sight_by, with_contact_status
from families.models import Child, Placement
from tests.contacts.factories import ContactMomentFactory
from tests.factories import ChildFactory, PlacementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _nothing_kept():
    expressions._kept_subqueries.clear()
    yield
    expressions._kept_subqueries.clear()


def _today():
    return timezone.localdate()


# Every shape the status takes in the code: on children and on placements, selected, filtered,
# read as values, with and without the joins select_related adds, and inside another query.
SHAPES = {
    "children": lambda: with_contact_status(Child.objects.all()),
    "children with family": lambda: with_contact_status(Child.objects.select_related("family")),
    "placements": lambda: with_contact_status(Placement.objects.all(), child="child"),
    "placements with child": lambda: with_contact_status(
        Placement.objects.select_related("child", "group"), child="child"
    ),
    "placements due": lambda: with_contact_status(Placement.objects.all(), child="child").filter(due_by(_today())),
    "children out of sight": lambda: with_contact_status(Child.objects.all()).filter(out_of_sight_by(_today())),
    "placement values": lambda: (
        with_contact_status(Placement.objects.all(), child="child")
        .annotate(contact_since=F("contact_since"))
        .values("child_id", "contact_since")
    ),
    "children inside another query": lambda: Placement.objects.filter(
        child__in=with_contact_status(Child.objects.all()).filter(last_contact_on__isnull=True).values("pk")
    ),
    "reminders": lambda: reminders._mentor_placements(_today()).filter(
        pk__in=with_contact_status(reminders._mentor_placements(_today()), child="child").values("pk")
    ),
}


def _sql(shape) -> str:
    sql, params = shape().query.sql_with_params()
    return f"{sql} {[str(param) for param in params]}"


def test_a_kept_subquery_gives_the_sql_django_compiles_in_every_place():
    fresh = {}
    for name, shape in SHAPES.items():
        expressions._kept_subqueries.clear()
        fresh[name] = _sql(shape)
    expressions._kept_subqueries.clear()
    for _ in range(2):  # filled by all the shapes in turn, then read again
        for name, shape in SHAPES.items():
            assert _sql(shape) == fresh[name], name
    assert expressions._kept_subqueries  # it was used


def test_a_new_day_compiles_anew():
    today = _sql(SHAPES["placements"])
    with freeze_time(timezone.now() + datetime.timedelta(days=1)):
        tomorrow = _sql(SHAPES["placements"])
    assert today != tomorrow
    assert str(_today() + datetime.timedelta(days=1)) in tomorrow


def test_the_routine_setting_is_part_of_the_key(settings):
    settings.CONTACT_DEFAULT_EVERY_WEEKS = 6
    six = _sql(SHAPES["placements due"])
    settings.CONTACT_DEFAULT_EVERY_WEEKS = 9
    nine = _sql(SHAPES["placements due"])
    assert six != nine
    expressions._kept_subqueries.clear()
    assert _sql(SHAPES["placements due"]) == nine


def test_the_status_read_from_kept_sql_follows_the_data(settings):
    placement = PlacementFactory(start_date=_today() - datetime.timedelta(days=70))
    settings.CONTACT_DEFAULT_EVERY_WEEKS = 6
    child = with_contact_status(Child.objects.filter(pk=placement.child_id)).get()
    assert contact_status(child).is_overdue
    ContactMomentFactory(child=placement.child, occurred_at=timezone.now())
    child = with_contact_status(Child.objects.filter(pk=placement.child_id)).get()
    assert not contact_status(child).is_overdue
    assert child.last_contact_on == _today()
    other = ChildFactory()
    assert with_contact_status(Child.objects.filter(pk=other.pk)).get().last_contact_on is None


def test_a_full_store_starts_afresh(monkeypatch):
    monkeypatch.setattr(expressions, "KEPT_SUBQUERIES_MAX", 3)
    for shape in SHAPES.values():
        _sql(shape)
        assert len(expressions._kept_subqueries) <= 3


def test_the_staff_homes_due_list_is_unchanged(ours):
    """The real list, through the kept subqueries: the mentor's overdue child."""
    ours.child.placements.update(start_date=_today() - datetime.timedelta(weeks=30))
    assert [placement.child for placement in selectors.contact_due_for_mentor(ours.professional)] == [ours.child]
