"""`config.kept_queries.kept_list`: a query built and compiled once, then run with other slot
values, loads exactly what building it anew loads; a query that cannot be kept so (its SQL
or other parameters change) is built every time."""

import datetime

import pytest
from django.db.models import Count, Prefetch
from django.utils import timezone

from config import kept_queries
from config.kept_queries import kept_list
from contacts.models import Booking, ConversationSlot
from families.models import Child, Guardian, Placement
from tests.factories import ChildFactory, GuardianFactory, PlacementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _nothing_kept():
    kept_queries.forget_kept_queries()
    yield
    kept_queries.forget_kept_queries()


def _kept_under(key: tuple, *slots: str):
    return kept_queries._kept_queries[("queryset", key, slots)]


class Counting:
    """A `build` that counts how often it was called."""

    def __init__(self, build):
        self.build, self.calls = build, 0

    def __call__(self, **slots):
        self.calls += 1
        return self.build(**slots)


def _children_with_much(child_id):
    """Select_related, an annotation, a subquery on the slot, a prefetch: what the child page does."""
    placements = Prefetch("placements", queryset=Placement.objects.select_related("group"), to_attr="placement_list")
    return (
        Child.objects.filter(family__children=child_id)
        .select_related("family")
        .annotate(guardians=Count("family__guardians", distinct=True))
        .prefetch_related(placements)
        .order_by("first_name")
    )


def _seen(children: list[Child]) -> list[tuple]:
    return [
        (
            child.pk,
            child.first_name,
            child.family.name,
            child.guardians,
            [(placement.pk, placement.group.name) for placement in child.placement_list],
        )
        for child in children
    ]


def test_a_kept_query_loads_what_a_fresh_one_loads(ours, theirs):
    sibling = ChildFactory(family=ours.family, first_name="Aafke")
    GuardianFactory(family=ours.family)
    PlacementFactory(child=sibling, group=ours.group)
    build = Counting(_children_with_much)
    for child in (ours.child, theirs.child, sibling, ours.child):
        kept = kept_list(("test", "family"), build, child_id=child.pk)
        assert _seen(kept) == _seen(list(_children_with_much(child.pk)))
    assert _seen(kept_list(("test", "family"), build, child_id=ours.child.pk))[0][3] == 2
    # Built three times for the first call (twice as given, once with another id), never again.
    assert build.calls == 3
    assert _kept_under(("test", "family"), "child_id") is not None


def test_a_kept_query_runs_as_one_query_with_its_prefetch(ours, django_assert_num_queries):
    kept_list(("test", "family"), _children_with_much, child_id=ours.child.pk)
    with django_assert_num_queries(2):
        children = kept_list(("test", "family"), _children_with_much, child_id=ours.child.pk)
    assert [child.placement_list[0].group for child in children] == [ours.group]


def test_a_time_slot_goes_where_the_time_goes_on_either_database(ours):
    starts = timezone.now() + datetime.timedelta(days=2)
    slot = ConversationSlot.objects.create(
        mentor=ours.professional, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1)
    )
    booking = Booking.objects.create(slot=slot, child=ours.child)

    def upcoming(now):
        return Booking.objects.filter(slot__starts_at__gte=now).select_related("slot")

    build = Counting(upcoming)
    for now, expected in (
        (starts - datetime.timedelta(days=1), [booking]),
        (starts + datetime.timedelta(seconds=1), []),
        (starts, [booking]),
        (starts - datetime.timedelta(microseconds=1), [booking]),
    ):
        assert kept_list(("test", "upcoming"), build, now=now) == expected
    assert build.calls == 3


def test_a_sliced_query_keeps_its_limit(ours):
    for number in range(4):
        GuardianFactory(family=ours.family, first_name=f"Gast{number}")
    build = Counting(
        lambda family_id: Guardian.objects.filter(family_id=family_id, first_name__startswith="Gast").order_by(
            "first_name"
        )[:3]
    )
    assert [guardian.first_name for guardian in kept_list(("test", "three"), build, family_id=ours.family.pk)] == [
        "Gast0",
        "Gast1",
        "Gast2",
    ]
    assert len(kept_list(("test", "three"), build, family_id=ours.family.pk)) == 3


def test_a_query_that_reads_the_clock_itself_is_built_every_time(ours):
    build = Counting(lambda child_id: Child.objects.filter(pk=child_id, family__created_at__lte=timezone.now()))
    for _ in range(3):
        assert kept_list(("test", "clock"), build, child_id=ours.child.pk) == [ours.child]
    assert _kept_under(("test", "clock"), "child_id") is None
    assert build.calls == 2 + 3  # twice to find out, then once per call


def test_a_slot_the_database_takes_in_another_form_is_not_kept(ours):
    """A pattern around the value is not the value: the query is built every time."""
    build = Counting(lambda name: Child.objects.filter(first_name__icontains=name))
    assert kept_list(("test", "pattern"), build, name="kind") != []
    assert _kept_under(("test", "pattern"), "name") is None
    assert kept_list(("test", "pattern"), build, name="nobody") == []


def test_a_slot_whose_value_changes_the_sql_is_not_kept(ours, theirs):
    def build(child_id):
        children = Child.objects.filter(pk=child_id)
        return children.exclude(first_name="") if str(child_id) == str(ours.child.pk) else children

    assert kept_list(("test", "shape"), build, child_id=ours.child.pk) == [ours.child]
    assert _kept_under(("test", "shape"), "child_id") is None
    assert kept_list(("test", "shape"), build, child_id=theirs.child.pk) == [theirs.child]


def test_a_value_of_another_kind_is_built_as_usual(ours):
    build = Counting(lambda family_id: Guardian.objects.filter(family_id=family_id))
    kept_list(("test", "kind"), build, family_id=ours.family.pk)
    assert kept_list(("test", "kind"), build, family_id=str(ours.family.pk)) == list(ours.family.guardians.all())
    assert build.calls == 3 + 1


def test_an_empty_query_is_kept_as_empty_and_asks_the_database_nothing(ours, django_assert_num_queries):
    build = Counting(lambda child_id: Child.objects.none())
    assert kept_list(("test", "none"), build, child_id=ours.child.pk) == []
    with django_assert_num_queries(0):
        assert kept_list(("test", "none"), build, child_id=ours.child.pk) == []
    assert build.calls == 3
    assert _kept_under(("test", "none"), "child_id") is not None


def test_a_changed_setting_forgets_what_was_kept(ours, settings):
    kept_list(("test", "family"), _children_with_much, child_id=ours.child.pk)
    settings.CONTACT_DEFAULT_EVERY_WEEKS = 3
    assert not kept_queries._kept_queries


def test_the_store_is_bounded_and_lets_the_least_recently_used_go(ours, monkeypatch):
    monkeypatch.setattr(kept_queries, "KEPT_QUERIES_MAX", 3)
    build = Counting(lambda child_id: Child.objects.filter(pk=child_id))
    for number in (1, 2, 3, 1, 4, 1, 5):
        assert kept_list(("test", number), build, child_id=ours.child.pk) == [ours.child]
        assert len(kept_queries._kept_queries) <= 3
    assert [key[1][1] for key in kept_queries._kept_queries] == [4, 1, 5]
    assert build.calls == 5 * 3  # five made (twice, and once with another id); 1 never again


def test_values_values_lists_and_a_union_are_kept_as_django_loads_them(ours, theirs):
    def dicts(family_id):
        return Guardian.objects.filter(family_id=family_id).values("pk", "family__name").order_by("pk")

    def tuples(family_id):
        return Guardian.objects.filter(family_id=family_id).values_list("pk", "first_name").order_by("pk")

    def flat(family_id):
        return Guardian.objects.filter(family_id=family_id).values_list("pk", flat=True).order_by("pk")

    def union(family_id):
        children = Child.objects.filter(family_id=family_id).order_by().values_list("first_name")
        return (
            Guardian.objects.filter(family_id=family_id).order_by().values_list("first_name").union(children, all=True)
        )

    GuardianFactory(family=ours.family)
    for build in (dicts, tuples, flat, union):
        for side in (ours, theirs, ours):
            kept = kept_list(("test", build.__name__), build, family_id=side.family.pk)
            fresh = list(build(side.family.pk))
            assert kept
            if build is union:  # which has no order
                kept, fresh = sorted(kept), sorted(fresh)
            assert kept == fresh
            assert type(kept[0]) is type(fresh[0])
        assert _kept_under(("test", build.__name__), "family_id") is not None
