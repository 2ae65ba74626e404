"""Two-factor authentication: required for staff where the setting says so, asked at login."""

import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from tests.conftest import client_for

pytestmark = pytest.mark.django_db

STAFF_ROLES = ["professional", "manager", "org_admin"]


@pytest.fixture(autouse=True)
def _tolerate_a_code_from_the_previous_period(settings):
    # A test that crosses a 30-second boundary between making and checking a code must not fail.
    settings.MFA_TOTP_TOLERANCE = 1


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED_FOR_STAFF = True


@pytest.fixture
def users(ours, org_admin) -> dict:
    return {
        "professional": ours.professional,
        "manager": ours.manager,
        "org_admin": org_admin,
        "parent": ours.parent,
    }


def _app_pages(ours) -> list[str]:
    return [
        reverse("home"),
        reverse("groups:staff_home"),
        reverse("groups:manager_home"),
        reverse("groups:group_detail", args=[ours.group.pk]),
        reverse("families:parent_home"),
        reverse("families:child_detail", args=[ours.child.pk]),
        reverse("admin:index"),
        reverse("admin:families_child_changelist"),
    ]


def _logged_in(user) -> Client:
    """Log in through the login form: allauth then counts the login as recent (see reauthenticate)."""
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": settings.DEMO_PASSWORD})
    assert response.status_code == 302
    return client


def _current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def _a_wrong_code(secret: str) -> str:
    now = int(time.time()) // mfa_settings.TOTP_PERIOD
    valid = {format_hotp_value(hotp_value(secret, now + step)) for step in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in valid)


# --- Required for staff ------------------------------------------------------------------


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_without_an_authenticator_are_sent_to_the_set_up_from_every_app_page(mfa_required, users, ours, role):
    user = users[role]
    user.is_staff = True  # so that the admin would let them in
    user.save()
    client = client_for(user)

    for url in _app_pages(ours):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == reverse("mfa_activate_totp"), url


def _reauthenticate(client: Client) -> None:
    # allauth asks for the password again before 2FA can be set up, even right after login.
    response = client.post(reverse("account_reauthenticate"), {"password": settings.DEMO_PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_are_sent_to_the_set_up_right_after_logging_in(mfa_required, users, role):
    response = _logged_in(users[role]).get("/", follow=True)

    assert response.status_code == 200
    visited = [url for url, _ in response.redirect_chain]
    assert reverse("mfa_activate_totp") in visited
    assert visited[-1] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_set_up_two_factor_right_after_login_without_typing_their_password_again(mfa_required, users, role):
    response = _logged_in(users[role]).get("/", follow=True)

    assert response.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    assert response.status_code == 200
    assert "code" in response.context["form"].fields


def test_a_session_without_a_recent_password_login_must_confirm_the_password(mfa_required, ours):
    response = client_for(ours.professional).get(reverse("mfa_activate_totp"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))


def test_removing_two_factor_later_still_asks_for_the_password(ours):
    TOTP.activate(ours.professional, generate_totp_secret())
    client = client_for(ours.professional)

    response = client.get(reverse("mfa_deactivate_totp"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_without_an_authenticator_can_still_reach_the_account_pages(mfa_required, users, role):
    client = _logged_in(users[role])

    for name in ("account_reauthenticate", "mfa_index", "account_change_password"):
        assert client.get(reverse(name)).status_code == 200, name
    _reauthenticate(client)
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    assert client.get(reverse("healthz")).status_code == 200
    assert client.post(reverse("set_language"), {"language": "en"}).status_code == 302


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_without_an_authenticator_can_log_out(mfa_required, users, role):
    client = client_for(users[role])

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_a_professional_can_activate_totp_on_the_set_up_page(mfa_required, ours):
    client = _logged_in(ours.professional)
    _reauthenticate(client)
    page = client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    assert page.status_code == 200

    response = client.post(reverse("mfa_activate_totp"), {"code": _current_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=ours.professional, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("groups:staff_home")).status_code == 200


def test_a_parent_is_not_sent_to_the_set_up(mfa_required, ours):
    client = client_for(ours.parent)

    assert client.get(reverse("families:parent_home")).status_code == 200
    assert client.get(reverse("families:child_detail", args=[ours.child.pk])).status_code == 200
    assert client.get("/").url == reverse("families:parent_home")


def test_a_user_without_a_role_is_not_sent_to_the_set_up(mfa_required, outsider):
    assert client_for(outsider).get("/").status_code == 200


def test_an_anonymous_visitor_is_sent_to_the_login_not_the_set_up(mfa_required, db):
    response = Client().get(reverse("groups:staff_home"))
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_with_a_totp_authenticator_reach_their_pages(mfa_required, users, ours, role):
    TOTP.activate(users[role], generate_totp_secret())
    client = client_for(users[role])

    response = client.get("/", follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] != reverse("mfa_activate_totp")
    assert client.get(reverse("groups:group_detail", args=[ours.group.pk])).status_code == 200


def test_recovery_codes_alone_do_not_count_as_two_factor(mfa_required, ours):
    Authenticator.objects.create(user=ours.professional, type=Authenticator.Type.RECOVERY_CODES, data={})
    response = client_for(ours.professional).get(reverse("groups:staff_home"))
    assert response.url == reverse("mfa_activate_totp")


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_with_the_setting_off_nobody_is_sent_to_the_set_up(settings, users, role):
    settings.MFA_REQUIRED_FOR_STAFF = False
    client = client_for(users[role])

    response = client.get("/", follow=True)

    assert response.status_code == 200
    assert all(url != reverse("mfa_activate_totp") for url, _ in response.redirect_chain)


def test_the_setting_is_off_in_local_mode():
    assert settings.MFA_REQUIRED_FOR_STAFF is False


# --- Asked at login --------------------------------------------------------------------------


def test_login_with_a_totp_authenticator_asks_for_the_code(ours):
    secret = generate_totp_secret()
    TOTP.activate(ours.professional, secret)
    client = Client()

    response = client.post(
        reverse("account_login"), {"login": ours.professional.email, "password": settings.DEMO_PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert SESSION_KEY not in client.session, "not logged in before the code"
    assert client.get(reverse("groups:staff_home")).status_code == 302

    wrong = client.post(reverse("mfa_authenticate"), {"code": _a_wrong_code(secret)})
    assert wrong.status_code == 200
    assert SESSION_KEY not in client.session

    right = client.post(reverse("mfa_authenticate"), {"code": _current_code(secret)})
    assert right.status_code == 302
    assert client.session[SESSION_KEY] == str(ours.professional.pk)
    assert client.get(reverse("groups:staff_home")).status_code == 200


def test_login_without_an_authenticator_asks_no_code(ours):
    response = Client().post(reverse("account_login"), {"login": ours.parent.email, "password": settings.DEMO_PASSWORD})
    assert response.url in (reverse("home"), reverse("families:consent_overview")), "no code stage in between"
