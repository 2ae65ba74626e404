"""Changing a child's contact routine with the parents."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import ContactRoutine
from tests.conftest import client_for, english_client_for
from tests.contacts.factories import ContactRoutineFactory

pytestmark = pytest.mark.django_db


def _url(side) -> str:
    return reverse("contacts:routine_edit", args=[side.child.pk])


def _user(role, side, outsider, org_admin):
    if role == "anonymous":
        return None
    return {"outsider": outsider, "admin": org_admin}.get(role) or getattr(side, role)


def _data(**fields) -> dict:
    return {
        "every_weeks": "4",
        "weekday": "3",
        "time": "08:30",
        "channel": "phone",
        "agreed_on": timezone.localdate().isoformat(),
        **fields,
    }


def test_a_routine_is_set_for_a_child_without_one(ours):
    response = client_for(ours.professional).post(_url(ours), _data())

    assert response.status_code == 302
    assert response.url == reverse("families:child_detail", args=[ours.child.pk]) + "#contact"
    routine = ContactRoutine.objects.get(child=ours.child)
    assert (routine.every_weeks, routine.weekday, routine.time, routine.channel) == (
        4,
        3,
        datetime.time(8, 30),
        "phone",
    )
    assert routine.updated_by == ours.professional
    assert not routine.from_intake


def test_changing_a_routine_from_the_intake_makes_it_the_routines_own(ours):
    routine = ContactRoutineFactory(child=ours.child, from_intake=True)

    page = english_client_for(ours.professional).get(_url(ours)).content.decode()
    client_for(ours.professional).post(_url(ours), _data(every_weeks="8"))

    assert "still the routine agreed in the intake" in page
    routine.refresh_from_db()
    assert routine.every_weeks == 8
    assert not routine.from_intake
    after = english_client_for(ours.professional).get(_url(ours)).content.decode()
    assert "Changed with the parents since the intake" in after


def test_the_form_shows_the_current_routine(ours):
    ContactRoutineFactory(child=ours.child, every_weeks=6)

    response = english_client_for(ours.professional).get(_url(ours))

    assert response.context["form"]["every_weeks"].value() == 6
    assert "Every 6 weeks" in response.content.decode()


@pytest.mark.parametrize("weeks", ["0", "13", ""])
def test_weeks_outside_one_to_twelve_are_refused(ours, weeks):
    response = english_client_for(ours.professional).post(_url(ours), _data(every_weeks=weeks))

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ContactRoutine.objects.exists()


def test_an_agreement_date_still_to_come_is_refused_and_the_input_kept(ours):
    later = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()

    response = english_client_for(ours.professional).post(_url(ours), _data(agreed_on=later, time="07:45"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "This date is still to come." in content
    assert "07:45" in content
    assert not ContactRoutine.objects.exists()


ROLES = [
    ("anonymous", "ours", 302),
    ("outsider", "ours", 404),
    ("parent", "ours", 404),
    ("parent", "theirs", 404),
    ("professional", "ours", 200),
    ("professional", "theirs", 404),
    ("manager", "ours", 403),
    ("manager", "theirs", 404),
    ("admin", "ours", 200),
]


@pytest.mark.parametrize(("role", "whose", "expected"), ROLES)
def test_who_reaches_the_routine_page(ours, theirs, outsider, org_admin, role, whose, expected):
    side = {"ours": ours, "theirs": theirs}[whose]
    client = client_for(_user(role, ours, outsider, org_admin))

    assert client.get(_url(side)).status_code == expected
    posted = client.post(_url(side), _data())
    assert posted.status_code == (302 if expected == 200 else expected)
    assert ContactRoutine.objects.exists() == (expected == 200)
