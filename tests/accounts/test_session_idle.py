"""Sessions end after a while without activity: short for staff (shared computers), long for parents."""

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time

from accounts.middleware import SEEN_KEY
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

START = "2026-11-02 09:00:00"


@pytest.fixture(autouse=True)
def _idle_limits(settings):
    settings.SESSION_IDLE_MINUTES_STAFF = 120
    settings.SESSION_IDLE_DAYS_PARENTS = 14


def _logged_in(user) -> Client:
    with freeze_time(START):
        return client_for(user, language="en")


def test_a_professional_who_was_away_longer_than_the_limit_must_log_in_again(ours):
    client = _logged_in(ours.professional)

    with freeze_time("2026-11-02 11:00:01"):
        response = client.get(reverse("groups:staff_home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert SESSION_KEY not in client.session
    login_page = client.get(response.url)
    assert "logged out to keep the children" in login_page.content.decode()


def test_a_professional_who_keeps_working_stays_logged_in(ours):
    client = _logged_in(ours.professional)

    for moment in ("2026-11-02 10:30:00", "2026-11-02 12:15:00", "2026-11-02 14:00:00"):
        with freeze_time(moment):
            assert client.get(reverse("groups:staff_home")).status_code == 200


def test_a_parent_stays_logged_in_for_days_but_not_beyond_their_limit(ours):
    client = _logged_in(ours.parent)

    with freeze_time("2026-11-12 09:00:00"):
        assert client.get(reverse("families:parent_home")).status_code == 200
    with freeze_time("2026-11-26 09:00:01"):
        response = client.get(reverse("families:parent_home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_activity_is_written_at_most_once_a_minute(ours):
    client = _logged_in(ours.professional)
    with freeze_time("2026-11-02 09:00:30"):
        client.get(reverse("groups:staff_home"))
        assert client.session[SEEN_KEY] == 1793610000  # still the login's second

    with freeze_time("2026-11-02 09:01:00"):
        client.get(reverse("groups:staff_home"))
        assert client.session[SEEN_KEY] == 1793610060


def test_logging_in_through_the_login_form_starts_the_clock(ours):
    client = Client()
    with freeze_time(START):
        client.post(reverse("account_login"), {"login": ours.parent.email, "password": settings.DEMO_PASSWORD})
        assert client.session[SEEN_KEY] == 1793610000
