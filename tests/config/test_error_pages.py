"""Error pages in the house style, in the user's language, without internals."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import client_for

pytestmark = pytest.mark.django_db

INTERNALS = ("Traceback", "secret-internal-detail", "RuntimeError", "settings.py", "Django", "DEBUG")


@pytest.fixture(autouse=True)
def _production_like(settings):
    settings.DEBUG = False


def test_a_page_that_does_not_exist_answers_with_the_house_404(ours):
    response = client_for(ours.parent).get("/no/such/page/")

    assert response.status_code == 404
    body = response.content.decode()
    assert 'class="navbar' in body
    assert reverse("home") in body
    assert not any(word in body for word in INTERNALS)


def test_a_foreign_child_answers_the_same_404_as_a_missing_one(ours, theirs):
    client = client_for(ours.parent)
    foreign = client.get(reverse("families:child_detail", args=[theirs.child.pk]))
    missing = client.get("/no/such/page/")

    assert foreign.status_code == missing.status_code == 404
    assert theirs.child.first_name not in foreign.content.decode()


def test_a_forbidden_page_answers_with_the_house_403_in_english_when_chosen(ours):
    response = client_for(ours.parent, language="en").get(reverse("groups:staff_home"))

    assert response.status_code == 403
    body = response.content.decode()
    assert "No access" in body
    assert 'class="navbar' in body
    assert not any(word in body for word in INTERNALS)


@pytest.mark.urls("tests.config.urls_failing")
def test_a_failure_answers_with_the_500_page_without_internals_and_logs_only_the_path(ours, caplog):
    client = Client(raise_request_exception=False)
    client.force_login(ours.parent)

    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/failing/")

    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong" in body
    assert "Er ging iets mis" in body
    assert not any(word in body for word in INTERNALS)
    assert [record.getMessage() for record in caplog.records] == ["Internal Server Error: /failing/"]
