"""The daily reminders: the mentors' digest, conversations tomorrow, agreements due tomorrow,
parents who have not added their view to the portfolio for a while (portfolios.reminders)
and, mid-week, parents whose home activity is still open (activities.reminders).

`plan_daily_reminders(today)` creates the day's notifications through notifications'
`notify_all`: each has a uniqueness key (kind, recipient, subject, today), so running it
twice, or from two beat processes, creates and mails each reminder once. The queries do
not grow with the number of children: everything is read with a handful of `values()`
queries and the recipients are fetched in bulk.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from uuid import UUID

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from activities.reminders import home_activity_reminder_drafts
from contacts.models import Agreement, Booking
from contacts.selectors import DUE_SOON_DAYS, due_by, with_contact_status
from families.models import Guardian, Placement
from groups.digest import manager_digest_drafts
from notifications.services import Draft, notify_all
from portfolios.reminders import view_reminder_drafts


@dataclass(frozen=True)
class DueChild:
    child_id: UUID
    first_name: str
    due_on: date


@dataclass(frozen=True)
class DueAgreement:
    agreement_id: int
    child_id: UUID
    first_name: str
    description: str
    due_on: date


@dataclass
class MentorOverview:
    """What a mentor's digest lists: contacts overdue, contacts due this week, agreements due."""

    overdue: list[DueChild] = field(default_factory=list)
    due: list[DueChild] = field(default_factory=list)
    agreements: list[DueAgreement] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.overdue or self.due or self.agreements)


@dataclass(frozen=True)
class PlannedReminders:
    """How many reminders the daily job offered (a rerun offers them again; none is made twice)."""

    digests: int = 0
    bookings_tomorrow: int = 0
    agreements_due: int = 0
    portfolio_views: int = 0
    home_activities: int = 0
    manager_digests: int = 0


def _mentor_placements(today: date, mentor_id: int | None = None) -> QuerySet[Placement]:
    placements = Placement.objects.current(today).filter(mentor__isnull=False, mentor__is_active=True)
    if mentor_id is not None:
        placements = placements.filter(mentor_id=mentor_id)
    return placements


def mentor_overviews(today: date, mentor_id: int | None = None) -> dict[int, MentorOverview]:
    """Per mentor: the children of their current placements whose contact is overdue or due
    within the week, and the open agreements about their children due within the week or
    overdue. Three queries, for one mentor or all of them."""
    horizon = today + timedelta(days=DUE_SOON_DAYS - 1)
    placements = _mentor_placements(today, mentor_id)
    overviews: dict[int, MentorOverview] = defaultdict(MentorOverview)

    due_rows = (
        with_contact_status(placements, child="child")
        .filter(due_by(horizon))
        .annotate(contact_since=F("contact_since"), routine_weeks=F("routine_weeks"))
        .values("mentor_id", "child_id", "child__first_name", "contact_since", "routine_weeks")
        .order_by("contact_since", "child__first_name", "child_id")
    )
    listed: set[tuple[int, UUID]] = set()
    for row in due_rows:
        key = (row["mentor_id"], row["child_id"])
        if key in listed:  # two current placements with the same mentor
            continue
        listed.add(key)
        next_due = row["contact_since"] + timedelta(weeks=row["routine_weeks"])
        item = DueChild(row["child_id"], row["child__first_name"], next_due)
        overview = overviews[row["mentor_id"]]
        (overview.overdue if next_due < today else overview.due).append(item)

    agreement_rows = list(
        Agreement.objects.filter(
            done_at__isnull=True, due_on__lte=horizon, contact_moment__child__in=placements.values("child")
        )
        .values("pk", "description", "due_on", "contact_moment__child_id", "contact_moment__child__first_name")
        .order_by("due_on", "pk")
    )
    if agreement_rows:
        mentors_of_child: dict[UUID, set[int]] = defaultdict(set)
        child_ids = {row["contact_moment__child_id"] for row in agreement_rows}
        for mentor, child in placements.filter(child_id__in=child_ids).values_list("mentor_id", "child_id"):
            mentors_of_child[child].add(mentor)
        for row in agreement_rows:
            child_id = row["contact_moment__child_id"]
            item = DueAgreement(
                row["pk"], child_id, row["contact_moment__child__first_name"], row["description"], row["due_on"]
            )
            for mentor in sorted(mentors_of_child[child_id]):
                overviews[mentor].agreements.append(item)
    return dict(overviews)


def mentor_overview(mentor_id: int, today: date) -> MentorOverview:
    return mentor_overviews(today, mentor_id).get(mentor_id, MentorOverview())


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@transaction.atomic
def plan_daily_reminders(today: date) -> PlannedReminders:
    """Create today's reminders; their emails are queued once the transaction commits."""
    tomorrow = today + timedelta(days=1)
    overviews = {mentor: overview for mentor, overview in mentor_overviews(today).items() if overview}

    bookings = list(
        Booking.objects.filter(
            cancelled_at__isnull=True,
            slot__starts_at__gte=_start_of(tomorrow),
            slot__starts_at__lt=_start_of(tomorrow + timedelta(days=1)),
        ).values("pk", "child_id", "child__first_name", "child__family_id", "slot__starts_at")
    )
    parents_of_family: dict[int, set[int]] = defaultdict(set)
    if bookings:
        guardians = Guardian.objects.filter(
            family_id__in={booking["child__family_id"] for booking in bookings}, user__isnull=False
        ).values_list("family_id", "user_id")
        for family_id, user_id in guardians:
            parents_of_family[family_id].add(user_id)

    agreements = list(
        Agreement.objects.filter(done_at__isnull=True, due_on=tomorrow).values(
            "pk",
            "description",
            "due_on",
            "owner_professional_id",
            "owner_guardian__user_id",
            "contact_moment__child_id",
            "contact_moment__child__first_name",
        )
    )

    user_ids = set(overviews)
    user_ids.update(user_id for users in parents_of_family.values() for user_id in users)
    user_ids.update(row["owner_professional_id"] or row["owner_guardian__user_id"] for row in agreements)
    users = User.objects.filter(is_active=True).in_bulk(user_ids)

    drafts: list[Draft] = []
    staff_home = reverse("groups:staff_home")
    for mentor_id, overview in overviews.items():
        if mentor_id in users:
            params = {
                "overdue": len(overview.overdue),
                "due": len(overview.due),
                "agreements": len(overview.agreements),
            }
            drafts.append(Draft("mentor_digest", users[mentor_id], "digest", today, params, staff_home))
    digests = len(drafts)

    for booking in bookings:
        params = {"child": booking["child__first_name"], "starts_at": booking["slot__starts_at"].isoformat()}
        link = reverse("families:child_detail", args=[booking["child_id"]])
        for user_id in sorted(parents_of_family[booking["child__family_id"]]):
            if user_id in users:
                drafts.append(
                    Draft("booking_tomorrow", users[user_id], f"booking:{booking['pk']}", today, params, link)
                )
    bookings_tomorrow = len(drafts) - digests

    for row in agreements:
        owner = users.get(row["owner_professional_id"] or row["owner_guardian__user_id"])
        if owner is None:
            continue
        params = {
            "child": row["contact_moment__child__first_name"],
            "description": row["description"],
            "due_on": row["due_on"].isoformat(),
        }
        link = reverse("families:child_detail", args=[row["contact_moment__child_id"]])
        drafts.append(Draft("agreement_due", owner, f"agreement:{row['pk']}", today, params, link))

    agreements_due = len(drafts) - digests - bookings_tomorrow
    view_reminders = view_reminder_drafts(today)
    home_activity_reminders = home_activity_reminder_drafts(today)
    manager_digests = manager_digest_drafts(today)
    notify_all([*drafts, *view_reminders, *home_activity_reminders, *manager_digests])
    # Remembered so that the catch-up knows the day is done (see catch_up_daily_reminders).
    transaction.on_commit(lambda: cache.set(_done_key(today), True, timeout=2 * 24 * 3600))
    return PlannedReminders(
        digests=digests,
        bookings_tomorrow=bookings_tomorrow,
        agreements_due=agreements_due,
        portfolio_views=len(view_reminders),
        home_activities=len(home_activity_reminders),
        manager_digests=len(manager_digests),
    )


def _done_key(day: date) -> str:
    return f"contacts:daily-reminders-done:{day.isoformat()}"


def catch_up_daily_reminders(now: datetime | None = None) -> bool:
    """Run today's reminders if their hour has passed and they did not run: beat could not
    hand the job to a broker that was down at that hour, or beat itself was down.
    Returns whether it ran. Running it when it did run after all changes nothing (the
    uniqueness keys), so a lost cache entry costs only the queries."""
    now = timezone.localtime(now)
    if now.hour < settings.REMINDERS_DAILY_HOUR or cache.get(_done_key(now.date())):
        return False
    plan_daily_reminders(now.date())
    return True
