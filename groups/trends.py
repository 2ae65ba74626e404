"""How a location's or a group's cooperation figures went week by week: the trends charted on
the managers' dashboard.

A week runs from Monday to Sunday; the current week counts up to today (a figure "as of the
end" cannot be counted on a day still to come). Each week's figures are those of
`groups.indicators` for that week as the period, so a week's figure means exactly what the
column means on the page for a period of one week. The indicators are called once per week:
2 queries a week, however many groups and children there are. Their SQL is not kept per
process (config.kept_queries) as the pages' is: each week is asked once per chart, and keeping
26 periods would compile each three times and push the pages' kept queries out of the store.

The chart is an SVG drawn by pygal on the server, shown with <img>: no script runs and
nothing loads from elsewhere. Every series has dots with their value printed beside them, so
the chart reads without colour; the page offers the same figures as a table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pygal
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from pygal.style import Style

from groups import indicators
from groups.indicators import GroupIndicators, Period
from groups.models import Group

TREND_WEEKS = 26

# The indicators that can be charted, how they read, and whether they are a percentage.
TREND_INDICATORS: dict[str, tuple[str, bool]] = {
    indicators.ROUTINE_KEPT: (_("Routine contact kept (%)"), True),
    indicators.OVERDUE: (_("Overdue contacts"), False),
    indicators.PARENT_VIEW: (_("Parents' view in 8 weeks (%)"), True),
    indicators.TAKE_UP: (_("Home-activity take-up (%)"), True),
    indicators.OUT_OF_SIGHT: (_("Families out of sight"), False),
}
DEFAULT_INDICATOR = indicators.ROUTINE_KEPT

_VALUES: dict[str, Callable[[GroupIndicators], Decimal | int | None]] = {
    indicators.ROUTINE_KEPT: lambda row: row.routine_kept.percent,
    indicators.OVERDUE: lambda row: row.overdue if row.children_at_end else None,
    indicators.PARENT_VIEW: lambda row: row.parent_view.percent,
    indicators.TAKE_UP: lambda row: row.take_up.percent if row.take_up is not None else None,
    indicators.OUT_OF_SIGHT: lambda row: row.out_of_sight if row.children_at_end else None,
}


def chosen_indicator(value: str | None) -> str:
    """The indicator asked for, or the default one for anything else."""
    return value if value in TREND_INDICATORS else DEFAULT_INDICATOR


def label_of(indicator: str) -> str:
    return str(TREND_INDICATORS[indicator][0])


@dataclass(frozen=True)
class WeekFigure:
    """One week of a trend: the week (as a period) and the indicator's value; None where the
    page would show "—" (no children placed at the end of the week, no hand-outs, no VE)."""

    week: Period
    value: Decimal | int | None


def weeks(today: date | None = None, count: int = TREND_WEEKS) -> list[Period]:
    """The last `count` weeks, oldest first, the current one up to `today`."""
    today = today or timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    mondays = [monday - timedelta(weeks=back) for back in range(count - 1, -1, -1)]
    return [Period(start, min(start + timedelta(days=6), today)) for start in mondays]


def group_trend(group: Group, indicator: str, today: date | None = None) -> list[WeekFigure]:
    """The group's `indicator` per week. 2 queries a week."""
    value = _VALUES[indicator]
    return [WeekFigure(week, value(indicators.group_indicators([group], week, keep=False)[0])) for week in weeks(today)]


def location_trend(
    groups: QuerySet[Group] | Iterable[Group], indicator: str, today: date | None = None
) -> list[WeekFigure]:
    """The `indicator` of `groups` together (as the location's total row) per week. 2 queries a
    week, plus one to read `groups` when it is a queryset."""
    groups = list(groups)
    value = _VALUES[indicator]
    return [WeekFigure(week, value(indicators.total_indicators(groups, week, keep=False))) for week in weeks(today)]


def week_label(week: Period) -> str:
    return date_format(week.start, "j M")


# Bootstrap's colours and system fonts; the series is dark enough to read on white.
_STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    colors=("#0d6efd",),
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    value_font_size=11,
    label_font_size=11,
    major_label_font_size=11,
    title_font_size=15,
    stroke_width="2",
)
# pygal always writes its configuration into an inline <script> for its interactive mode;
# shown as an image it never runs, and the site's policy forbids it, so it is left out.
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL)


def chart_svg(title: str, indicator: str, figures: list[WeekFigure]) -> str:
    """A line chart of `figures` as an SVG document (no XML declaration, no script)."""
    percent = TREND_INDICATORS[indicator][1]
    chart = pygal.Line(
        js=[],
        disable_xml_declaration=True,
        style=_STYLE,
        width=900,
        height=360,
        explicit_size=False,
        title=title,
        show_legend=False,
        print_values=True,
        print_values_position="top",
        dots_size=3,
        x_label_rotation=-45,
        show_minor_x_labels=False,
        x_labels_major_every=2,
        range=(0, 100) if percent else None,
        min_scale=4,
        max_scale=10,
        allow_interruptions=True,
        value_formatter=(lambda value: f"{value:g}%") if percent else (lambda value: f"{value:g}"),
        no_data_text=str(_("No data")),
    )
    chart.x_labels = [week_label(figure.week) for figure in figures]
    chart.add(label_of(indicator), [None if figure.value is None else float(figure.value) for figure in figures])
    return _SCRIPT.sub("", chart.render(is_unicode=True))
