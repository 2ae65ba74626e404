"""The parent home's card of this week's home activities: each in the parent's language,
open or done. The same queries for 3 activities as for 30 (see activities.home_selectors)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from activities.home_selectors import ParentView, home_activities_for_parent, monday_of
from activities.models import HomeActivity

if TYPE_CHECKING:
    from accounts.models import User


def home_activity_cards(user: User, view: ParentView | None = None) -> dict:
    """Context for templates/activities/_parent_home_activities.html; a constant number of
    queries (two fewer with the parent's `view` read already)."""
    monday = monday_of(timezone.localdate())
    items = home_activities_for_parent(user, view=view, home_activities=HomeActivity.objects.filter(week_start=monday))
    # Open ones first: those are what the parent may still do this week.
    items.sort(key=lambda item: item.done)
    return {"home_activity_cards": items}
