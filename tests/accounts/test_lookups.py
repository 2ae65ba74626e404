"""`<integer field>__in` with numbers the database cannot hold (accounts/lookups.py)."""

import pytest

from contacts.models import Topic

pytestmark = pytest.mark.django_db


def test_a_number_larger_than_the_database_holds_matches_nothing_in_an_in_lookup():
    topic = Topic.objects.create(name="Een onderwerp voor deze test")

    assert list(Topic.objects.filter(pk__in=[10**30])) == []
    assert list(Topic.objects.filter(pk__in=[topic.pk, -(10**30)])) == [topic]


def test_an_in_lookup_with_a_subquery_is_left_alone():
    topic = Topic.objects.create(name="Een onderwerp voor deze test")
    same = Topic.objects.filter(name=topic.name).values("pk")

    assert list(Topic.objects.filter(pk__in=same)) == [topic]
