"""The key pages run their queries from SQL kept per process (config.kept_queries): for
every role each reads exactly as the page built fresh, every query asked through the store is
kept, and a kept query run for another child answers for that child (404 outside the
user's reach)."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from config import kept_queries
from portfolios.models import PortfolioEntry
from tests.conftest import client_for
from tests.factories import ChildFactory, PlacementFactory
from tests.portfolios.factories import EntryFactory
from tests.privacy.factories import child_with_everything

pytestmark = pytest.mark.django_db

NO_FRAGMENT_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kept-default"},
    "fragments": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    # Without what differs per request anyway (CSRF tokens, CSP nonces).
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": "|nonce=")[^"]+', r"\1", response.content.decode())


@pytest.fixture
def family(ours):
    """`ours.child` with something of every kind, a sister in the same group, and enough
    portfolio entries for a second page of the timeline."""
    child_with_everything(ours, ended=False)
    sister = ChildFactory(family=ours.family, first_name="Zus")
    PlacementFactory(child=sister, group=ours.group, mentor=ours.professional)
    for number in range(25):
        EntryFactory(child=ours.child, author=ours.professional, text=f"Waarneming {number}")
    PortfolioEntry.objects.filter(child=ours.child).update(shared_at="2026-01-05T12:00:00Z")
    return ours.child, sister


def _urls(side, child, sister) -> dict[str, list[tuple[str, str]]]:
    """Per role: (a page, the same kind of page about something else, read first)."""
    child_page = lambda each: reverse("families:child_detail", args=[each.pk])  # noqa: E731
    timeline = lambda each: reverse("portfolios:timeline", args=[each.pk])  # noqa: E731
    staff_home, parent_home = reverse("groups:staff_home"), reverse("families:parent_home")
    location = reverse("groups:location_dashboard", args=[side.location.pk])
    overview = reverse("groups:group_detail", args=[side.group.pk])
    return {
        "professional": [
            (child_page(child), child_page(sister)),
            (timeline(child), timeline(sister)),
            (timeline(child) + "?page=2", timeline(child)),
            (staff_home, staff_home),
            (overview + "?order=due", overview),
        ],
        "manager": [
            (child_page(child), child_page(sister)),
            (timeline(child), timeline(sister)),
            (location, location + "?period=12w"),
            (overview, overview),
        ],
        "parent": [
            (child_page(child), child_page(sister)),
            (timeline(child), timeline(sister)),
            (parent_home, parent_home),
        ],
        "admin": [(child_page(child), child_page(sister)), (timeline(child) + "?perspective=parent", timeline(child))],
    }


@override_settings(CACHES=NO_FRAGMENT_CACHE)
@pytest.mark.parametrize("role", ["professional", "manager", "parent", "admin"])
def test_pages_from_kept_sql_read_as_pages_built_fresh(ours, org_admin, family, role, monkeypatch):
    user = org_admin if role == "admin" else getattr(ours, role)
    client = client_for(user, language="en")
    for url, other in _urls(ours, *family)[role]:
        kept_queries.forget_kept_queries()
        _page(client, other)  # the page's queries are kept for another child (or period) first
        kept = _page(client, url)
        assert kept_queries._kept_queries, url
        not_kept = [key for key, kept in kept_queries._kept_queries.items() if kept is None]
        assert not not_kept, f"every query of {url} is kept"

        with monkeypatch.context() as patched:
            patched.setattr(kept_queries, "_keep", lambda make, slots: None)
            kept_queries.forget_kept_queries()
            assert kept == _page(client, url), url
        assert "Zus" in kept or "/portfolio/" in url or url.startswith("/locations/")


def test_the_child_page_shows_what_it_kept_for_each_side(ours, family):
    """Not empty on both sides: the moment's note for the team, its shared summary for the parent."""
    child, _sister = family
    url = reverse("families:child_detail", args=[child.pk])
    assert "Let op het slapen" in _page(client_for(ours.professional, language="en"), url)
    assert "Een goede week" in _page(client_for(ours.parent, language="en"), url)


def test_a_kept_query_for_a_child_out_of_reach_is_404(ours, theirs):
    kept_queries.forget_kept_queries()
    for page in ("families:child_detail", "portfolios:timeline"):
        ours_page, theirs_page = (reverse(page, args=[side.child.pk]) for side in (ours, theirs))
        assert client_for(ours.professional).get(ours_page).status_code == 200
        assert client_for(ours.professional).get(theirs_page).status_code == 404
        assert client_for(theirs.professional).get(theirs_page).status_code == 200
        assert client_for(ours.parent).get(theirs_page).status_code == 404
