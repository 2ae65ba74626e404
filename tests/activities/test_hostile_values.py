"""Values no form offers, in the query string or a button's post, answer without a 500.

Found by tests/test_hostile_input.py: "²" is a digit to str.isdigit() but not to int(), and
PostgreSQL refuses a NUL character in a query parameter.
"""

import pytest
from django.urls import reverse

from tests.activities.factories import HomeActivityFactory, ThemeWordFactory
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_library_ignores_a_filter_that_is_not_a_number(ours):
    response = client_for(ours.professional).get(reverse("activities:library"), {"theme": "²", "goal": "²", "age": "²"})

    assert response.status_code == 200
    assert response.context["filters"].theme is None


def test_the_library_search_drops_a_nul_character(ours):
    response = client_for(ours.professional).get(reverse("activities:library"), {"q": "vo\x00orlezen"})

    assert response.status_code == 200
    assert response.context["filters"].search == "voorlezen"


def test_a_theme_for_a_group_that_is_not_a_number_answers_404(ours):
    theme = ThemeWordFactory().theme

    response = client_for(ours.professional).get(reverse("activities:theme_detail", args=[theme.pk]), {"group": "²"})

    assert response.status_code == 404


def test_handing_out_for_a_group_that_is_not_a_number_answers_404(ours):
    response = client_for(ours.professional).get(reverse("activities:hand_out"), {"group": "²"})

    assert response.status_code == 404


def test_withdrawing_with_a_group_to_return_to_that_is_not_a_number_still_withdraws(ours):
    home_activity = HomeActivityFactory(group=ours.group, handed_out_by=ours.professional)
    url = reverse("activities:home_activity_withdraw", args=[home_activity.pk])

    response = client_for(ours.professional).post(url, {"group": "²"})

    assert response.status_code == 302
