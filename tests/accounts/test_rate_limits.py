"""Guessing passwords is slowed down: allauth's rate limits, kept in the database cache."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import english_client_for

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many failed login attempts"


def _log_in(client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_after_five_wrong_passwords_even_the_right_one_is_refused_for_a_while(ours):
    client = english_client_for(None)
    for _attempt in range(5):
        response = _log_in(client, ours.professional.email, "not-the-password")
        assert response.status_code == 200
        assert TOO_MANY not in response.content.decode()

    response = _log_in(client, ours.professional.email, settings.DEMO_PASSWORD)

    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_limit_is_per_account_so_another_user_can_still_log_in(ours):
    client = english_client_for(None)
    for _attempt in range(5):
        _log_in(client, ours.professional.email, "not-the-password")

    response = _log_in(client, ours.parent.email, settings.DEMO_PASSWORD)

    assert response.status_code == 302


def test_the_django_admin_logs_in_through_the_same_limited_login(org_admin):
    client = english_client_for(None)
    for _attempt in range(5):
        _log_in(client, org_admin.email, "not-the-password")

    admin_login = client.get(reverse("admin:login"))
    assert admin_login.status_code == 302
    assert admin_login.url.startswith(reverse("account_login"))
    response = _log_in(client, org_admin.email, settings.DEMO_PASSWORD)
    assert TOO_MANY in response.content.decode()


def test_password_reset_mails_for_one_address_are_limited(ours, mailoutbox):
    client = english_client_for(None)
    answers = [
        client.post(reverse("account_reset_password"), {"email": ours.parent.email}).status_code for _ in range(7)
    ]

    assert len(mailoutbox) == 5
    assert answers[-1] == 429
