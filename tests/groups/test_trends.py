"""The trends (each indicator week by week over 26 weeks) and the locations side by side.

The hand-computed trend: a group "Trend" (no VE) with one child K, placed on the Monday ten
weeks before this week's Monday (week 15 of weeks 0…25; week 25 is this week, up to today).
The default routine is 6 weeks. K has no contact until the Monday of week 22 (noon).

- weeks 0–14: K is not placed yet: nothing to count, "—" (None);
- weeks 15–20: the last day of the week lies less than 6 weeks after the placement's start:
  routine kept 100%, overdue 0;
- week 21: its Sunday is 48 days after the start, more than 42: routine kept 0%, overdue 1;
- weeks 22–25: the contact of week 22 is less than 6 weeks before their last day: 100%, 0.
"""

import datetime
import itertools
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from config import kept_queries
from groups import trends
from groups.indicators import Period
from tests.conftest import client_for, english_client_for
from tests.contacts.factories import ContactMomentFactory
from tests.factories import ChildFactory, GroupFactory, LocationFactory, PlacementFactory
from tests.groups.test_dashboard import _fill

pytestmark = pytest.mark.django_db


def _this_monday() -> datetime.date:
    today = timezone.localdate()
    return today - timedelta(days=today.weekday())


@pytest.fixture
def trend_group(ours):
    group = GroupFactory(location=ours.location, name="Trend", is_ve=False)
    child = ChildFactory(first_name="K")
    placed_on = _this_monday() - timedelta(weeks=10)
    PlacementFactory(child=child, group=group, start_date=placed_on)
    contact_day = _this_monday() - timedelta(weeks=3)
    ContactMomentFactory(
        child=child,
        occurred_at=timezone.make_aware(datetime.datetime.combine(contact_day, datetime.time(12))),
    )
    return group


EXPECTED_KEPT = [None] * 15 + [Decimal("100.0")] * 6 + [Decimal("0.0")] + [Decimal("100.0")] * 4
EXPECTED_OVERDUE = [None] * 15 + [0] * 6 + [1] + [0] * 4


# --- The weeks and the figures ----------------------------------------------------------------------------


def test_the_weeks_run_from_monday_to_sunday_up_to_today():
    today = timezone.localdate()

    weeks = trends.weeks()

    assert len(weeks) == 26
    assert all(week.start.weekday() == 0 for week in weeks)
    assert weeks[-1] == Period(_this_monday(), today)
    assert weeks[0].start == _this_monday() - timedelta(weeks=25)
    assert all(later.start == earlier.end + timedelta(days=1) for earlier, later in itertools.pairwise(weeks))


def test_the_group_trend_has_the_hand_computed_figures(trend_group):
    kept = trends.group_trend(trend_group, "routine_kept")
    overdue = trends.group_trend(trend_group, "overdue")

    assert [figure.value for figure in kept] == EXPECTED_KEPT
    assert [figure.value for figure in overdue] == EXPECTED_OVERDUE


def test_a_location_with_one_group_has_the_groups_trend(trend_group):
    location = LocationFactory(name="Alleen")
    trend_group.location = location
    trend_group.save()

    figures = trends.location_trend(location.groups.all(), "routine_kept")

    assert [figure.value for figure in figures] == EXPECTED_KEPT


def test_a_group_without_ve_has_no_take_up_to_chart(trend_group):
    assert {figure.value for figure in trends.group_trend(trend_group, "take_up")} == {None}


def test_the_trends_keep_no_queries_of_their_weeks(trend_group):
    # Each week is asked once per chart: keeping its SQL (config.kept_queries) would compile
    # each of the 26 three times and push the pages' kept queries out of the store.
    kept_queries.forget_kept_queries()

    trends.group_trend(trend_group, "routine_kept")
    trends.location_trend([trend_group], "overdue")

    assert len(kept_queries._kept_queries) == 0


def test_an_unknown_indicator_falls_back_to_routine_kept():
    assert trends.chosen_indicator("nonsense") == "routine_kept"
    assert trends.chosen_indicator(None) == "routine_kept"
    assert trends.chosen_indicator("out_of_sight") == "out_of_sight"


# --- The chart -------------------------------------------------------------------------------------------


def _chart_url(group) -> str:
    return reverse("groups:group_trend_chart", args=[group.pk, "routine_kept"])


def test_the_chart_is_an_svg_without_scripts_with_its_values_printed(ours, trend_group):
    response = english_client_for(ours.manager).get(_chart_url(trend_group))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    assert svg.startswith("<svg")
    assert "<script" not in svg
    assert "http://" not in svg.replace("http://www.w3.org/", "").replace("http://pygal.org", "").replace(
        "http://github.com/Kozea/pygal", ""
    )
    assert "100%" in svg and "0%" in svg
    assert "Routine contact kept (%) · Trend" in svg


def test_the_chart_may_only_use_its_own_inline_style(ours, trend_group):
    response = client_for(ours.manager).get(_chart_url(trend_group))

    policy = response["Content-Security-Policy"]
    assert "style-src 'unsafe-inline'" in policy
    assert "script-src 'none'" in policy
    assert "default-src 'none'" in policy


@pytest.mark.parametrize("indicator", list(trends.TREND_INDICATORS))
def test_every_indicator_can_be_charted_for_the_location_and_the_group(ours, indicator):
    client = client_for(ours.manager)

    location = client.get(reverse("groups:location_trend_chart", args=[ours.location.pk, indicator]))
    group = client.get(reverse("groups:group_trend_chart", args=[ours.group.pk, indicator]))

    assert location.status_code == group.status_code == 200


def test_an_unknown_indicator_is_not_found(ours):
    client = client_for(ours.manager)

    assert client.get(reverse("groups:group_trend_chart", args=[ours.group.pk, "nonsense"])).status_code == 404
    assert client.get(reverse("groups:location_trend_table", args=[ours.location.pk, "nonsense"])).status_code == 404


# --- Who sees the trends ------------------------------------------------------------------------------


TREND_URLS = ["location_trend_chart", "location_trend_table", "group_trend_chart", "group_trend_table"]


def _trend_url(side, name: str) -> str:
    target = side.location.pk if name.startswith("location") else side.group.pk
    return reverse(f"groups:{name}", args=[target, "overdue"])


@pytest.mark.parametrize("name", TREND_URLS)
def test_a_manager_sees_the_trends_of_their_own_location_only(ours, theirs, name):
    client = client_for(ours.manager)

    assert client.get(_trend_url(ours, name)).status_code == 200
    assert client.get(_trend_url(theirs, name)).status_code == 404


@pytest.mark.parametrize("name", TREND_URLS)
def test_the_admin_sees_every_trend(ours, theirs, org_admin, name):
    client = client_for(org_admin)

    assert client.get(_trend_url(ours, name)).status_code == 200
    assert client.get(_trend_url(theirs, name)).status_code == 200


@pytest.mark.parametrize("name", TREND_URLS)
@pytest.mark.parametrize("role", ["professional", "parent"])
def test_professionals_and_parents_get_no_trends(ours, role, name):
    assert client_for(getattr(ours, role)).get(_trend_url(ours, name)).status_code == 403


@pytest.mark.parametrize("name", TREND_URLS)
def test_the_trends_need_a_login(ours, name):
    response = client_for(None).get(_trend_url(ours, name))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --- On the pages -----------------------------------------------------------------------------------------


def test_the_location_page_shows_the_chosen_chart_and_a_link_to_its_table(ours):
    response = english_client_for(ours.manager).get(
        reverse("groups:location_dashboard", args=[ours.location.pk]), {"indicator": "out_of_sight", "period": "8w"}
    )

    content = response.content.decode()
    chart = reverse("groups:location_trend_chart", args=[ours.location.pk, "out_of_sight"])
    assert f'src="{chart}"' in content
    assert 'alt="Line chart: Families out of sight per week' in content
    assert reverse("groups:location_trend_table", args=[ours.location.pk, "out_of_sight"]) in content
    # Switching the period keeps the chart, switching the chart keeps the period.
    assert '<input type="hidden" name="indicator" value="out_of_sight">' in content
    assert '<input type="hidden" name="period" value="8w">' in content


def test_the_drill_down_shows_the_groups_chart(ours):
    content = client_for(ours.manager).get(reverse("groups:group_cooperation", args=[ours.group.pk])).content.decode()

    assert reverse("groups:group_trend_chart", args=[ours.group.pk, "routine_kept"]) in content


def test_the_table_has_the_figures_of_the_chart(ours, trend_group):
    response = english_client_for(ours.manager).get(
        reverse("groups:group_trend_table", args=[trend_group.pk, "routine_kept"])
    )

    assert [figure.value for figure in response.context["figures"]] == EXPECTED_KEPT
    content = response.content.decode()
    assert content.count('<td class="text-end">—</td>') == 15
    assert content.count('<td class="text-end">100.0</td>') == 10


# --- A constant number of queries --------------------------------------------------------------------------

# Session, user, scope, the location or group, the groups; then 2 queries a week.
CHART_QUERIES = 6 + 2 * trends.TREND_WEEKS


@pytest.mark.parametrize(("groups", "children"), [(2, 10), (20, 100)])
def test_the_location_chart_needs_the_same_queries_for_any_size(ours, groups, children, django_assert_max_num_queries):
    _fill(ours.location, ours.professional, groups=groups, children=children)
    client = client_for(ours.manager)

    with django_assert_max_num_queries(CHART_QUERIES):
        response = client.get(reverse("groups:location_trend_chart", args=[ours.location.pk, "routine_kept"]))

    assert response.status_code == 200


@pytest.mark.parametrize(("groups", "children"), [(2, 10), (20, 100)])
def test_the_group_chart_needs_the_same_queries_for_any_size(ours, groups, children, django_assert_max_num_queries):
    group = _fill(ours.location, ours.professional, groups=groups, children=children)[0]
    client = client_for(ours.manager)

    with django_assert_max_num_queries(CHART_QUERIES):
        response = client.get(reverse("groups:group_trend_chart", args=[group.pk, "take_up"]))

    assert response.status_code == 200


# --- All locations side by side ------------------------------------------------------------------------------


def test_the_admin_sees_all_locations_side_by_side(ours, theirs, org_admin):
    response = english_client_for(org_admin).get(reverse("groups:locations_overview"))

    assert [location for location, _total in response.context["rows"]] == sorted(
        [ours.location, theirs.location], key=lambda location: location.name
    )
    content = response.content.decode()
    assert reverse("groups:location_dashboard", args=[ours.location.pk]) in content
    assert reverse("groups:location_dashboard", args=[theirs.location.pk]) in content


def test_a_manager_sees_only_their_own_locations_side_by_side(ours, theirs):
    response = client_for(ours.manager).get(reverse("groups:locations_overview"))

    assert [location for location, _total in response.context["rows"]] == [ours.location]
    assert reverse("groups:location_dashboard", args=[theirs.location.pk]) not in response.content.decode()


@pytest.mark.parametrize("role", ["professional", "parent"])
def test_professionals_and_parents_do_not_see_the_locations(ours, role):
    assert client_for(getattr(ours, role)).get(reverse("groups:locations_overview")).status_code == 403


def test_each_location_has_the_figures_of_its_total_row(ours, org_admin):
    page = client_for(org_admin).get(reverse("groups:location_dashboard", args=[ours.location.pk]))
    overview = client_for(org_admin).get(reverse("groups:locations_overview"))

    total = dict(overview.context["rows"])[ours.location]
    assert total.children_placed == page.context["total"].children_placed == 1
    assert total.routine_kept == page.context["total"].routine_kept
    assert total.overdue == page.context["total"].overdue


def test_a_location_without_children_says_so(ours, org_admin):
    empty = LocationFactory(name="Lege locatie")

    response = english_client_for(org_admin).get(reverse("groups:locations_overview"))

    assert dict(response.context["rows"])[empty] is None
    assert "No children placed in the period." in response.content.decode()


def test_the_admins_home_links_to_the_locations_side_by_side(ours, org_admin):
    admin_home = client_for(org_admin).get(reverse("groups:manager_home")).content.decode()
    manager_home = client_for(ours.manager).get(reverse("groups:manager_home")).content.decode()

    link = f'href="{reverse("groups:locations_overview")}"'
    assert link in admin_home
    assert link not in manager_home


# Session, user, scope, the locations, the totals (2), the base template's counters.
OVERVIEW_QUERIES = 10


@pytest.mark.parametrize(("locations", "groups", "children"), [(1, 2, 10), (4, 5, 100)])
def test_the_locations_side_by_side_need_the_same_queries_for_any_size(
    org_admin, locations, groups, children, professional_for_fill, django_assert_max_num_queries
):
    for number in range(locations):
        _fill(LocationFactory(name=f"Locatie {number}"), professional_for_fill, groups=groups, children=children)
    client = client_for(org_admin)

    with django_assert_max_num_queries(OVERVIEW_QUERIES):
        response = client.get(reverse("groups:locations_overview"))

    assert len(response.context["rows"]) == locations


@pytest.fixture
def professional_for_fill(db):
    from tests.factories import UserFactory

    return UserFactory(email="pm.fill@example.test")
