"""Invitations: an account made by an admin, activated through an emailed password-set link."""

import datetime
import re
from unittest import mock

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.services import user_invite
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

SITE_URL = "https://samenspel.example.nl"
NEW_PASSWORD = "my-own-Password-2024"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE_URL


@pytest.fixture
def invitee(db) -> User:
    return User.objects.create_user(email="nieuw@example.test", first_name="Nieuw", preferred_language="en")


def _invite(user: User, capture) -> bool:
    # Invitations are queued after the transaction commits; the test transaction never does.
    with capture(execute=True):
        return user_invite(user=user)


def _link(message) -> str:
    match = re.search(rf"{re.escape(SITE_URL)}/\S+", message.body)
    assert match, message.body
    return match.group(0)


def _path(link: str) -> str:
    return link.removeprefix(SITE_URL)


def _set_password(client: Client, link: str, password: str = NEW_PASSWORD):
    page = client.get(_path(link), follow=True)
    assert page.status_code == 200
    assert not _token_failed(page)
    return client.post(page.redirect_chain[-1][0], {"password1": password, "password2": password})


def _token_failed(response) -> bool:
    return bool(response.context.get("token_fail", False))


def _add_user_in_admin(client: Client, **fields):
    # The staff-assignment inline's management form comes along with every add.
    inline = {"assignments-TOTAL_FORMS": "0", "assignments-INITIAL_FORMS": "0"}
    return client.post(reverse("admin:accounts_user_add"), {**inline, **fields})


def _link_with_timestamp(user: User, seconds_ago: int) -> str:
    generator = default_token_generator
    timestamp = generator._num_seconds(generator._now()) - seconds_ago
    token = generator._make_token_with_timestamp(user, timestamp, generator.secret)
    return reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": token})


# --- The invitation mail -------------------------------------------------------------------


def test_an_invitation_sends_one_mail_with_a_password_set_link(invitee, django_capture_on_commit_callbacks):
    assert _invite(invitee, django_capture_on_commit_callbacks) is True

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nieuw@example.test"]
    assert message.subject.startswith(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX)
    assert _link(message).startswith(f"{SITE_URL}/accounts/password/reset/key/")


def test_the_invitation_is_written_in_the_users_language(invitee, settings, django_capture_on_commit_callbacks):
    settings.PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
    _invite(invitee, django_capture_on_commit_callbacks)

    assert "Hello Nieuw" in mail.outbox[0].body
    assert "valid for 3 days" in mail.outbox[0].body


def test_the_invitation_is_queued_only_after_the_transaction_commits(invitee, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        user_invite(user=invitee)

    assert mail.outbox == []
    assert len(callbacks) == 1


def test_sending_the_invitation_records_when(invitee, django_capture_on_commit_callbacks):
    assert invitee.invited_at is None

    _invite(invitee, django_capture_on_commit_callbacks)

    invitee.refresh_from_db()
    assert invitee.invited_at is not None


def test_the_link_lets_the_user_set_a_password_and_log_in(invitee, django_capture_on_commit_callbacks):
    _invite(invitee, django_capture_on_commit_callbacks)

    response = _set_password(Client(), _link(mail.outbox[0]))

    assert response.status_code == 302
    invitee.refresh_from_db()
    assert invitee.has_usable_password()
    client = Client()
    login = client.post(reverse("account_login"), {"login": invitee.email, "password": NEW_PASSWORD})
    assert login.status_code == 302
    assert client.session[SESSION_KEY] == str(invitee.pk)


def test_the_link_works_only_once(invitee, django_capture_on_commit_callbacks):
    _invite(invitee, django_capture_on_commit_callbacks)
    link = _link(mail.outbox[0])
    _set_password(Client(), link)

    again = Client().get(_path(link), follow=True)

    assert _token_failed(again)


def test_the_link_expires_after_the_password_reset_timeout(invitee, settings):
    settings.PASSWORD_RESET_TIMEOUT = 600

    fresh = Client().get(_link_with_timestamp(invitee, seconds_ago=590), follow=True)
    expired = Client().get(_link_with_timestamp(invitee, seconds_ago=610), follow=True)

    assert not _token_failed(fresh)
    assert _token_failed(expired)
    assert "password1" not in expired.content.decode()


def test_the_mailed_link_no_longer_works_once_the_timeout_has_passed(
    invitee, settings, django_capture_on_commit_callbacks
):
    _invite(invitee, django_capture_on_commit_callbacks)
    link = _path(_link(mail.outbox[0]))
    later = default_token_generator._now() + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)

    with mock.patch.object(type(default_token_generator), "_now", return_value=later):
        response = Client().get(link, follow=True)

    assert _token_failed(response)
    invitee.refresh_from_db()
    assert not invitee.has_usable_password()


def test_an_active_user_is_not_invited_again(ours, django_capture_on_commit_callbacks):
    Client().post(reverse("account_login"), {"login": ours.parent.email, "password": settings.DEMO_PASSWORD})
    ours.parent.refresh_from_db()
    assert ours.parent.last_login is not None

    assert _invite(ours.parent, django_capture_on_commit_callbacks) is False
    assert mail.outbox == []


def test_a_user_who_never_logged_in_can_be_invited_again(invitee, django_capture_on_commit_callbacks):
    _invite(invitee, django_capture_on_commit_callbacks)
    _invite(invitee, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2


def test_an_inactive_user_gets_no_mail(invitee, django_capture_on_commit_callbacks):
    invitee.is_active = False
    invitee.save()

    _invite(invitee, django_capture_on_commit_callbacks)

    assert mail.outbox == []


# --- The admin --------------------------------------------------------------------------------


def test_the_admin_action_invites_the_selected_users(org_admin, invitee, ours, django_capture_on_commit_callbacks):
    ours.parent.last_login = ours.parent.date_joined
    ours.parent.save()
    client = client_for(org_admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:accounts_user_changelist"),
            {"action": "send_invitation", "_selected_action": [invitee.pk, ours.parent.pk]},
            follow=True,
        )

    assert response.status_code == 200
    assert [message.to for message in mail.outbox] == [[invitee.email]]
    levels = sorted(message.level_tag for message in response.context["messages"])
    assert levels == ["success", "warning"]
    invitee.refresh_from_db()
    assert invitee.invited_at is not None


def test_the_admin_makes_an_account_without_a_usable_password(org_admin):
    response = _add_user_in_admin(
        client_for(org_admin),
        email="  Nieuwe.Collega@Example.test ",
        first_name="Nieuwe",
        last_name="Collega",
        preferred_language="nl",
    )

    assert response.status_code == 302
    user = User.objects.get(email="nieuwe.collega@example.test")
    assert (user.first_name, user.last_name, user.preferred_language) == ("Nieuwe", "Collega", "nl")
    assert not user.has_usable_password()
    assert user.is_active


def test_the_admin_add_form_asks_for_email_names_and_language_but_no_password(org_admin):
    response = client_for(org_admin).get(reverse("admin:accounts_user_add"))

    assert response.status_code == 200
    fields = set(response.context["adminform"].form.fields)
    assert fields == {"email", "first_name", "last_name", "preferred_language"}


def test_the_admin_refuses_an_email_address_that_is_taken(org_admin, ours):
    response = _add_user_in_admin(
        client_for(org_admin), email=ours.parent.email.upper(), first_name="X", last_name="Y", preferred_language=""
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"]
    assert User.objects.filter(email__iexact=ours.parent.email).count() == 1


def test_a_user_made_in_the_admin_is_invited_and_can_set_a_password(org_admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _add_user_in_admin(
            client_for(org_admin),
            email="nieuw.ouder@example.test",
            first_name="Nieuw",
            last_name="Ouder",
            preferred_language="nl",
        )

    user = User.objects.get(email="nieuw.ouder@example.test")
    assert user.invited_at is not None
    assert [message.to for message in mail.outbox] == [["nieuw.ouder@example.test"]]
    assert _set_password(Client(), _link(mail.outbox[0])).status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_changing_a_user_in_the_admin_sends_no_invitation(org_admin, invitee, django_capture_on_commit_callbacks):
    client = client_for(org_admin)
    form = client.get(reverse("admin:accounts_user_change", args=[invitee.pk])).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data |= {"first_name": "Anders", "assignments-TOTAL_FORMS": "0", "assignments-INITIAL_FORMS": "0"}
    data.pop("groups", None)
    data.pop("user_permissions", None)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:accounts_user_change", args=[invitee.pk]), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    invitee.refresh_from_db()
    assert invitee.first_name == "Anders"
    assert mail.outbox == []
