"""/healthz: 200 while the database answers; the broker's state is reported, not required."""

import time
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

# Nothing listens on port 1 of the loopback interface: connecting is refused at once.
CLOSED_PORT_URL = "redis://127.0.0.1:1/0"


@pytest.fixture
def no_redis(settings):
    settings.REDIS_URL = None


def test_it_answers_200_with_json_when_the_database_answers(no_redis):
    response = Client().get(reverse("healthz"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok", "broker": "in-process"}


def test_it_needs_no_login_and_sets_no_session_cookie(no_redis):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert not response.cookies


def test_it_is_never_cached(no_redis):
    response = Client().get(reverse("healthz"))
    assert "no-cache" in response["Cache-Control"]


def test_it_reports_the_broker_in_process_without_redis_url(no_redis):
    assert Client().get(reverse("healthz")).json()["broker"] == "in-process"


def test_it_still_answers_200_quickly_when_redis_is_down(settings):
    settings.REDIS_URL = CLOSED_PORT_URL

    started = time.monotonic()
    response = Client().get(reverse("healthz"))
    seconds = time.monotonic() - started

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "down"}
    assert seconds < 2, f"took {seconds:.1f} s"


def test_it_answers_503_when_the_database_is_down(no_redis):
    with mock.patch("config.views._database_state", return_value="down"):
        response = Client().get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "down", "broker": "in-process"}


def test_it_answers_503_when_the_database_cursor_raises(no_redis):
    with mock.patch("config.views.connection") as connection:
        connection.cursor.side_effect = OperationalError("could not connect to server")
        response = Client().get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_it_only_answers_get(no_redis):
    assert Client().post(reverse("healthz")).status_code == 405
