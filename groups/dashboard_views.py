"""The managers' cooperation dashboard: per location one row per group, per group one row per
child, both for a chosen period and as CSV; from a group's page a manager reassigns mentors.

Managers see their own locations (another location answers 404), admins all; professionals
and parents get 403. The figures come from groups.indicators, computed in the database.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from csp.constants import NONE, UNSAFE_INLINE
from csp.decorators import csp_replace
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import access
from accounts.decorators import role_required
from accounts.models import User
from families.models import Placement
from groups import indicators, trends
from groups.indicators import ChildIndicators, GroupIndicators, Period, Ratio
from groups.models import Group
from groups.selectors import professionals_by_group
from groups.services import placement_reassign_mentor

# --- The period ----------------------------------------------------------------------------


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label=gettext_lazy("Period"), choices=indicators.PERIOD_CHOICES, required=False)
    start = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=gettext_lazy("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        choice = cleaned.get("period") or indicators.LAST_4_WEEKS
        try:
            cleaned["chosen"] = Period.chosen(choice, start=cleaned.get("start"), end=cleaned.get("end"))
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                self.add_error("period" if field == "choice" else field, field_errors)
        return cleaned


def _period(request: HttpRequest) -> tuple[PeriodForm, Period]:
    """The period asked for in the query string; a wrong one shows its errors on the form
    and the page falls back to the last 4 weeks."""
    data = request.GET if any(name in request.GET for name in ("period", "start", "end")) else None
    form = PeriodForm(data)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["chosen"]
    return form, Period.default()


def _page_context(request: HttpRequest, form: PeriodForm, period: Period, columns: list, help_texts: dict) -> dict:
    """What both pages show around their table: the period form and the definitions."""
    limits = indicators.thresholds()
    minimum = _("Needs attention below %(limit)s%%.")
    maximum = _("Needs attention above %(limit)s.")
    rules = {
        key: (maximum if key in (indicators.OVERDUE, indicators.OUT_OF_SIGHT) else minimum) % {"limit": limit}
        for key, limit in limits.items()
    }
    return {
        "selected_period": (form["period"].value() if form.is_bound else None) or period.choice,
        "definitions": [(key, label, help_texts.get(key)) for key, label in columns],
        "attention_rules": rules,
        "help": help_texts,
        "query": _kept_query(request.GET),
    }


# Only these travel from the page to its export and back after reassigning a mentor.
_KEPT_PARAMETERS = ("period", "start", "end", "sort", "indicator")


def _kept_query(data: QueryDict) -> str:
    kept = QueryDict(mutable=True)
    for name in _KEPT_PARAMETERS:
        if data.get(name):
            kept[name] = data[name]
    return kept.urlencode()


# --- What the user may see ---------------------------------------------------------------------


def _managed_group(user: User, group_id: int) -> Group:
    return get_object_or_404(access.managed_groups_for(user).select_related("location"), pk=group_id)


# --- Columns: the same names on the page and in the CSV -----------------------------------------------

LOCATION_COLUMNS = [
    ("group", gettext_lazy("Group")),
    ("children_placed", gettext_lazy("Children placed")),
    (indicators.ROUTINE_KEPT, gettext_lazy("Routine contact kept (%)")),
    (indicators.OVERDUE, gettext_lazy("Overdue contacts")),
    (indicators.INTAKES, gettext_lazy("Intakes completed (%)")),
    ("home_visits_done", gettext_lazy("Home visits done")),
    (indicators.PARENT_VIEW, gettext_lazy("Parents' view in 8 weeks (%)")),
    (indicators.TAKE_UP, gettext_lazy("Home-activity take-up (%)")),
    (indicators.SESSIONS, gettext_lazy("Session attendance (%)")),
    (indicators.OUT_OF_SIGHT, gettext_lazy("Families out of sight")),
    ("home_languages", gettext_lazy("Home languages")),
]

CHILD_COLUMNS = [
    ("child", gettext_lazy("Child")),
    ("mentor", gettext_lazy("Mentor")),
    ("last_contact", gettext_lazy("Last contact")),
    ("routine", gettext_lazy("Routine (weeks)")),
    ("next_due", gettext_lazy("Next contact due")),
    (indicators.OVERDUE, gettext_lazy("Overdue")),
    (indicators.OUT_OF_SIGHT, gettext_lazy("Out of sight")),
    (indicators.INTAKES, gettext_lazy("Intake completed")),
    ("home_visits_done", gettext_lazy("Home visits done")),
    ("last_home_visit", gettext_lazy("Last home visit")),
    (indicators.PARENT_VIEW, gettext_lazy("Parents' view in 8 weeks")),
    (indicators.TAKE_UP, gettext_lazy("Home activities done / handed out")),
    (indicators.SESSIONS, gettext_lazy("Sessions attended / invited")),
    ("home_languages", gettext_lazy("Home languages")),
]

# The help texts per column of the drill-down (the location page uses indicators.HELP).
CHILD_HELP = {
    **indicators.HELP,
    "last_contact": gettext_lazy("The day of the last contact moment with the parents up to the end of the period."),
    "routine": gettext_lazy("How often parents and mentor talk, as agreed; * marks the default routine."),
    "next_due": gettext_lazy("Last contact (before the first: the start of the placement) plus the routine."),
    indicators.OVERDUE: gettext_lazy("The next contact was due before the last day of the period."),
    indicators.OUT_OF_SIGHT: gettext_lazy(
        "No contact with the family and no message from the parents for longer than the routine plus the margin."
    ),
    indicators.INTAKES: gettext_lazy("The intake conversation was completed by the last day of the period."),
    "home_visits_done": gettext_lazy("VE groups: home visits done in the period while the child was placed."),
    "last_home_visit": gettext_lazy("The most recent home visit recorded as done, up to the end of the period."),
    indicators.PARENT_VIEW: gettext_lazy(
        "A parent wrote a portfolio entry or a response about the child in the 8 weeks up to the end of the period."
    ),
    indicators.TAKE_UP: gettext_lazy(
        "VE groups: home activities the family gave feedback on / handed out for weeks that begin in the "
        "period while the child was placed."
    ),
    indicators.SESSIONS: gettext_lazy(
        "VE groups: parent–child sessions the family came to / was invited to, in the period while the child "
        "was placed."
    ),
    "home_languages": gettext_lazy("The languages spoken at home in the child's family."),
}


def _sort_text(value: str) -> str:
    return value.casefold()


def _percent_or_none(ratio: Ratio | None) -> Decimal | None:
    return ratio.percent if ratio is not None else None


# `?sort=<key>` or `?sort=-<key>` on the drill-down; the rows come by name, and the sort is
# stable, so children with the same value stay in name order. Empty values go last.
SORT_KEYS: dict[str, Callable[[ChildIndicators], object]] = {
    "child": lambda row: _sort_text(row.child.full_name),
    "mentor": lambda row: _sort_text(row.placement.mentor.get_full_name()) if row.placement.mentor else None,
    "last_contact": lambda row: row.last_contact_on,
    "routine": lambda row: row.routine_weeks,
    "next_due": lambda row: row.next_due,
    indicators.OVERDUE: lambda row: row.overdue,
    indicators.OUT_OF_SIGHT: lambda row: row.out_of_sight,
    indicators.INTAKES: lambda row: row.intake_completed,
    "home_visits_done": lambda row: row.home_visits_done,
    "last_home_visit": lambda row: row.last_home_visit_on,
    indicators.PARENT_VIEW: lambda row: row.parent_view,
    indicators.TAKE_UP: lambda row: _percent_or_none(row.take_up),
    indicators.SESSIONS: lambda row: _percent_or_none(row.session_attendance),
    "home_languages": lambda row: _sort_text(", ".join(row.home_language_names)) or None,
}


def _sorted(rows: list[ChildIndicators], sort: str) -> tuple[list[ChildIndicators], str]:
    """The rows in the order of `sort` (a key of SORT_KEYS, "-" in front for descending)
    and the sort actually used (by child when `sort` is unknown)."""
    key = sort.removeprefix("-")
    if key not in SORT_KEYS:
        return rows, "child"
    value = SORT_KEYS[key]
    present = [row for row in rows if value(row) is not None]
    missing = [row for row in rows if value(row) is None]
    present.sort(key=value, reverse=sort.startswith("-"))
    return present + missing, sort


# --- The location page ---------------------------------------------------------------------------


def _location_figures(request: HttpRequest, location_id: int) -> dict:
    location = get_object_or_404(access.managed_locations_for(request.user), pk=location_id)
    form, period = _period(request)
    rows, total = indicators.location_indicators(location.groups.filter(is_active=True).order_by("name"), period)
    return {"location": location, "form": form, "period": period, "rows": rows, "total": total}


@role_required(access.oversees_locations)
def location_dashboard(request: HttpRequest, location_id: int) -> HttpResponse:
    """Per active group of the location its cooperation figures over the period, and the total."""
    context = _location_figures(request, location_id)
    columns = [(key, label, indicators.HELP.get(key)) for key, label in LOCATION_COLUMNS]
    return render(
        request,
        "groups/dashboard/location.html",
        {
            **context,
            **_page_context(request, context["form"], context["period"], LOCATION_COLUMNS, indicators.HELP),
            "columns": columns,
            **_trend_context(
                trends.chosen_indicator(request.GET.get("indicator")),
                ("groups:location_trend_chart", [location_id]),
                ("groups:location_trend_table", [location_id]),
            ),
        },
    )


@role_required(access.oversees_locations)
def location_export(request: HttpRequest, location_id: int) -> HttpResponse:
    """The location page's table as CSV (the same figures, the total row last)."""
    context = _location_figures(request, location_id)
    rows = [_location_line(row.group.name, row) for row in context["rows"]]
    rows.append(_location_line(_("Total"), context["total"]))
    period = context["period"]
    filename = f"samenspel-{slugify(context['location'].name)}-{period.start}-{period.end}.csv"
    return _csv_response(filename, [label for _key, label in LOCATION_COLUMNS], rows)


def _location_line(name: str, row: GroupIndicators) -> list[str]:
    return [
        name,
        str(row.children_placed),
        _csv_percent(row.routine_kept),
        str(row.overdue),
        _csv_percent(row.intakes_completed),
        _csv_number(row.home_visits_done),
        _csv_percent(row.parent_view),
        _csv_percent(row.take_up),
        _csv_percent(row.session_attendance),
        str(row.out_of_sight),
        ", ".join(row.home_language_names),
    ]


# --- A group's drill-down --------------------------------------------------------------------------


def _group_figures(request: HttpRequest, group: Group) -> dict:
    form, period = _period(request)
    rows, sort = _sorted(indicators.child_indicators(group, period), request.GET.get("sort", "child"))
    return {"group": group, "form": form, "period": period, "rows": rows, "sort": sort}


@role_required(access.oversees_locations)
def group_cooperation(request: HttpRequest, group_id: int) -> HttpResponse:
    """Per child of the group its cooperation figures over the period, sortable by any column,
    with a form per child to reassign the mentor."""
    group = _managed_group(request.user, group_id)
    context = _group_figures(request, group)
    today = timezone.localdate()
    # Only a running placement gets a new mentor (the service refuses the others too).
    reassignable = {row.placement.pk for row in context["rows"] if row.placement.is_current(today)}
    sort = context["sort"]
    columns = [(key, label, CHILD_HELP.get(key), _sort_link(request.GET, key, sort)) for key, label in CHILD_COLUMNS]
    return render(
        request,
        "groups/dashboard/group.html",
        {
            **context,
            **_page_context(request, context["form"], context["period"], CHILD_COLUMNS, CHILD_HELP),
            "columns": columns,
            "reassignable": reassignable,
            "group_row": indicators.group_indicators([group], context["period"])[0],
            "professionals": professionals_by_group(Group.objects.filter(pk=group.pk))[group.pk],
            **_trend_context(
                trends.chosen_indicator(request.GET.get("indicator")),
                ("groups:group_trend_chart", [group.pk]),
                ("groups:group_trend_table", [group.pk]),
            ),
        },
    )


def _sort_link(data: QueryDict, key: str, current: str) -> dict:
    """The query string that sorts by `key` (descending when it is already ascending), and
    how the column is sorted now ("ascending", "descending" or "")."""
    query = QueryDict(_kept_query(data), mutable=True)
    query["sort"] = f"-{key}" if current == key else key
    state = "ascending" if current == key else "descending" if current == f"-{key}" else ""
    return {"query": query.urlencode(), "state": state}


@role_required(access.oversees_locations)
def group_cooperation_export(request: HttpRequest, group_id: int) -> HttpResponse:
    """The drill-down's table as CSV, in the page's order."""
    group = _managed_group(request.user, group_id)
    context = _group_figures(request, group)
    period = context["period"]
    filename = f"samenspel-{slugify(group.location.name)}-{slugify(group.name)}-{period.start}-{period.end}.csv"
    return _csv_response(filename, [label for _key, label in CHILD_COLUMNS], [_child_line(r) for r in context["rows"]])


def _child_line(row: ChildIndicators) -> list[str]:
    mentor = row.placement.mentor
    routine = str(row.routine_weeks) + ("" if row.has_routine else "*")
    return [
        row.child.full_name,
        mentor.get_full_name() if mentor else "",
        _csv_date(row.last_contact_on),
        routine if row.placed_at_end else "",
        _csv_date(row.next_due),
        _csv_yes_no(row.overdue),
        _csv_yes_no(row.out_of_sight),
        _csv_yes_no(row.intake_completed),
        _csv_number(row.home_visits_done),
        _csv_date(row.last_home_visit_on),
        _csv_yes_no(row.parent_view),
        _csv_fraction(row.take_up),
        _csv_fraction(row.session_attendance),
        ", ".join(row.home_language_names),
    ]


@require_POST
@role_required(access.oversees_locations)
def mentor_reassign(request: HttpRequest, group_id: int, placement_id: int) -> HttpResponse:
    """Make one of the group's professionals the child's mentor; back to the drill-down."""
    group = _managed_group(request.user, group_id)
    placement = get_object_or_404(Placement.objects.filter(group=group).select_related("child"), pk=placement_id)
    mentor_id = request.POST.get("mentor", "")
    mentor = User.objects.filter(pk=int(mentor_id)).first() if mentor_id.isdecimal() else None
    try:
        placement_reassign_mentor(placement=placement, mentor=mentor, by=request.user)
    except ValidationError as error:
        for field_errors in error.message_dict.values():
            for message in field_errors:
                messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(mentor)s is now the mentor of %(child)s.")
            % {"mentor": mentor.get_full_name() or mentor.email, "child": placement.child.full_name},
        )
    url = reverse("groups:group_cooperation", args=[group.pk])
    query = _kept_query(request.POST)
    return redirect(f"{url}?{query}#placement-{placement.pk}" if query else f"{url}#placement-{placement.pk}")


# --- CSV: opens in Dutch spreadsheet programs ------------------------------------------------------


def _csv_response(filename: str, header: list, rows: list[list[str]]) -> HttpResponse:
    """UTF-8 with a byte order mark, semicolons between the cells, one header row."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(label) for label in header])
    writer.writerows(rows)
    return response


def _csv_percent(ratio: Ratio | None) -> str:
    """A percentage with a decimal comma (87,5); empty where the page shows "—"."""
    if ratio is None or ratio.percent is None:
        return ""
    return str(ratio.percent).replace(".", ",")


def _csv_fraction(ratio: Ratio | None) -> str:
    return "" if ratio is None else f"{ratio.part}/{ratio.whole}"


def _csv_number(number: int | None) -> str:
    return "" if number is None else str(number)


def _csv_date(day: date | None) -> str:
    return day.isoformat() if day else ""


def _csv_yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("yes") if value else _("no")


# --- Trends: each indicator week by week -----------------------------------------------------------
#
# The chart is its own response (an SVG shown with <img>), so the pages keep their number of
# queries; the figures behind it are on a small page of their own, as a table.


def _trend_context(chosen: str, chart_url: tuple[str, list], table_url: tuple[str, list]) -> dict:
    """The chart's part of a page: the indicator selector and the chart's addresses."""
    return {
        "trend_indicator": chosen,
        "trend_label": trends.label_of(chosen),
        "trend_choices": [(key, label) for key, (label, _percent) in trends.TREND_INDICATORS.items()],
        "trend_chart_url": reverse(chart_url[0], args=[*chart_url[1], chosen]),
        "trend_table_url": reverse(table_url[0], args=[*table_url[1], chosen]),
        "trend_weeks": trends.TREND_WEEKS,
    }


def _known_indicator(indicator: str) -> str:
    if indicator not in trends.TREND_INDICATORS:
        raise Http404("No such indicator.")
    return indicator


def _svg_response(svg: str) -> HttpResponse:
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    # The figures are personal to the location: not kept by shared caches.
    response["Cache-Control"] = "private, max-age=300"
    return response


# pygal styles the chart with an inline <style>; the document has no scripts and loads nothing.
_SVG_POLICY = {"default-src": [NONE], "style-src": [UNSAFE_INLINE], "script-src": [NONE], "img-src": [NONE]}


@csp_replace(_SVG_POLICY)
@role_required(access.oversees_locations)
def location_trend_chart(request: HttpRequest, location_id: int, indicator: str) -> HttpResponse:
    """The location's `indicator` (its total row) per week over the last 26 weeks, as SVG."""
    location = get_object_or_404(access.managed_locations_for(request.user), pk=location_id)
    indicator = _known_indicator(indicator)
    figures = trends.location_trend(location.groups.filter(is_active=True), indicator)
    title = f"{trends.label_of(indicator)} · {location.name}"
    return _svg_response(trends.chart_svg(title, indicator, figures))


@role_required(access.oversees_locations)
def location_trend_table(request: HttpRequest, location_id: int, indicator: str) -> HttpResponse:
    """The chart's figures as a table, with the chart."""
    location = get_object_or_404(access.managed_locations_for(request.user), pk=location_id)
    indicator = _known_indicator(indicator)
    figures = trends.location_trend(location.groups.filter(is_active=True), indicator)
    return render(
        request,
        "groups/dashboard/trend.html",
        {
            "location": location,
            "group": None,
            "figures": figures,
            "subject": location.name,
            "back_url": reverse("groups:location_dashboard", args=[location.pk]),
            **_trend_context(
                indicator,
                ("groups:location_trend_chart", [location.pk]),
                ("groups:location_trend_table", [location.pk]),
            ),
        },
    )


@csp_replace(_SVG_POLICY)
@role_required(access.oversees_locations)
def group_trend_chart(request: HttpRequest, group_id: int, indicator: str) -> HttpResponse:
    """The group's `indicator` per week over the last 26 weeks, as SVG."""
    group = _managed_group(request.user, group_id)
    indicator = _known_indicator(indicator)
    title = f"{trends.label_of(indicator)} · {group.name}"
    return _svg_response(trends.chart_svg(title, indicator, trends.group_trend(group, indicator)))


@role_required(access.oversees_locations)
def group_trend_table(request: HttpRequest, group_id: int, indicator: str) -> HttpResponse:
    group = _managed_group(request.user, group_id)
    indicator = _known_indicator(indicator)
    return render(
        request,
        "groups/dashboard/trend.html",
        {
            "location": group.location,
            "group": group,
            "figures": trends.group_trend(group, indicator),
            "subject": group.name,
            "back_url": reverse("groups:group_cooperation", args=[group.pk]),
            **_trend_context(
                indicator,
                ("groups:group_trend_chart", [group.pk]),
                ("groups:group_trend_table", [group.pk]),
            ),
        },
    )


# --- All locations side by side ---------------------------------------------------------------------


@role_required(access.oversees_locations)
def locations_overview(request: HttpRequest) -> HttpResponse:
    """One row per location the user oversees (an admin: all), with its total figures."""
    form, period = _period(request)
    locations = list(access.managed_locations_for(request.user).order_by("name"))
    groups = Group.objects.filter(location__in=locations, is_active=True)
    totals = indicators.totals_by_location(groups, period)
    rows = [(location, totals.get(location.pk)) for location in locations]
    columns = [(key, label, indicators.HELP.get(key)) for key, label in LOCATION_COLUMNS[1:]]
    return render(
        request,
        "groups/dashboard/locations.html",
        {
            "form": form,
            "period": period,
            "rows": rows,
            **_page_context(request, form, period, LOCATION_COLUMNS[1:], indicators.HELP),
            "columns": columns,
        },
    )


urlpatterns = [
    path("locations/", locations_overview, name="locations_overview"),
    path("locations/<int:location_id>/trends/<slug:indicator>.svg", location_trend_chart, name="location_trend_chart"),
    path("locations/<int:location_id>/trends/<slug:indicator>/", location_trend_table, name="location_trend_table"),
    path("groups/<int:group_id>/cooperation/trends/<slug:indicator>.svg", group_trend_chart, name="group_trend_chart"),
    path("groups/<int:group_id>/cooperation/trends/<slug:indicator>/", group_trend_table, name="group_trend_table"),
    path("locations/<int:location_id>/", location_dashboard, name="location_dashboard"),
    path("locations/<int:location_id>/export.csv", location_export, name="location_export"),
    path("groups/<int:group_id>/cooperation/", group_cooperation, name="group_cooperation"),
    path("groups/<int:group_id>/cooperation/export.csv", group_cooperation_export, name="group_cooperation_export"),
    path(
        "groups/<int:group_id>/cooperation/placements/<int:placement_id>/mentor/",
        mentor_reassign,
        name="mentor_reassign",
    ),
]
