"""A gentle mid-week reminder to parents whose home activity of this week is still open.

Part of the daily reminders (contacts.reminders): on HOME_ACTIVITY_REMINDER_WEEKDAY (0 is
Monday; default Wednesday) `home_activity_reminder_drafts(today)` lists, for each hand-out
of this week and each family it reached that has not told how it went, one notification
per parent with a login. The uniqueness key is the hand-out and the family on the week's
Monday, so a rerun, a retry or a second beat process never sends it twice; an email whose
family told how it went meanwhile is dropped (notifications.kinds). Four queries at most,
however many families.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from django.conf import settings

from activities.home_selectors import Span, families_reached, language_of, monday_of
from activities.models import HomeActivity, HomeActivityFeedback
from activities.services.home import home_activity_url, subject_of
from activities.texts import text_in
from families.models import Guardian, Placement
from notifications.services import Draft

if TYPE_CHECKING:
    from accounts.models import User


def home_activity_reminder_drafts(today: date) -> list[Draft]:
    if today.weekday() != settings.HOME_ACTIVITY_REMINDER_WEEKDAY:
        return []
    week_start = monday_of(today)
    home_activities = list(
        HomeActivity.objects.filter(week_start=week_start)
        .select_related("activity")
        .prefetch_related("activity__translations")
        .order_by("created_at", "pk")
    )
    if not home_activities:
        return []

    # The families reached: those of the group's children placed today (who left before
    # today is not reminded), and the families handed to directly.
    group_ids = {item.group_id for item in home_activities if item.group_id is not None}
    spans = [
        Span(family_id, group_id, start, end)
        for family_id, group_id, start, end in Placement.objects.current(today)
        .filter(group_id__in=group_ids, start_date__lte=today)
        .values_list("child__family_id", "group_id", "start_date", "end_date")
    ]
    done = set(
        HomeActivityFeedback.objects.filter(home_activity__in=home_activities).values_list(
            "home_activity_id", "family_id"
        )
    )
    open_for: list[tuple[HomeActivity, UUID]] = []
    for home_activity in home_activities:
        families = [home_activity.family_id] if home_activity.family_id else families_reached(home_activity, spans)
        open_for.extend((home_activity, family) for family in families if (home_activity.pk, family) not in done)
    if not open_for:
        return []

    parents: dict[UUID, list[tuple[User, str]]] = defaultdict(list)
    guardians = Guardian.objects.filter(
        family_id__in={family for _, family in open_for}, user__isnull=False, user__is_active=True
    ).select_related("user", "family")
    for guardian in guardians.order_by("user_id"):
        language = language_of(guardian.preferred_language, guardian.family.preferred_language)
        parents[guardian.family_id].append((guardian.user, language))

    drafts = []
    for home_activity, family_id in open_for:
        for parent, language in parents[family_id]:
            params = {
                "activity": text_in(home_activity.activity, language).title,
                "home_activity_id": str(home_activity.pk),
                "family_id": str(family_id),
            }
            drafts.append(
                Draft(
                    "home_activity_reminder",
                    parent,
                    f"{subject_of(home_activity)}:{family_id.hex}",
                    week_start,
                    params,
                    home_activity_url(home_activity),
                )
            )
    return drafts
