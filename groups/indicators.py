"""How the cooperation with parents is going, per group and per child, over a period.

The location page shows one `GroupIndicators` per group (plus a total), a group's drill-down
one `ChildIndicators` per child. Every figure is computed in the database: the placements
of the period are annotated with correlated subqueries (one row per placement), and the
group figures are aggregates over those same rows, so a group's figure always agrees with
its children's. Python only turns the aggregated rows into dataclasses. The number of
queries is fixed, however many groups and children there are:

- `group_indicators(groups, period)`: 2 queries (aggregates per group, home languages);
- `total_indicators(groups, period)`: 2 queries (the same over all `groups` at once);
- `location_indicators(groups, period)`: 2 queries (both of the above together);
- `totals_by_location(groups, period)`: 2 queries (the same per location);
- `child_indicators(group, period)`: 2 queries (placements, home languages).

Which children count
    A child counts for a group in the period when one of its placements in the group
    overlaps the period (starts on or before its last day, ends on or after its first day or
    not at all). Figures *as of the end* (routine kept, overdue, intakes, parents' view, out
    of sight) count only the children still placed on the period's last day: a child who
    left during the period has no routine left to keep. Figures *in the period* (home
    visits, home activities, sessions) count what happened while the child was placed: from
    the later of the period's start and the placement's start to the earlier of the
    period's end and the placement's end (the child's *window*).

The indicators (the same wording, shorter, is the help text on the pages: `HELP`)
    children placed
        Distinct children with a placement in the group that overlaps the period.
    routine contact kept (%)
        Of the children placed at the end, those whose next contact was not overdue on the
        period's last day: their last contact moment up to that day (before any contact:
        the start of their placement) lies less than one routine ago. The routine is the
        one agreed with the parents now (else `CONTACT_DEFAULT_EVERY_WEEKS`); earlier
        routines are not kept. The complement of *overdue contacts*.
    overdue contacts
        Children placed at the end whose next contact (last contact + routine) fell before
        the period's last day. As `contacts.selectors.due_by`, counted on that day.
    intakes completed (%)
        Of the children placed at the end, those whose intake conversation was completed
        on or before the period's last day.
    home visits done (VE groups)
        Home visits recorded as done whose date lies in the child's window.
    parents' view (%)
        Of the families with a child placed at the end, those where a parent wrote a
        portfolio entry or a response about that child in the 8 weeks (56 days) up to and
        including the period's last day.
    home-activity take-up (%) (VE groups)
        Per child: the home activities handed out to the group, or to the child's family,
        for a week that begins in the child's window; done are those the family gave
        feedback on (at any time). The group's figure is all feedback ÷ all hand-outs over
        its children (siblings in the same group each count).
    session attendance (%) (VE groups)
        Per child: the group's parent–child sessions in the child's window that were not
        cancelled and have started, to which the family was invited (or came); attended
        are those the staff registered the family as present. As
        `activities.sessions_selectors.participation_by_family`, bounded by the window.
    families out of sight
        Families with a child placed at the end that had no contact (any child of the
        family) and sent no message for longer than the routine plus
        `CONTACT_OUT_OF_SIGHT_MARGIN_WEEKS`, counted on the period's last day
        (`contacts.selectors.out_of_sight_by`).
    home languages
        The distinct home languages of the families of the children placed in the period.

A percentage whose denominator is 0 (no children, no hand-outs, no sessions) is None and
shown as "—", as are the VE figures of a group that is not a VE group.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import (
    BooleanField,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, Least, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import HomeActivity, HomeActivityFeedback, SessionFamily
from config.kept_queries import kept_list, kept_sql
from contacts.models import ContactMoment, ContactRoutine
from contacts.selectors import default_every_weeks, due_by, family_last_contact, out_of_sight_by
from families.languages import LANGUAGE_CHOICES
from families.models import HomeVisit, Intake, Placement
from groups.models import Group
from messaging.models import Message
from portfolios.models import Perspective, PortfolioEntry, Response

# --- The period ----------------------------------------------------------------------------

LAST_4_WEEKS = "4w"
LAST_8_WEEKS = "8w"
LAST_QUARTER = "13w"
CUSTOM = "custom"
PERIOD_CHOICES = [
    (LAST_4_WEEKS, _("Last 4 weeks")),
    (LAST_8_WEEKS, _("Last 8 weeks")),
    (LAST_QUARTER, _("Last quarter (13 weeks)")),
    (CUSTOM, _("From … until …")),
]
_WEEKS = {LAST_4_WEEKS: 4, LAST_8_WEEKS: 8, LAST_QUARTER: 13}
# A custom period longer than this is refused: the page is for recent cooperation, and the
# longest period keeps the queries' date windows reasonable.
MAX_PERIOD_DAYS = 2 * 366
# The parents' view looks back this far from the period's last day, whatever the period.
PARENT_VIEW_WEEKS = 8


@dataclass(frozen=True)
class Period:
    """The days from `start` to `end`, both included. `choice` is how it was chosen."""

    start: date
    end: date
    choice: str = CUSTOM

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError("A period cannot end before it starts.")

    @classmethod
    def last_weeks(cls, weeks: int, *, today: date | None = None, choice: str = CUSTOM) -> Period:
        """The `weeks` weeks up to and including `today`."""
        today = today or timezone.localdate()
        return cls(start=today - timedelta(weeks=weeks) + timedelta(days=1), end=today, choice=choice)

    @classmethod
    def default(cls, today: date | None = None) -> Period:
        return cls.chosen(LAST_4_WEEKS, today=today)

    @classmethod
    def chosen(
        cls, choice: str, *, start: date | None = None, end: date | None = None, today: date | None = None
    ) -> Period:
        """The period of one of `PERIOD_CHOICES`; a custom one must be a sensible range.
        Raises ValidationError (with field keys `choice`, `start`, `end`) otherwise."""
        today = today or timezone.localdate()
        if choice in _WEEKS:
            return cls.last_weeks(_WEEKS[choice], today=today, choice=choice)
        if choice != CUSTOM:
            raise ValidationError({"choice": [_("Choose one of the periods.")]})
        errors: dict[str, list] = {}
        if start is None:
            errors["start"] = [_("Fill in the first day of the period.")]
        if end is None:
            errors["end"] = [_("Fill in the last day of the period.")]
        elif end > today:
            errors["end"] = [_("The period cannot end after today.")]
        if not errors and start > end:
            errors["end"] = [_("The last day must be on or after the first day.")]
        if not errors and (end - start).days + 1 > MAX_PERIOD_DAYS:
            errors["start"] = [_("Choose a period of at most two years.")]
        if errors:
            raise ValidationError(errors)
        return cls(start=start, end=end, choice=CUSTOM)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def parent_view_start(self) -> date:
        """The first of the 8 weeks up to the end in which a parent's entry counts."""
        return self.end - timedelta(weeks=PARENT_VIEW_WEEKS) + timedelta(days=1)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# --- The figures ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Ratio:
    """`part` of `whole`; `percent` is None when there is nothing to divide by."""

    part: int
    whole: int

    @property
    def percent(self) -> Decimal | None:
        if not self.whole:
            return None
        return (Decimal(100 * self.part) / Decimal(self.whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# The indicators that can need attention, with the settings that set their threshold.
ROUTINE_KEPT = "routine_kept"
OVERDUE = "overdue"
INTAKES = "intakes_completed"
PARENT_VIEW = "parent_view"
TAKE_UP = "take_up"
SESSIONS = "session_attendance"
OUT_OF_SIGHT = "out_of_sight"


@dataclass(frozen=True)
class GroupIndicators:
    """The figures of one group (or, with `group` None, of several groups together) over a
    period. VE figures are None for a group (or set of groups) without VE."""

    group: Group | None
    is_ve: bool
    children_placed: int
    children_at_end: int
    overdue: int
    intakes_completed: Ratio
    parent_view: Ratio
    out_of_sight: int
    home_visits_done: int | None
    take_up: Ratio | None
    session_attendance: Ratio | None
    home_languages: tuple[str, ...] = ()

    @property
    def routine_kept(self) -> Ratio:
        return Ratio(self.children_at_end - self.overdue, self.children_at_end)

    @property
    def home_language_names(self) -> list[str]:
        return [str(_LANGUAGE_NAMES.get(code, code)) for code in self.home_languages]

    @cached_property
    def attention(self) -> frozenset[str]:
        """The indicators beyond their threshold (see `needs_attention`)."""
        return needs_attention(self)

    @property
    def row_key(self) -> tuple:
        """Everything a row of figures shows (groups/dashboard/_location_row.html caches the
        rendered row under it): every figure, the group's name and what needs attention."""
        group = (self.group.pk, self.group.name) if self.group else None
        figures = tuple(getattr(self, field.name) for field in fields(self) if field.name != "group")
        return (group, figures, tuple(sorted(self.attention)))


@dataclass(frozen=True)
class ChildIndicators:
    """One child's figures in a group's drill-down: its placement (with `child` and
    `mentor` loaded) and what counts for the group. Figures as of the end are None for a
    child who left during the period; VE figures are None outside VE groups."""

    placement: Placement
    placed_at_end: bool
    last_contact_on: date | None
    routine_weeks: int
    has_routine: bool
    next_due: date | None
    overdue: bool | None
    out_of_sight: bool | None
    intake_completed: bool | None
    parent_view: bool | None
    home_visits_done: int | None
    last_home_visit_on: date | None
    take_up: Ratio | None
    session_attendance: Ratio | None
    home_languages: tuple[str, ...] = ()

    @property
    def child(self):
        return self.placement.child

    @property
    def routine_kept(self) -> bool | None:
        return None if self.overdue is None else not self.overdue

    @property
    def left_on(self) -> date | None:
        return None if self.placed_at_end else self.placement.end_date

    @property
    def home_language_names(self) -> list[str]:
        return [str(_LANGUAGE_NAMES.get(code, code)) for code in self.home_languages]


_LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)


def thresholds() -> dict[str, int]:
    """The attention thresholds from the settings (read per call, so tests can change them)."""
    return {
        ROUTINE_KEPT: settings.DASHBOARD_ROUTINE_KEPT_MIN_PCT,
        OVERDUE: settings.DASHBOARD_OVERDUE_MAX,
        INTAKES: settings.DASHBOARD_INTAKES_COMPLETED_MIN_PCT,
        PARENT_VIEW: settings.DASHBOARD_PARENT_VIEW_MIN_PCT,
        TAKE_UP: settings.DASHBOARD_TAKE_UP_MIN_PCT,
        SESSIONS: settings.DASHBOARD_SESSION_ATTENDANCE_MIN_PCT,
        OUT_OF_SIGHT: settings.DASHBOARD_OUT_OF_SIGHT_MAX,
    }


def needs_attention(row: GroupIndicators) -> frozenset[str]:
    """The indicators of `row` that need attention: a percentage below its minimum or a
    count above its maximum. A figure that is "—" (None) never needs attention."""
    limits = thresholds()
    below = {
        ROUTINE_KEPT: row.routine_kept,
        INTAKES: row.intakes_completed,
        PARENT_VIEW: row.parent_view,
        TAKE_UP: row.take_up,
        SESSIONS: row.session_attendance,
    }
    flagged = {
        key
        for key, ratio in below.items()
        if ratio is not None and ratio.percent is not None and ratio.percent < limits[key]
    }
    if row.children_at_end and row.overdue > limits[OVERDUE]:
        flagged.add(OVERDUE)
    if row.children_at_end and row.out_of_sight > limits[OUT_OF_SIGHT]:
        flagged.add(OUT_OF_SIGHT)
    return frozenset(flagged)


# --- The help texts, shown beside the figures ----------------------------------------------

HELP = {
    "children_placed": _("Children with a placement in the group during (part of) the period."),
    ROUTINE_KEPT: _(
        "Of the children still placed on the last day of the period: those whose last contact moment "
        "(before the first contact: the start of the placement) was less than one contact routine before "
        "that day. Without an agreed routine the default routine counts."
    ),
    OVERDUE: _(
        "Children still placed on the last day of the period whose next contact (last contact plus the "
        "routine) was due before that day."
    ),
    INTAKES: _(
        "Of the children still placed on the last day of the period: those whose intake conversation "
        "was completed by that day."
    ),
    "home_visits_done": _("VE groups: home visits recorded as done, dated in the period while the child was placed."),
    PARENT_VIEW: _(
        "Of the families with a child still placed on the last day of the period: those where a parent "
        "wrote a portfolio entry or a response about that child in the 8 weeks up to that day."
    ),
    TAKE_UP: _(
        "VE groups: feedback from the families ÷ the home activities handed to the group (or to the "
        "family) for weeks that begin in the period while the child was placed."
    ),
    SESSIONS: _(
        "VE groups: parent–child sessions the family came to ÷ the sessions they were invited to, held "
        "in the period while the child was placed (cancelled sessions do not count)."
    ),
    OUT_OF_SIGHT: _(
        "Families with a child still placed on the last day of the period who had no contact and sent "
        "no message for longer than their routine plus the margin, counted on that day."
    ),
    "home_languages": _("The languages spoken at home in the families of the children placed in the period."),
    "na": _("“—” means the figure does not apply: no children, nothing handed out, or not a VE group."),
}


# --- The database work ------------------------------------------------------------------------


class _Count(Subquery):
    """COUNT(*) of a correlated subquery: 0 when it finds nothing."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


def _placed_at_end(period: Period) -> Q:
    return Q(end_date__isnull=True) | Q(end_date__gte=period.end)


def _placements(
    groups: QuerySet[Group] | Iterable[Group], period: Period, *, now: datetime | None = None
) -> QuerySet[Placement]:
    """The placements of `groups` overlapping the period, each annotated with its figures
    (sessions count once started, by `now`: default the current time).

    The contact status is the one of `contacts.selectors.with_contact_status`, but as of
    the period's last day: only contact moments and messages up to that day count, and the
    placements running on that day. Its annotation names are the same, so that `due_by`
    and `out_of_sight_by` apply unchanged.
    """
    after_end = _start_of(period.end + timedelta(days=1))
    child, family, group = OuterRef("child"), OuterRef("child__family"), OuterRef("group")
    window_start, window_end = OuterRef("window_start"), OuterRef("window_end")

    def latest_contact(**lookup) -> Subquery:
        moments = ContactMoment.objects.filter(occurred_at__lt=after_end, **lookup).order_by("-occurred_at")
        return Subquery(moments.annotate(day=TruncDate("occurred_at")).values("day")[:1], output_field=DateField())

    first_start = (
        Placement.objects.current(period.end)
        .filter(child=child, start_date__lte=period.end)
        .values("child")
        .annotate(first=Min("start_date"))
        .values("first")[:1]
    )
    last_message = (
        Message.objects.filter(
            child__family=family, side=Message.Side.PARENTS, withdrawn_at__isnull=True, created_at__lt=after_end
        )
        .order_by("-created_at")
        .annotate(day=TruncDate("created_at"))
        .values("day")[:1]
    )
    visits_done = HomeVisit.objects.filter(child=child, status=HomeVisit.Status.DONE)
    in_view = Q(created_at__gte=_start_of(period.parent_view_start), created_at__lt=after_end)
    hand_outs = HomeActivity.objects.filter(
        Q(group=group) | Q(family=family), week_start__gte=window_start, week_start__lte=window_end
    )
    feedback = HomeActivityFeedback.objects.filter(
        Q(home_activity__group=group) | Q(home_activity__family=family),
        family=family,
        home_activity__week_start__gte=window_start,
        home_activity__week_start__lte=window_end,
    )
    invitations = SessionFamily.objects.filter(
        family=family,
        session__group=group,
        session__cancelled_at__isnull=True,
        session__starts_at__lte=now or timezone.now(),
        session__starts_at__date__gte=window_start,
        session__starts_at__date__lte=window_end,
    )

    placements = (
        Placement.objects.filter(group__in=groups, start_date__lte=period.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
        .annotate(
            window_start=Greatest(F("start_date"), Value(period.start), output_field=DateField()),
            window_end=Least(Coalesce(F("end_date"), Value(period.end)), Value(period.end), output_field=DateField()),
            placed_at_end=ExpressionWrapper(_placed_at_end(period), output_field=BooleanField()),
            last_contact_on=latest_contact(child=child),
            family_last_contact_on=family_last_contact(family, occurred_at__lt=after_end),
            family_last_message_on=Subquery(last_message, output_field=DateField()),
            agreed_weeks=Subquery(
                ContactRoutine.objects.filter(child=child).values("every_weeks")[:1], output_field=IntegerField()
            ),
            intake_completed=Exists(
                Intake.objects.filter(child=child, status=Intake.Status.COMPLETED).filter(
                    Q(completed_at__isnull=True) | Q(completed_at__lt=after_end)
                )
            ),
            parent_entry=Exists(PortfolioEntry.objects.filter(in_view, child=child, perspective=Perspective.PARENT)),
            parent_response=Exists(Response.objects.filter(in_view, child=child, perspective=Perspective.PARENT)),
            last_home_visit_on=Subquery(
                visits_done.filter(planned_for__lt=after_end)
                .order_by("-planned_for")
                .annotate(day=TruncDate("planned_for"))
                .values("day")[:1],
                output_field=DateField(),
            ),
        )
    )
    # The windows are annotations themselves, so the counts that use them come second.
    placements = placements.annotate(
        home_visits_done=_Count(
            visits_done.filter(planned_for__date__gte=window_start, planned_for__date__lte=window_end).values("pk")
        ),
        handed_out=_Count(hand_outs.values("pk")),
        feedback_given=_Count(feedback.values("pk")),
        sessions_invited=_Count(invitations.values("pk")),
        sessions_attended=_Count(invitations.filter(attended=True).values("pk")),
        routine_weeks=Coalesce(F("agreed_weeks"), Value(default_every_weeks())),
        contact_since=Coalesce(
            F("last_contact_on"), Subquery(first_start, output_field=DateField()), output_field=DateField()
        ),
    )
    # The later of contact and message; Greatest is NULL on SQLite when one side is.
    contact, message = F("family_last_contact_on"), F("family_last_message_on")
    family_latest = Greatest(Coalesce(contact, message), Coalesce(message, contact), output_field=DateField())
    return placements.annotate(
        family_contact_since=Coalesce(family_latest, F("contact_since"), output_field=DateField())
    )


def _overdue(period: Period) -> Q:
    """Next contact before the last day: due on or before the day before it."""
    return _placed_at_end(period) & due_by(period.end - timedelta(days=1))


def _out_of_sight(period: Period) -> Q:
    return _placed_at_end(period) & out_of_sight_by(period.end)


# The group figures, each an aggregate over the placements annotated by `_placements` (one
# row per placement, flagged below): (name, SQL over the derived table `p`). The names must
# differ from the annotations'. A child or family counts once however many placements it has.
_FIGURES = (
    ("children_placed", "COUNT(DISTINCT p.f_child)"),
    ("children_at_end", "COUNT(DISTINCT CASE WHEN p.f_at_end THEN p.f_child END)"),
    ("overdue", "COUNT(DISTINCT CASE WHEN p.f_overdue THEN p.f_child END)"),
    ("intakes_completed", "COUNT(DISTINCT CASE WHEN p.f_at_end AND p.f_intake THEN p.f_child END)"),
    ("families_at_end", "COUNT(DISTINCT CASE WHEN p.f_at_end THEN p.f_family END)"),
    ("families_with_view", "COUNT(DISTINCT CASE WHEN p.f_at_end AND p.f_view THEN p.f_family END)"),
    ("families_out_of_sight", "COUNT(DISTINCT CASE WHEN p.f_out_of_sight THEN p.f_family END)"),
    ("total_home_visits_done", "COALESCE(SUM(CASE WHEN p.f_ve THEN p.home_visits_done END), 0)"),
    ("total_handed_out", "COALESCE(SUM(CASE WHEN p.f_ve THEN p.handed_out END), 0)"),
    ("total_feedback_given", "COALESCE(SUM(CASE WHEN p.f_ve THEN p.feedback_given END), 0)"),
    ("total_sessions_invited", "COALESCE(SUM(CASE WHEN p.f_ve THEN p.sessions_invited END), 0)"),
    ("total_sessions_attended", "COALESCE(SUM(CASE WHEN p.f_ve THEN p.sessions_attended END), 0)"),
)


def _figures_by(
    groups: list[Group], period: Period, key: str | None, *, with_total: bool = False, keep: bool = True
) -> tuple[dict, dict | None]:
    """The group figures (`_FIGURES`) of the groups' placements (`_placements`) per `key` (a
    placement field path such as "group_id"; None: none), and with `with_total` over all of
    them together: ({key: figures}, total figures or None). One query, its SQL made once per
    process for the groups, the period, today and the rest of the arguments
    (config.kept_queries): building the placements' query took longer than running it. With
    `keep` False (a period asked once, such as a trend's week) it is built as usual.

    The placements' query is a common table expression the figures aggregate over, so each
    placement's correlated subqueries run once for the rows per key and the total alike.
    Aggregates filtered on the annotations directly (Django's `Count(filter=...)`) would
    repeat the subqueries in every figure's filter, several times slower.
    """

    def build(now: datetime) -> tuple:
        return _figures_sql(_placements(groups, period, now=now), period, key, with_total)

    if keep:
        sql, params = kept_sql(("figures", _kept_key(groups, period), key, with_total), build, now=timezone.now())
    else:
        sql, params = build(timezone.now())
    names = [name for name, _sql in _FIGURES]
    by_key, total = {}, None
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for is_total, row_key, *figures in cursor.fetchall():
            if is_total:
                total = dict(zip(names, figures, strict=True))
            else:
                by_key[row_key] = dict(zip(names, figures, strict=True))
    return by_key, total


def _figures_sql(placements: QuerySet[Placement], period: Period, key: str | None, with_total: bool) -> tuple:
    at_end = _placed_at_end(period)
    flags = {
        "f_child": F("child_id"),
        "f_family": F("child__family_id"),
        "f_ve": F("group__is_ve"),
        "f_at_end": ExpressionWrapper(at_end, output_field=BooleanField()),
        "f_overdue": ExpressionWrapper(_overdue(period), output_field=BooleanField()),
        "f_out_of_sight": ExpressionWrapper(_out_of_sight(period), output_field=BooleanField()),
        "f_intake": F("intake_completed"),
        "f_view": ExpressionWrapper(Q(parent_entry=True) | Q(parent_response=True), output_field=BooleanField()),
        "f_key": F(key) if key else Value(0),
    }
    columns = [*flags, "home_visits_done", "handed_out", "feedback_given", "sessions_invited", "sessions_attended"]
    inner, params = placements.annotate(**flags).values(*columns).order_by().query.sql_with_params()
    select = ", ".join(f"{sql} AS {name}" for name, sql in _FIGURES)
    parts = []
    if key:
        parts.append(f"SELECT 0, p.f_key, {select} FROM p GROUP BY p.f_key")  # noqa: S608 - no user input
    if with_total:
        parts.append(f"SELECT 1, NULL, {select} FROM p")  # noqa: S608 - no user input
    return f"WITH p AS ({inner}) {' UNION ALL '.join(parts)}", params


def _row(group: Group | None, is_ve: bool, figures: dict | None, languages: Iterable[str]) -> GroupIndicators:
    figures = figures or {}
    count = lambda key: figures.get(key) or 0  # noqa: E731 - a group without placements has no row
    return GroupIndicators(
        group=group,
        is_ve=is_ve,
        children_placed=count("children_placed"),
        children_at_end=count("children_at_end"),
        overdue=count("overdue"),
        intakes_completed=Ratio(count("intakes_completed"), count("children_at_end")),
        parent_view=Ratio(count("families_with_view"), count("families_at_end")),
        out_of_sight=count("families_out_of_sight"),
        home_visits_done=count("total_home_visits_done") if is_ve else None,
        take_up=Ratio(count("total_feedback_given"), count("total_handed_out")) if is_ve else None,
        session_attendance=Ratio(count("total_sessions_attended"), count("total_sessions_invited")) if is_ve else None,
        home_languages=tuple(sorted(set(languages), key=lambda code: str(_LANGUAGE_NAMES.get(code, code)))),
    )


def _kept_key(groups: list[Group], period: Period) -> tuple:
    """What the SQL of the groups' figures over the period is made from, besides the arguments
    of the function that makes it (config.kept_queries keeps it under this key)."""
    return tuple(group.pk for group in groups), period.start, period.end, timezone.localdate()


def _languages_by(groups: list[Group], period: Period, key: str, *, keep: bool = True) -> dict:
    """The home languages of the families of the groups' placements in the period, per `key`
    (a placement field path). One query, its SQL kept (config.kept_queries) unless `keep` is
    False."""

    def languages_of() -> QuerySet:
        return (
            _bare_placements(groups, period)
            .filter(child__family__home_languages__isnull=False)
            .values_list(key, "child__family__home_languages__language")
            .order_by()
            .distinct()
        )

    rows = kept_list(("languages", _kept_key(groups, period), key), languages_of) if keep else languages_of()
    languages: dict = defaultdict(set)
    for owner, language in rows:
        languages[owner].add(language)
    return languages


def _bare_placements(groups, period: Period) -> QuerySet[Placement]:
    return Placement.objects.filter(group__in=groups, start_date__lte=period.end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=period.start)
    )


def group_indicators(groups: QuerySet[Group], period: Period, *, keep: bool = True) -> list[GroupIndicators]:
    """One row per group of `groups`, in their order (a group without children too). Two queries
    (plus one to read `groups` when it is a queryset). `keep`: see `location_indicators`."""
    groups = list(groups)
    return location_indicators(groups, period, with_total=False, keep=keep)[0]


def location_indicators(
    groups: QuerySet[Group], period: Period, *, with_total: bool = True, keep: bool = True
) -> tuple[list[GroupIndicators], GroupIndicators | None]:
    """`group_indicators` and (with `with_total`) `total_indicators` of the same groups in one
    go: two queries, plus one to read `groups` when it is a queryset. Their SQL is kept per
    process for the groups and the period (config.kept_queries); `keep` False builds it as
    usual, for a period asked once (keeping costs three compilations the first time)."""
    groups = list(groups)
    figures, total = _figures_by(groups, period, "group_id", with_total=with_total, keep=keep)
    languages = _languages_by(groups, period, "group_id", keep=keep)
    rows = [_row(group, group.is_ve, figures.get(group.pk), languages.get(group.pk, ())) for group in groups]
    if not with_total:
        return rows, None
    all_languages = set().union(*languages.values())
    return rows, _row(None, any(group.is_ve for group in groups), total, all_languages)


def total_indicators(groups: QuerySet[Group], period: Period, *, keep: bool = True) -> GroupIndicators:
    """The figures of `groups` together (e.g. a location's total row): counted over all their
    children at once, so a family with children in two groups counts once. VE figures over
    the VE groups only (None when there are none). Two queries, plus one to read `groups`.
    `keep`: see `location_indicators`."""
    groups = list(groups)
    _none, figures = _figures_by(groups, period, None, with_total=True, keep=keep)
    languages = (
        _bare_placements(groups, period)
        .filter(child__family__home_languages__isnull=False)
        .values_list("child__family__home_languages__language", flat=True)
        .order_by()
        .distinct()
    )
    return _row(None, any(group.is_ve for group in groups), figures, list(languages))


def totals_by_location(groups: QuerySet[Group], period: Period) -> dict[int, GroupIndicators]:
    """`total_indicators` per location of `groups` (for comparing locations), keyed by the
    location's id; locations without placements in the period are left out. Two queries,
    plus one to read `groups`."""
    groups = list(groups)
    ve_locations = {group.location_id for group in groups if group.is_ve}
    rows, _none = _figures_by(groups, period, "group__location_id")
    languages = _languages_by(groups, period, "group__location_id")
    return {key: _row(None, key in ve_locations, row, languages.get(key, ())) for key, row in rows.items()}


def child_indicators(group: Group, period: Period) -> list[ChildIndicators]:
    """One row per placement of the group overlapping the period (normally one per child),
    by the child's name. Two queries."""
    placements = (
        _placements([group], period)
        .annotate(
            is_overdue=ExpressionWrapper(_overdue(period), output_field=BooleanField()),
            is_out_of_sight=ExpressionWrapper(_out_of_sight(period), output_field=BooleanField()),
        )
        .select_related("child", "mentor")
        .order_by("child__first_name", "child__last_name", "start_date", "pk")
    )
    placements = list(placements)
    languages = _languages_by([group], period, "child__family_id")
    rows = []
    for placement in placements:
        at_end = bool(placement.placed_at_end)
        as_of_end = (lambda value: bool(value)) if at_end else (lambda value: None)
        since = placement.contact_since
        rows.append(
            ChildIndicators(
                placement=placement,
                placed_at_end=at_end,
                last_contact_on=placement.last_contact_on,
                routine_weeks=placement.routine_weeks,
                has_routine=placement.agreed_weeks is not None,
                next_due=since + timedelta(weeks=placement.routine_weeks) if at_end and since else None,
                overdue=as_of_end(placement.is_overdue),
                out_of_sight=as_of_end(placement.is_out_of_sight),
                intake_completed=as_of_end(placement.intake_completed),
                parent_view=as_of_end(placement.parent_entry or placement.parent_response),
                home_visits_done=placement.home_visits_done if group.is_ve else None,
                last_home_visit_on=placement.last_home_visit_on,
                take_up=Ratio(placement.feedback_given, placement.handed_out) if group.is_ve else None,
                session_attendance=(
                    Ratio(placement.sessions_attended, placement.sessions_invited) if group.is_ve else None
                ),
                home_languages=tuple(
                    sorted(
                        languages.get(placement.child.family_id, ()),
                        key=lambda code: str(_LANGUAGE_NAMES.get(code, code)),
                    )
                ),
            )
        )
    return rows
