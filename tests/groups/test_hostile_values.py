"""A posted value no form offers answers without a 500 (found by tests/test_hostile_input.py:
"²" is a digit to str.isdigit() but not to int())."""

import pytest
from django.urls import reverse

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_reassigning_to_a_mentor_id_that_is_not_a_number_is_refused_with_a_message(ours):
    placement = ours.child.placements.get()
    url = reverse("groups:mentor_reassign", args=[ours.group.pk, placement.pk])

    response = client_for(ours.manager).post(url, {"mentor": "²"})

    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.mentor == ours.professional
