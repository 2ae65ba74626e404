"""The front door: role homes, logging in and out, passwords, closed sign-up, the language switch."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from families.models import Consent
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-fresh-Password-4-test"


def _login(client: Client, email: str, password: str = settings.DEMO_PASSWORD, *, follow: bool = False):
    return client.post(reverse("account_login"), {"login": email, "password": password}, follow=follow)


def _user_id_in_session(client: Client) -> str | None:
    return client.session.get(SESSION_KEY)


# --- The home page sends each role to its own home -------------------------------


def test_home_requires_login(db):
    response = Client().get("/")
    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=/"


@pytest.mark.parametrize(
    ("role", "home"),
    [
        ("professional", "groups:staff_home"),
        ("parent", "families:parent_home"),
        ("manager", "groups:manager_home"),
    ],
)
def test_home_sends_each_role_to_its_own_home(ours, role, home):
    response = client_for(getattr(ours, role)).get("/")
    assert response.status_code == 302
    assert response.url == reverse(home)


def test_home_sends_the_organisation_admin_to_the_manager_home(org_admin):
    response = client_for(org_admin).get("/")
    assert response.url == reverse("groups:manager_home")


def test_home_shows_a_user_without_a_role_the_no_role_page(ours, outsider):
    response = client_for(outsider).get("/")

    assert response.status_code == 200
    assert "accounts/no_role.html" in [t.name for t in response.templates]
    assert ours.child.first_name not in response.content.decode()


def test_a_manager_who_is_also_a_parent_lands_on_the_manager_home(ours, theirs):
    from tests.factories import GuardianFactory

    GuardianFactory(user=ours.manager, family=theirs.family)
    response = client_for(ours.manager).get("/")
    assert response.url == reverse("groups:manager_home")


# --- Logging in and out -------------------------------------------------------------


def test_the_login_page_asks_for_email_and_password(db):
    response = Client().get(reverse("account_login"))

    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="login"' in content
    assert 'type="email"' in content
    assert 'name="password"' in content


@pytest.mark.parametrize(
    ("role", "home"),
    [
        ("professional", "groups:staff_home"),
        ("parent", "families:parent_home"),
        ("manager", "groups:manager_home"),
    ],
)
def test_each_role_logs_in_with_email_and_password_and_lands_on_its_home(ours, role, home):
    user = getattr(ours, role)
    if role == "parent":
        # A parent who answered the consent questions goes straight home.
        for kind in Consent.Kind.values[:3]:
            Consent.objects.create(child=ours.child, kind=kind, given=True, decided_by=user)
    client = Client()

    response = _login(client, user.email, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse(home)
    assert _user_id_in_session(client) == str(user.pk)


def test_a_parent_with_unanswered_consents_is_asked_for_them_right_after_login(ours):
    response = _login(Client(), ours.parent.email, follow=True)

    assert response.redirect_chain[-1][0] == reverse("families:consent_overview")


def test_login_ignores_the_case_of_the_email_address(ours):
    client = Client()
    response = _login(client, ours.parent.email.upper())
    assert response.status_code == 302
    assert _user_id_in_session(client) == str(ours.parent.pk)


def test_login_follows_a_safe_next_url(ours):
    client = Client()
    target = reverse("families:child_detail", args=[ours.child.pk])
    response = client.post(
        reverse("account_login"),
        {"login": ours.parent.email, "password": settings.DEMO_PASSWORD, "next": target},
    )
    assert response.url == target


def test_a_wrong_password_shows_a_form_error_and_keeps_the_typed_email(ours):
    client = Client()

    response = _login(client, ours.parent.email, "not-the-password")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    content = response.content.decode()
    assert f'value="{ours.parent.email}"' in content
    assert "not-the-password" not in content
    assert _user_id_in_session(client) is None


def test_an_unknown_email_cannot_log_in(db):
    client = Client()
    response = _login(client, "nobody@example.test")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert _user_id_in_session(client) is None


def test_an_inactive_user_cannot_log_in(ours):
    ours.parent.is_active = False
    ours.parent.save()
    client = Client()

    _login(client, ours.parent.email)

    assert _user_id_in_session(client) is None


def test_an_invited_user_without_a_password_cannot_log_in(db):
    User.objects.create_user(email="invited@example.test")
    client = Client()

    response = _login(client, "invited@example.test", "")

    assert response.status_code == 200
    assert _user_id_in_session(client) is None


def test_logging_out_by_post_ends_the_session(ours):
    client = client_for(ours.parent)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert _user_id_in_session(client) is None
    assert client.get(reverse("families:parent_home")).status_code == 302


def test_a_get_to_logout_asks_for_confirmation_and_does_not_log_out(ours):
    client = client_for(ours.parent)

    response = client.get(reverse("account_logout"))

    assert response.status_code == 200
    assert 'method="post"' in response.content.decode()
    assert _user_id_in_session(client) == str(ours.parent.pk)


# --- Passwords -------------------------------------------------------------------------


def _link_in(message) -> str:
    match = re.search(r"https?://\S+", message.body)
    assert match, message.body
    return match.group(0)


def test_a_password_reset_mails_a_link_that_sets_a_new_password(ours):
    client = Client()

    response = client.post(reverse("account_reset_password"), {"email": ours.parent.email})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [ours.parent.email]
    link = _link_in(mail.outbox[0])
    assert "/accounts/password/reset/key/" in link

    page = client.get(link, follow=True)
    assert page.status_code == 200
    set_url = page.redirect_chain[-1][0]
    response = client.post(set_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_from_key_done")
    ours.parent.refresh_from_db()
    assert ours.parent.check_password(NEW_PASSWORD)
    assert _login(Client(), ours.parent.email, NEW_PASSWORD).status_code == 302


def test_a_password_reset_link_works_only_once(ours):
    client = Client()
    client.post(reverse("account_reset_password"), {"email": ours.parent.email})
    link = _link_in(mail.outbox[0])
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    again = Client().get(link, follow=True)

    assert again.context["token_fail"]


def test_a_password_reset_for_an_unknown_email_does_not_reveal_it(db):
    response = Client().post(reverse("account_reset_password"), {"email": "nobody@example.test"})

    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")
    assert all("/accounts/password/reset/key/" not in message.body for message in mail.outbox)


def test_a_logged_in_user_can_change_their_password(ours):
    client = client_for(ours.professional)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": settings.DEMO_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    ours.professional.refresh_from_db()
    assert ours.professional.check_password(NEW_PASSWORD)
    assert _user_id_in_session(client) == str(ours.professional.pk), "stays logged in"


def test_changing_the_password_needs_the_old_one(ours):
    response = client_for(ours.professional).post(
        reverse("account_change_password"),
        {"oldpassword": "wrong-old-password", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["oldpassword"]
    ours.professional.refresh_from_db()
    assert ours.professional.check_password(settings.DEMO_PASSWORD)


def test_a_short_new_password_is_refused(ours):
    response = client_for(ours.professional).post(
        reverse("account_change_password"),
        {"oldpassword": settings.DEMO_PASSWORD, "password1": "short1", "password2": "short1"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]


def test_changing_the_password_requires_login(db):
    response = Client().get(reverse("account_change_password"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# --- Sign-up is closed ------------------------------------------------------------------


def test_nobody_can_sign_up_on_their_own(db):
    client = Client()
    page = client.get("/accounts/signup/")
    response = client.post(
        "/accounts/signup/",
        {"email": "stranger@example.test", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert page.status_code == 200
    assert "account/signup_closed.html" in [t.name for t in page.templates]
    assert response.status_code == 200
    assert not User.objects.filter(email="stranger@example.test").exists()
    assert _user_id_in_session(client) is None


# --- The language switch ------------------------------------------------------------------


def _switch(client: Client, language: str, next_url: str = "/"):
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


def test_pages_are_in_dutch_by_default(ours):
    response = client_for(ours.professional).get(reverse("groups:staff_home"))
    assert '<html lang="nl"' in response.content.decode()


def test_switching_to_english_sets_the_cookie_remembers_it_and_renders_english(ours):
    client = client_for(ours.professional)

    response = _switch(client, "en", reverse("groups:staff_home"))

    assert response.status_code == 302
    assert response.url == reverse("groups:staff_home")
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["httponly"]
    ours.professional.refresh_from_db()
    assert ours.professional.preferred_language == "en"
    page = client.get(reverse("groups:staff_home"))
    assert '<html lang="en"' in page.content.decode()
    assert "My groups" in page.content.decode()


def test_an_anonymous_visitor_can_switch_the_login_page_to_english(db):
    client = Client()
    assert "Wachtwoord" in client.get(reverse("account_login")).content.decode()

    _switch(client, "en", reverse("account_login"))

    content = client.get(reverse("account_login")).content.decode()
    assert '<html lang="en"' in content
    assert "Password" in content
    assert "Wachtwoord" not in content


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "http://evil.example/groups/", "javascript:alert(1)"],
)
def test_the_language_switch_does_not_follow_an_unsafe_next_url(ours, next_url):
    response = _switch(client_for(ours.parent), "en", next_url)
    assert response.status_code == 302
    assert response.url == "/"


def test_the_language_switch_ignores_an_unknown_language(ours):
    client = client_for(ours.parent)

    response = _switch(client, "xx")

    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    ours.parent.refresh_from_db()
    assert ours.parent.preferred_language == ""
    assert '<html lang="nl"' in client.get(reverse("families:parent_home")).content.decode()


def test_the_language_switch_only_accepts_post(ours):
    response = client_for(ours.parent).get(reverse("set_language"), {"language": "en"})
    assert response.status_code == 405


def test_the_preferred_language_follows_the_user_to_a_new_device_at_login(ours):
    ours.parent.preferred_language = "en"
    ours.parent.save()
    client = Client()

    response = _login(client, ours.parent.email)

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en"' in client.get(reverse("families:parent_home")).content.decode()


def test_the_language_switch_with_a_next_that_is_not_a_path_still_switches(ours):
    # Found by tests/test_hostile_input.py: redirect() took "groups" for the name of a view (a 500).
    client = client_for(ours.professional)

    response = _switch(client, "en", "groups")

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
