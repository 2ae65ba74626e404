"""Shared fixtures: a small organisation with one standing user per role.

Two locations ("ours" and "theirs"), each with one group, one professional, one manager
and one family whose parent has a login. Tests ask for the role they need, plus the
foreign object that role must not reach.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import User
from families.models import Child, Family
from groups.models import Group, Location, StaffAssignment
from tests.factories import (
    ChildFactory,
    GroupFactory,
    GuardianFactory,
    LocationFactory,
    PlacementFactory,
    StaffAssignmentFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_quiet_hours(settings):
    """Tests run at any hour: staff emails are held back only where a test sets working hours."""
    settings.STAFF_EMAIL_HOURS = (datetime.time(0), datetime.time.max)
    settings.STAFF_EMAIL_DAYS = frozenset(range(7))


@pytest.fixture(autouse=True)
def _private_media_in_a_temporary_folder(settings, tmp_path):
    """Uploaded photos of a test never land in the checkout's private-media/."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture(autouse=True)
def _celery_in_process(settings):
    """Run tasks in-process unless a test starts a real worker (see tests/config)."""
    from config.celery import app
    from config.tasks import forget_broker_failure

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    forget_broker_failure()
    yield
    app.conf.task_always_eager = previous
    forget_broker_failure()


@dataclass
class Side:
    """One location with its group, staff and a family: 'ours' or 'theirs'."""

    location: Location
    group: Group
    professional: User
    manager: User
    parent: User
    family: Family
    child: Child


def _side(name: str) -> Side:
    location = LocationFactory(name=f"Locatie {name}")
    group = GroupFactory(location=location, name=f"Groep {name}")
    professional = UserFactory(email=f"pm.{name}@example.test", first_name=f"Pm{name}")
    StaffAssignmentFactory(user=professional, group=group)
    manager = UserFactory(email=f"manager.{name}@example.test", first_name=f"Manager{name}")
    StaffAssignmentFactory(user=manager, role=StaffAssignment.Role.LOCATION_MANAGER, group=None, location=location)
    parent = UserFactory(email=f"ouder.{name}@example.test", first_name=f"Ouder{name}")
    guardian = GuardianFactory(user=parent, family__name=f"Familie {name}")
    child = ChildFactory(family=guardian.family, first_name=f"Kind{name}")
    PlacementFactory(child=child, group=group, mentor=professional)
    return Side(location, group, professional, manager, parent, guardian.family, child)


@pytest.fixture
def ours(db) -> Side:
    return _side("ons")


@pytest.fixture
def theirs(db) -> Side:
    return _side("hun")


@pytest.fixture
def org_admin(db) -> User:
    return UserFactory(email="admin@example.test", is_staff=True, is_superuser=True, first_name="Admin")


@pytest.fixture
def outsider(db) -> User:
    """Logged in, but without any role."""
    return UserFactory(email="niemand@example.test")


def client_for(user: User | None, *, language: str | None = None) -> Client:
    """A test client logged in as `user`; `language="en"` reads the pages in English."""
    client = Client()
    if user is not None:
        client.force_login(user)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def english_client_for(user: User | None) -> Client:
    """For tests that check English wording: Dutch is the default language."""
    return client_for(user, language="en")


@pytest.fixture
def english():
    """Messages made outside a request (services, forms) in English, for tests that read them."""
    from django.utils import translation

    with translation.override("en"):
        yield
