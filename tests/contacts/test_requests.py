"""Parents ask for a conversation; the mentor hears of it and marks it handled."""

import pytest
from django.urls import reverse

from contacts.models import ConversationRequest
from notifications.models import Notification
from tests.conftest import client_for, english_client_for
from tests.contacts.factories import ConversationRequestFactory

pytestmark = pytest.mark.django_db

REASON = "Ze slaapt slecht sinds de verhuizing, kunnen we even praten?"


def _new(side) -> str:
    return reverse("contacts:request_new", args=[side.child.pk])


def _user(role, side, outsider, org_admin):
    if role == "anonymous":
        return None
    return {"outsider": outsider, "admin": org_admin}.get(role) or getattr(side, role)


def test_a_parent_asks_for_a_conversation_and_the_mentor_hears_of_it(ours):
    response = english_client_for(ours.parent).post(_new(ours), {"reason": REASON}, follow=True)

    request = ConversationRequest.objects.get()
    assert (request.child, request.requested_by, request.reason) == (ours.child, ours.parent, REASON)
    assert response.redirect_chain[-1][0] == reverse("families:child_detail", args=[ours.child.pk]) + "#contact"
    content = response.content.decode()
    assert "Your question was sent to the mentor" in content
    assert "You asked for a conversation on" in content
    notification = Notification.objects.get(kind="conversation_request")
    assert notification.recipient == ours.professional


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_empty_reason_is_refused(ours, reason):
    response = english_client_for(ours.parent).post(_new(ours), {"reason": reason})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ConversationRequest.objects.exists()
    assert not Notification.objects.exists()


def test_a_reason_longer_than_five_hundred_characters_is_refused_and_kept(ours):
    long = "a" * 501

    response = english_client_for(ours.parent).post(_new(ours), {"reason": long})

    assert response.status_code == 200
    assert "at most 500 characters" in response.content.decode()
    assert long in response.content.decode()
    assert not ConversationRequest.objects.exists()


def test_the_mentor_sees_the_request_on_the_child_page_and_marks_it_handled(ours):
    request = ConversationRequestFactory(child=ours.child, requested_by=ours.parent, reason=REASON)
    page = reverse("families:child_detail", args=[ours.child.pk])

    before = client_for(ours.professional).get(page).content.decode()
    response = client_for(ours.professional).post(reverse("contacts:request_handled", args=[request.pk]))
    after = client_for(ours.professional).get(page).content.decode()

    assert REASON in before
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.handled_by == ours.professional and request.handled_at is not None
    assert REASON not in after


REQUEST_ROLES = [
    ("anonymous", "ours", 302),
    ("outsider", "ours", 404),
    ("parent", "ours", 200),
    ("parent", "theirs", 404),
    ("professional", "ours", 403),
    ("professional", "theirs", 404),
    ("manager", "ours", 403),
    ("manager", "theirs", 404),
    ("admin", "ours", 403),
]


@pytest.mark.parametrize(("role", "whose", "expected"), REQUEST_ROLES)
def test_who_may_ask_for_a_conversation(ours, theirs, outsider, org_admin, role, whose, expected):
    side = {"ours": ours, "theirs": theirs}[whose]
    client = client_for(_user(role, ours, outsider, org_admin))

    assert client.get(_new(side)).status_code == expected
    posted = client.post(_new(side), {"reason": REASON})
    assert posted.status_code == (302 if expected == 200 else expected)
    assert ConversationRequest.objects.exists() == (expected == 200)


HANDLED_ROLES = [
    ("anonymous", "ours", 302),
    ("outsider", "ours", 404),
    ("parent", "ours", 404),
    ("parent", "theirs", 404),
    ("professional", "ours", 302),
    ("professional", "theirs", 404),
    ("manager", "ours", 403),
    ("manager", "theirs", 404),
    ("admin", "ours", 302),
]


@pytest.mark.parametrize(("role", "whose", "expected"), HANDLED_ROLES)
def test_who_may_mark_a_request_handled(ours, theirs, outsider, org_admin, role, whose, expected):
    side = {"ours": ours, "theirs": theirs}[whose]
    request = ConversationRequestFactory(child=side.child, requested_by=side.parent)
    client = client_for(_user(role, ours, outsider, org_admin))

    response = client.post(reverse("contacts:request_handled", args=[request.pk]))

    assert response.status_code == expected
    request.refresh_from_db()
    assert (request.handled_at is not None) == (expected == 302 and role != "anonymous")


def test_marking_handled_needs_a_post(ours):
    request = ConversationRequestFactory(child=ours.child, requested_by=ours.parent)
    response = client_for(ours.professional).get(reverse("contacts:request_handled", args=[request.pk]))
    assert response.status_code == 405
