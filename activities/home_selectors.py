"""Reading home activities: which hand-outs reach a parent's family, each in the parent's
language with the family's feedback, and per group who took part.

A group's hand-out reaches the families whose child was placed in the group during that
week (a child who joins later does not inherit the group's old activities; one who left
keeps the weeks they were there). Placements are read once and matched to the weeks in
Python, so every function here costs the same few queries for 3 hand-outs as for 300.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from accounts import access
from activities.models import MASTER_LANGUAGE, ActivityText, HomeActivity, HomeActivityFeedback
from activities.texts import is_rtl, steps_of, text_in
from config.kept_queries import kept_list
from families.models import Guardian, Placement

if TYPE_CHECKING:
    from accounts.models import User
    from groups.models import Group

# Parents tell how it went (and change what they told) until the week is this long past.
FEEDBACK_OPEN_DAYS_AFTER_WEEK = 14


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_end(week_start: date) -> date:
    """The Sunday that closes the week."""
    return week_start + timedelta(days=6)


def feedback_open_until(home_activity: HomeActivity) -> date:
    return week_end(home_activity.week_start) + timedelta(days=FEEDBACK_OPEN_DAYS_AFTER_WEEK)


def feedback_is_open(home_activity: HomeActivity, today: date) -> bool:
    return today <= feedback_open_until(home_activity)


def language_of(guardian_language: str, family_language: str) -> str:
    """As activities.texts.reading_language, for rows read in bulk: the parent's own language,
    else the family's, else Dutch."""
    for language in (guardian_language, family_language):
        if language and language != "other":
            return language
    return MASTER_LANGUAGE


# --- Placements as periods -------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A child's placement in a group, as far as home activities care."""

    family_id: UUID
    group_id: int
    start: date
    end: date | None
    family_name: str = ""
    child_name: str = ""

    def covers(self, week_start: date) -> bool:
        return self.start <= week_end(week_start) and (self.end is None or self.end >= week_start)


def _spans(placements: QuerySet[Placement]) -> list[Span]:
    return [Span(*row) for row in _span_rows_of(placements)]


def _span_rows_of(placements: QuerySet[Placement]) -> QuerySet:
    return placements.values_list(
        "child__family_id", "group_id", "start_date", "end_date", "child__family__name", "child__first_name"
    ).order_by("child__family__name", "child__family_id", "child__first_name")


def families_reached(home_activity: HomeActivity, spans: list[Span]) -> list[UUID]:
    """The families among `spans` that this hand-out reaches, in the order of the spans."""
    if home_activity.family_id is not None:
        return [home_activity.family_id] if any(s.family_id == home_activity.family_id for s in spans) else []
    reached: list[UUID] = []
    for span in spans:
        reaches = span.group_id == home_activity.group_id and span.covers(home_activity.week_start)
        if reaches and span.family_id not in reached:
            reached.append(span.family_id)
    return reached


# --- The parent's side -------------------------------------------------------------------


@dataclass
class ParentHomeActivity:
    """A hand-out as one parent sees it: for which of their families, in which language."""

    home_activity: HomeActivity
    family_id: UUID
    language: str
    text: ActivityText
    feedback: HomeActivityFeedback | None = None

    @property
    def text_language(self) -> str:
        """The language of `text`: the parent's, or Dutch where no translation exists."""
        return self.language if self.text is not self.home_activity.activity else MASTER_LANGUAGE

    @property
    def rtl(self) -> bool:
        return is_rtl(self.text_language)

    @property
    def translated(self) -> bool:
        return self.text_language != MASTER_LANGUAGE

    @property
    def done(self) -> bool:
        return self.feedback is not None

    @property
    def steps(self) -> list[str]:
        return steps_of(self.text)

    @property
    def dutch_steps(self) -> list[str]:
        return steps_of(self.home_activity.activity)


@dataclass
class ParentView:
    """What a parent's pages need to place hand-outs: their placements and languages."""

    spans: list[Span] = field(default_factory=list)
    languages: dict[UUID, str] = field(default_factory=dict)

    @property
    def family_ids(self) -> set[UUID]:
        return {span.family_id for span in self.spans}

    @property
    def group_ids(self) -> set[int]:
        return {span.group_id for span in self.spans}

    @property
    def reading_language(self) -> str:
        """What activities.texts.reading_language answers for the parent: the language of
        their first guardian record (in the guardians' order)."""
        return next(iter(self.languages.values()), MASTER_LANGUAGE)


def parent_view(user: User) -> ParentView:
    """Two queries: the placements of the parent's own children (within the grace period
    after they left) and the parent's languages per family."""
    if not access.is_guardian(user):
        return ParentView()
    # Their SQL is kept per user, scope and day (config.kept_queries): the parent's home asks.
    key = ("parent_view", *access.rule_key(user))
    spans = [
        Span(*row)
        for row in kept_list(
            (*key, "spans"), lambda: _span_rows_of(Placement.objects.filter(child__in=access.own_children(user)))
        )
    ]
    languages = {
        family_id: language_of(own, family)
        for family_id, own, family in kept_list(
            (*key, "languages"),
            lambda: (
                Guardian.objects.filter(user=user)
                .order_by(*Guardian._meta.ordering, "pk")
                .values_list("family_id", "preferred_language", "family__preferred_language")
            ),
        )
    }
    return ParentView(spans, languages)


def home_activities_for_parent(
    user: User, *, view: ParentView | None = None, home_activities: QuerySet[HomeActivity] | None = None
) -> list[ParentHomeActivity]:
    """The hand-outs (of `home_activities`, default all) that reached the parent's families,
    newest week first, with their feedback. Five queries however many there are."""
    view = view or parent_view(user)
    if not view.spans:
        return []
    candidates = (
        (home_activities if home_activities is not None else HomeActivity.objects.all())
        .filter(Q(family_id__in=view.family_ids) | Q(group_id__in=view.group_ids))
        .select_related("activity", "handed_out_by")
        .prefetch_related("activity__translations")
        .order_by("-week_start", "-created_at")
    )
    found: list[ParentHomeActivity] = []
    for home_activity in candidates:
        families = families_reached(home_activity, view.spans)
        if not families:
            continue
        family_id = families[0]
        language = view.languages.get(family_id, MASTER_LANGUAGE)
        found.append(ParentHomeActivity(home_activity, family_id, language, text_in(home_activity.activity, language)))
    if found:
        feedback = HomeActivityFeedback.objects.filter(
            home_activity__in=[item.home_activity.pk for item in found], family_id__in=view.family_ids
        )
        by_key = {(row.home_activity_id, row.family_id): row for row in feedback}
        for item in found:
            item.feedback = by_key.get((item.home_activity.pk, item.family_id))
    return found


def home_activity_for_parent(user: User, home_activity_id) -> ParentHomeActivity | None:
    """One hand-out if it reached the parent's family, else None (the view answers 404)."""
    found = home_activities_for_parent(user, home_activities=HomeActivity.objects.filter(pk=home_activity_id))
    return found[0] if found else None


# --- The staff's side ------------------------------------------------------------------------


def group_hand_outs(group: Group) -> QuerySet[HomeActivity]:
    """The group's hand-outs and those to single families of the group's children."""
    families = Placement.objects.filter(group=group).values("child__family_id")
    return (
        HomeActivity.objects.filter(Q(group=group) | Q(family_id__in=families))
        .select_related("activity", "family", "handed_out_by")
        .prefetch_related(Prefetch("feedback", queryset=HomeActivityFeedback.objects.order_by()))
        .order_by("-week_start", "-created_at")
    )


@dataclass
class FamilyTakeUp:
    family_id: UUID
    family_name: str
    children: list[str]
    feedback: HomeActivityFeedback | None


@dataclass
class TakeUp:
    """One hand-out on the group's take-up page: per family whether they did it."""

    home_activity: HomeActivity
    families: list[FamilyTakeUp]

    @property
    def done(self) -> int:
        return sum(row.feedback is not None for row in self.families)

    @property
    def percent(self) -> int | None:
        return round(100 * self.done / len(self.families)) if self.families else None


def take_up(group: Group, home_activities: list[HomeActivity]) -> list[TakeUp]:
    """Per hand-out (feedback prefetched) the families it reached in this group. One query."""
    spans = _spans(Placement.objects.filter(group=group))
    names: dict[UUID, str] = {}
    children: dict[tuple[UUID, date], list[str]] = defaultdict(list)
    for span in spans:
        names[span.family_id] = span.family_name
    result = []
    for home_activity in home_activities:
        feedback = {row.family_id: row for row in home_activity.feedback.all()}
        rows = []
        for family_id in families_reached(home_activity, spans):
            key = (family_id, home_activity.week_start)
            if key not in children:
                children[key] = sorted(
                    {
                        span.child_name
                        for span in spans
                        if span.family_id == family_id
                        and (home_activity.family_id is not None or span.covers(home_activity.week_start))
                    }
                )
            rows.append(FamilyTakeUp(family_id, names[family_id], children[key], feedback.get(family_id)))
        result.append(TakeUp(home_activity, rows))
    return result


@dataclass(frozen=True)
class Target:
    """Whom a professional can hand an activity to: a whole group or one family of it."""

    value: str
    label: str
    group_label: str
    group_id: int


def hand_out_targets(user: User, group: Group | None = None) -> list[Target]:
    """Per group the user works in (or only `group`): the whole group, then each family
    with a child placed there now. Two queries."""
    groups = access.groups_worked_in(user).filter(is_active=True).select_related("location")
    if group is not None:
        groups = groups.filter(pk=group.pk)
    groups = sorted(groups, key=lambda each: (not each.is_ve, each.location.name, each.name))
    spans = _spans(Placement.objects.current().filter(group__in=[each.pk for each in groups]))
    targets: list[Target] = []
    for each in groups:
        heading = f"{each.name} · {each.location.name}" + (f" ({_('VE')})" if each.is_ve else "")
        targets.append(
            Target(f"group:{each.pk}", _("The whole group: %(group)s") % {"group": each.name}, heading, each.pk)
        )
        families: dict[UUID, list[str]] = {}
        family_names: dict[UUID, str] = {}
        for span in spans:
            if span.group_id == each.pk:
                families.setdefault(span.family_id, []).append(span.child_name)
                family_names[span.family_id] = span.family_name
        for family_id, child_names in families.items():
            label = _("Family %(family)s (%(children)s)") % {
                "family": family_names[family_id],
                "children": ", ".join(sorted(set(child_names))),
            }
            targets.append(Target(f"family:{family_id}", label, heading, each.pk))
    return targets
