"""Every page of the app, for every role, on own and foreign objects (the pretix way).

A row says which URL is asked (`page`), how, and what each role gets back:
LOGIN means a redirect to the login page, HOME_* a redirect to a role's home, a number the
status code. Another tenant's object answers 404, never 403, so that nothing leaks.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import client_for

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "outsider", "parent", "professional", "manager", "org_admin")

LOGIN = "login"
STAFF_HOME = "groups:staff_home"
MANAGER_HOME = "groups:manager_home"
PARENT_HOME = "families:parent_home"


@dataclass(frozen=True)
class Page:
    name: str
    label: str
    args: Callable = field(default=lambda world: [])
    method: str = "get"
    data: dict = field(default_factory=dict)


def _statuses(anonymous, outsider, parent, professional, manager, org_admin) -> dict:
    return dict(zip(ROLES, (anonymous, outsider, parent, professional, manager, org_admin), strict=True))


# Each role's home answers 403 to the other roles; objects outside a user's scope answer 404.
TABLE: list[tuple[Page, dict]] = [
    (Page("home", "home"), _statuses(LOGIN, 200, PARENT_HOME, STAFF_HOME, MANAGER_HOME, MANAGER_HOME)),
    (Page("groups:staff_home", "staff_home"), _statuses(LOGIN, 403, 403, 200, 403, 403)),
    (Page("groups:manager_home", "manager_home"), _statuses(LOGIN, 403, 403, 403, 200, 200)),
    (
        Page("groups:group_detail", "own_group", args=lambda world: [world["ours"].group.pk]),
        _statuses(LOGIN, 404, 404, 200, 200, 200),
    ),
    (
        Page("groups:group_detail", "foreign_group", args=lambda world: [world["theirs"].group.pk]),
        _statuses(LOGIN, 404, 404, 404, 404, 200),
    ),
    (Page("families:parent_home", "parent_home"), _statuses(LOGIN, 403, 200, 403, 403, 403)),
    (
        Page("families:child_detail", "own_child", args=lambda world: [world["ours"].child.pk]),
        _statuses(LOGIN, 404, 200, 200, 200, 200),
    ),
    (
        Page("families:child_detail", "foreign_child", args=lambda world: [world["theirs"].child.pk]),
        _statuses(LOGIN, 404, 404, 404, 404, 200),
    ),
    (
        Page("families:child_detail", "unknown_child", args=lambda world: [uuid.uuid4()]),
        _statuses(LOGIN, 404, 404, 404, 404, 404),
    ),
    (Page("healthz", "healthz"), _statuses(200, 200, 200, 200, 200, 200)),
    (
        Page("set_language", "set_language", method="post", data={"language": "en", "next": "/"}),
        _statuses(302, 302, 302, 302, 302, 302),
    ),
]

CASES = [
    pytest.param(page, role, expected[role], id=f"{page.label}-{role}") for page, expected in TABLE for role in ROLES
]


@pytest.fixture
def world(ours, theirs, org_admin, outsider) -> dict:
    return {
        "ours": ours,
        "theirs": theirs,
        "anonymous": None,
        "outsider": outsider,
        "parent": ours.parent,
        "professional": ours.professional,
        "manager": ours.manager,
        "org_admin": org_admin,
    }


@pytest.mark.parametrize(("page", "role", "expected"), CASES)
def test_each_role_gets_the_expected_answer_on_each_page(world, page, role, expected):
    url = reverse(page.name, args=page.args(world))
    response = getattr(client_for(world[role]), page.method)(url, page.data)

    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login") + "?next=")
    elif isinstance(expected, str):
        assert response.status_code == 302
        assert response.url == reverse(expected)
    else:
        assert response.status_code == expected


def test_a_parent_cannot_reach_another_familys_child_by_changing_the_uuid(ours, theirs):
    client = client_for(ours.parent)
    own = client.get(reverse("families:child_detail", args=[ours.child.pk]))
    assert own.status_code == 200

    foreign = client.get(reverse("families:child_detail", args=[theirs.child.pk]))

    assert foreign.status_code == 404
    assert theirs.child.first_name not in foreign.content.decode()


def test_a_random_uuid_answers_404_even_for_the_organisation_admin(org_admin):
    response = client_for(org_admin).get(reverse("families:child_detail", args=[uuid.uuid4()]))
    assert response.status_code == 404


def test_a_group_id_that_is_not_a_number_does_not_resolve(ours):
    response = client_for(ours.professional).get(f"/groups/{ours.child.pk}/")
    assert response.status_code == 404


def _named_patterns_of_our_apps(patterns, namespace: str = "") -> set[str]:
    """Every named URL outside the Django admin and allauth, with its namespace."""
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin" or getattr(pattern.urlconf_module, "__name__", "").startswith("allauth"):
                continue
            prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _named_patterns_of_our_apps(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


def test_every_url_of_our_apps_is_in_the_access_table():
    ours = _named_patterns_of_our_apps(get_resolver().url_patterns)
    in_table = {page.name for page, _ in TABLE}

    assert {"home", "healthz", "groups:group_detail", "families:child_detail"} <= ours, "the URLconf walk found nothing"
    assert ours - in_table == set(), "add the new pages to TABLE with the answer each role must get"
