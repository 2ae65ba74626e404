"""A gentle nudge to parents who have not added their view to the portfolio for a while.

Part of the daily reminders (contacts.reminders): `view_reminder_drafts(today)` lists, for
each child placed now whose parents wrote no entry and no response for
PORTFOLIO_VIEW_REMINDER_WEEKS weeks, one notification per parent with a login. The quiet
time is cut into periods of that many weeks, counted from the last view (or the start of
the placement); a notification's date is the end of its period, so reruns, later days of
the same period and a second beat process all hit the same uniqueness key: never twice for
one period. Two queries, however many children.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import DateTimeField, Min, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from families.models import Child, Guardian, Placement
from notifications.services import Draft
from portfolios.models import Perspective, PortfolioEntry, Response

if TYPE_CHECKING:
    from accounts.models import User


def _latest(queryset) -> Subquery:
    return Subquery(queryset.order_by("-created_at").values("created_at")[:1], output_field=DateTimeField())


def period_end(since: date, today: date, weeks: int) -> date | None:
    """The end of the quiet period `today` falls in, or None while the first has not passed.
    With 6 weeks and a last view on 1 March: 12 April, then 24 May, and so on."""
    length = timedelta(weeks=weeks)
    first = since + length
    if today < first:
        return None
    return first + length * ((today - first) // length)


def view_reminder_drafts(today: date) -> list[Draft]:
    weeks = settings.PORTFOLIO_VIEW_REMINDER_WEEKS
    if not weeks:
        return []
    placed = Placement.objects.current(today).filter(start_date__lte=today)
    rows = (
        Child.objects.filter(pk__in=placed.values("child_id"))
        .annotate(
            placed_since=Min("placements__start_date"),
            last_entry=_latest(PortfolioEntry.objects.filter(child=OuterRef("pk"), perspective=Perspective.PARENT)),
            last_response=_latest(Response.objects.filter(entry__child=OuterRef("pk"), perspective=Perspective.PARENT)),
        )
        .values("pk", "first_name", "family_id", "placed_since", "last_entry", "last_response")
    )
    due: list[tuple[dict, date]] = []
    for row in rows:
        views = [timezone.localdate(moment) for moment in (row["last_entry"], row["last_response"]) if moment]
        end = period_end(max([row["placed_since"], *views]), today, weeks)
        if end is not None:
            due.append((row, end))
    if not due:
        return []

    parents: dict[int, list[User]] = defaultdict(list)
    guardians = Guardian.objects.filter(
        family_id__in={row["family_id"] for row, _ in due}, user__isnull=False, user__is_active=True
    ).select_related("user")
    for guardian in guardians.order_by("user_id"):
        parents[guardian.family_id].append(guardian.user)

    drafts = []
    for row, end in due:
        params = {"child": row["first_name"], "child_id": str(row["pk"]), "weeks": weeks}
        link = reverse("portfolios:home_entry_new", args=[row["pk"]])
        drafts.extend(
            Draft("portfolio_view_reminder", parent, f"child:{row['pk']}", end, params, link)
            for parent in parents[row["family_id"]]
        )
    return drafts
