"""Query values no link offers answer without a 500 (found by tests/test_hostile_input.py:
"²" is a digit to str.isdigit() but not to int())."""

import pytest
from django.urls import reverse

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_timeline_ignores_a_domain_that_is_not_a_number(ours):
    url = reverse("portfolios:timeline", args=[ours.child.pk])

    response = client_for(ours.professional).get(url, {"domain": "²"})

    assert response.status_code == 200


def test_a_new_review_ignores_a_conversation_that_is_not_a_number(ours):
    url = reverse("portfolios:review_new", args=[ours.child.pk])

    response = client_for(ours.professional).get(url, {"contact": "²"})

    assert response.status_code == 200
