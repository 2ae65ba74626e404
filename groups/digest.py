"""The weekly digest for location managers: the groups of their locations that need attention.

Offered by the daily reminder job (contacts.reminders.plan_daily_reminders) on the weekday
`MANAGER_DIGEST_WEEKDAY` (Monday by default). The figures are the dashboard's default
period, the last 4 weeks up to that day, so the link in the email shows the same figures.
One notification per manager and week (subject `week:<Monday>`): a rerun, a retry or a
second beat process makes no second one. A manager whose groups all do fine gets nothing.

Only location managers get it: an organisation admin sees every location side by side on
the dashboard and would otherwise get every group of the organisation each week.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from groups import indicators
from groups.indicators import GroupIndicators, Period
from groups.models import Group, StaffAssignment
from notifications.services import Draft

# How each reason reads in the email, with the figure and its threshold.
REASONS = {
    indicators.ROUTINE_KEPT: _("routine contact kept %(value)s%% (below %(limit)s%%)"),
    indicators.OVERDUE: _("%(value)s overdue contacts (more than %(limit)s)"),
    indicators.INTAKES: _("intakes completed %(value)s%% (below %(limit)s%%)"),
    indicators.PARENT_VIEW: _("parents' view %(value)s%% (below %(limit)s%%)"),
    indicators.TAKE_UP: _("home-activity take-up %(value)s%% (below %(limit)s%%)"),
    indicators.SESSIONS: _("session attendance %(value)s%% (below %(limit)s%%)"),
    indicators.OUT_OF_SIGHT: _("%(value)s families out of sight (more than %(limit)s)"),
}
# The order in which the reasons are listed: the routine first, as on the page.
_ORDER = list(REASONS)


def _figure(row: GroupIndicators, key: str) -> str:
    value = getattr(row, key)
    return str(value.percent) if hasattr(value, "percent") else str(value)


def manager_digest_drafts(today: date) -> list[Draft]:
    """One `manager_digest` per location manager whose locations have a group that needs
    attention, on the digest's weekday only. 3 queries (groups, figures, managers), plus 2
    for the home languages the figures come with."""
    if today.weekday() != settings.MANAGER_DIGEST_WEEKDAY:
        return []
    monday = today - timedelta(days=today.weekday())
    period = Period.default(today)
    groups = list(Group.objects.filter(is_active=True).select_related("location").order_by("location__name", "name"))
    if not groups:
        return []

    limits = indicators.thresholds()
    flagged: dict[int, list[dict[str, Any]]] = defaultdict(list)
    # Asked once a week: not worth keeping its SQL per process (config.kept_queries).
    for row in indicators.group_indicators(groups, period, keep=False):
        if row.attention:
            reasons = [[key, _figure(row, key), limits[key]] for key in _ORDER if key in row.attention]
            flagged[row.group.location_id].append(
                {"group": row.group.name, "group_id": row.group.pk, "reasons": reasons}
            )
    if not flagged:
        return []
    names = {group.location_id: group.location.name for group in groups}

    managed: dict[int, list[int]] = defaultdict(list)
    users = {}
    assignments = (
        StaffAssignment.objects.filter(
            role=StaffAssignment.Role.LOCATION_MANAGER, location_id__in=flagged, user__is_active=True
        )
        .select_related("user")
        .order_by("user_id", "location__name")
    )
    for assignment in assignments:
        users[assignment.user_id] = assignment.user
        if assignment.location_id not in managed[assignment.user_id]:
            managed[assignment.user_id].append(assignment.location_id)

    drafts = []
    for user_id, location_ids in managed.items():
        locations = [
            {"location": names[location_id], "location_id": location_id, "groups": flagged[location_id]}
            for location_id in location_ids
        ]
        params = {
            "week": monday.isoformat(),
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "groups": sum(len(location["groups"]) for location in locations),
            "locations": locations,
        }
        link = (
            reverse("groups:location_dashboard", args=[location_ids[0]])
            if len(location_ids) == 1
            else reverse("groups:manager_home")
        )
        drafts.append(Draft("manager_digest", users[user_id], f"week:{monday.isoformat()}", monday, params, link))
    return drafts


def digest_email_context(params: Mapping[str, Any]) -> dict[str, Any]:
    """The locations and groups of a digest with their reasons in words, in the active
    language, with the figures and thresholds of the moment the digest was made."""
    locations = []
    for location in params.get("locations", []):
        groups = [
            {
                "name": group["group"],
                "reasons": [
                    str(REASONS[key]) % {"value": value, "limit": limit}
                    for key, value, limit in group["reasons"]
                    if key in REASONS
                ],
                "url": f"{settings.SITE_URL}{reverse('groups:group_cooperation', args=[group['group_id']])}",
            }
            for group in location["groups"]
        ]
        locations.append({"name": location["location"], "groups": groups})
    start, end = (params.get(name) for name in ("start", "end"))
    return {
        "locations": locations,
        "start": date.fromisoformat(start) if start else None,
        "end": date.fromisoformat(end) if end else None,
    }
