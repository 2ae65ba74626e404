"""Reading parent–child sessions: whose sessions a user sees, the replies and attendance per
session, and how often each family of a group took part.

Every function costs a fixed number of queries however many sessions or families there
are: counts are computed in the database. `participation_by_family` is shared with the
manager's dashboard.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts import access
from activities.models import ParentChildSession, SessionFamily
from families.models import Family, Guardian, Placement

if TYPE_CHECKING:
    from accounts.models import User
    from groups.models import Group


def sessions_for_staff(user: User) -> QuerySet[ParentChildSession]:
    """The sessions of the groups the user works with or oversees (managers read along)."""
    return ParentChildSession.objects.filter(group__in=access.groups_for(user))


def invitations_for_parent(user: User) -> QuerySet[SessionFamily]:
    """The invitations of the user's own family (or families): a parent sees a session only
    when their family was invited to it (or came), never the rest of the group's."""
    if not access.is_guardian(user):
        return SessionFamily.objects.none()
    return SessionFamily.objects.filter(family__in=Guardian.objects.filter(user=user).values("family_id"))


def sessions_visible_to(user: User) -> QuerySet[ParentChildSession]:
    """Staff: their groups' sessions; parents: the sessions their family was invited to."""
    return ParentChildSession.objects.filter(
        Q(group__in=access.groups_for(user)) | Q(pk__in=invitations_for_parent(user).values("session_id"))
    )


def with_counts(sessions: QuerySet[ParentChildSession]) -> QuerySet[ParentChildSession]:
    """Per session: families invited (or who came), replies either way, and who came."""
    return sessions.annotate(
        families_count=Count("families"),
        coming_count=Count("families", filter=Q(families__reply=SessionFamily.Reply.COMING)),
        not_coming_count=Count("families", filter=Q(families__reply=SessionFamily.Reply.NOT_COMING)),
        attended_count=Count("families", filter=Q(families__attended=True)),
        registered_count=Count("families", filter=Q(families__attended__isnull=False)),
    )


def placed_families(group: Group) -> QuerySet[Family]:
    """Families with a child placed in the group now (or from a later date): whom a session
    of the group invites."""
    return Family.objects.filter(
        Exists(Placement.objects.current().filter(group=group, child__family_id=OuterRef("pk")))
    )


def _start_of(since: date | datetime) -> datetime:
    if isinstance(since, datetime):
        return since
    return timezone.make_aware(datetime.combine(since, time.min))


def participation_by_family(group: Group, since: date | datetime | None = None) -> QuerySet[Family]:
    """The group's families (placed now, or part of one of its sessions), each annotated with
    `sessions_invited`: the group's sessions since `since` that have started and were not
    cancelled, to which the family was invited (or came without an invitation), and
    `sessions_attended`: how many of those it came to. One query, ordered by name."""
    held = Q(
        sessions__session__group=group,
        sessions__session__cancelled_at__isnull=True,
        sessions__session__starts_at__lte=timezone.now(),
    )
    if since is not None:
        held &= Q(sessions__session__starts_at__gte=_start_of(since))
    part_of_a_session = SessionFamily.objects.filter(session__group=group).values("family_id")
    return (
        Family.objects.filter(
            Q(Exists(Placement.objects.current().filter(group=group, child__family_id=OuterRef("pk"))))
            | Q(pk__in=part_of_a_session)
        )
        .annotate(
            sessions_invited=Count("sessions", filter=held),
            sessions_attended=Count("sessions", filter=held & Q(sessions__attended=True)),
        )
        .order_by("name", "pk")
    )
