"""Announcements: a professional writes to all parents of a group (an outing tomorrow…);
parents read them, may answer privately in their child's conversation, and the group sees
how many families have read it.

Read counts are per family: a family has read an announcement when any of its guardians
opened it. The families counted are those with a child placed in the group *now* (not at
the moment of sending): a family that joined later and opened it counts, one that left
drops out of both numbers, so "read by 12 of 15" never exceeds its total. Everything is
computed in the database, so a list of announcements costs the same queries however many
announcements and families there are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import (
    Exists,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from config.expressions import count_of
from config.kept_queries import kept_list
from families.models import Child, Family, Placement
from groups.models import Group
from messaging import notify
from messaging.models import MESSAGE_MAX_LENGTH, Announcement, AnnouncementRead, Message
from messaging.services.conversations import message_post, too_long_message

if TYPE_CHECKING:
    from accounts.models import User
    from photos.images import ProcessedPhoto


# --- Who is who for a group -------------------------------------------------------------


def professional_groups_for(user: User) -> QuerySet[Group]:
    """The groups `user` works in as a professional (assigned to the group or to its whole
    location): those they may send announcements to. Managers and admins only read."""
    scope = access.scope_of(user)
    if not scope.is_professional:
        return Group.objects.none()
    return Group.objects.filter(Q(pk__in=scope.group_ids) | Q(location_id__in=scope.location_ids_as_professional))


def is_professional_of(user: User, group: Group) -> bool:
    return professional_groups_for(user).filter(pk=group.pk).exists()


def placed_children_of_parent(user: User, group: Group | None = None) -> QuerySet[Child]:
    """The user's own children with a placement that has not ended (in `group`, if given)."""
    if not access.is_guardian(user):
        return Child.objects.none()
    placements = Placement.objects.current().filter(child=OuterRef("pk"))
    if group is not None:
        placements = placements.filter(group=group)
    return Child.objects.filter(family__guardians__user=user).filter(Exists(placements)).distinct()


def parent_groups_for(user: User) -> QuerySet[Group]:
    """The groups in which `user` has a child placed now: whose announcements they read."""
    if not access.is_guardian(user):
        return Group.objects.none()
    placements = Placement.objects.current().filter(child__family__guardians__user=user)
    return Group.objects.filter(pk__in=placements.values("group_id"))


def families_placed_in(group_ref) -> QuerySet[Family]:
    """Families with a child placed in the group now; `group_ref` a group or an OuterRef."""
    placements = Placement.objects.current().filter(child__family=OuterRef("pk"), group=group_ref)
    return Family.objects.filter(Exists(placements))


# --- Reads ------------------------------------------------------------------------------


def _read_by_family(announcement_ref, family_ref=None) -> Exists:
    """Whether one of the family's guardians opened the announcement."""
    return Exists(
        AnnouncementRead.objects.filter(
            announcement=announcement_ref,
            user__guardianships__family=family_ref if family_ref is not None else OuterRef("pk"),
        )
    )


def with_read_counts(announcements: QuerySet[Announcement]) -> QuerySet[Announcement]:
    """Annotate `families_total` and `families_read` (see the module's docstring)."""
    families = families_placed_in(OuterRef(OuterRef("group_id")))
    return announcements.annotate(
        families_total=count_of(families),
        families_read=count_of(families.filter(_read_by_family(OuterRef(OuterRef("pk"))))),
    )


def families_with_read_state(announcement: Announcement) -> list[Family]:
    """The families counted for the announcement, each with `read_at` (None: not yet) and
    `placed_children` (their children in the group, to recognise them by)."""
    first_read = (
        AnnouncementRead.objects.filter(announcement=announcement, user__guardianships__family=OuterRef("pk"))
        .order_by()
        .values("announcement")
        .annotate(first=Min("read_at"))
        .values("first")
    )
    placed = Child.objects.filter(
        Exists(Placement.objects.current().filter(child=OuterRef("pk"), group=announcement.group_id))
    )
    return list(
        families_placed_in(announcement.group_id)
        .annotate(read_at=Subquery(first_read[:1]))
        .prefetch_related(Prefetch("children", queryset=placed, to_attr="placed_children"))
        .order_by("name", "pk")
    )


def announcements_for_staff(user: User) -> QuerySet[Announcement]:
    """Announcements of the groups the user works with (withdrawn ones too)."""
    return Announcement.objects.filter(group__in=access.groups_for(user))


def announcements_for_parent(user: User) -> QuerySet[Announcement]:
    """Announcements of the groups where the user has a child placed now, not withdrawn.

    All of the group's announcements, also those from before the child's placement: they
    are about the group, and a new family is helped by reading what is going on.
    """
    return Announcement.objects.filter(group__in=parent_groups_for(user), withdrawn_at__isnull=True)


def announcements_for(user: User) -> QuerySet[Announcement]:
    """Every announcement `user` may open, as staff or as a parent (others: 404)."""
    return Announcement.objects.filter(
        Q(pk__in=announcements_for_staff(user).values("pk")) | Q(pk__in=announcements_for_parent(user).values("pk"))
    )


def for_parent_with_read_mark(user: User) -> QuerySet[Announcement]:
    """The parent's announcements, newest first, each with `is_read` for this user."""
    return (
        announcements_for_parent(user)
        .select_related("group", "author")
        .annotate(is_read=Exists(AnnouncementRead.objects.filter(announcement=OuterRef("pk"), user=user)))
        .order_by("-created_at", "-pk")
    )


def unread_for_parent(user: User, *, limit: int = 3) -> tuple[list[Announcement], bool]:
    """Up to `limit` unread announcements for the parent's home, and whether there are more
    (one query)."""
    # The SQL is kept per user, scope and day (config.kept_queries): the parent's home asks it.
    unread = kept_list(
        ("unread_announcements", limit, *access.rule_key(user)),
        lambda: for_parent_with_read_mark(user).filter(is_read=False)[: limit + 1],
    )
    return unread[:limit], len(unread) > limit


# --- Writes -----------------------------------------------------------------------------


def _check_body(body: str, *, has_photo: bool) -> str:
    body = (body or "").strip()
    if not body and not has_photo:
        raise ValidationError({"body": [_("Write a message or add a photo.")]})
    if len(body) > MESSAGE_MAX_LENGTH:
        raise ValidationError({"body": [too_long_message(len(body))]})
    return body


@transaction.atomic
def announcement_post(*, group: Group, by: User, body: str, photo: ProcessedPhoto | None = None) -> Announcement:
    """Send an announcement to all parents of the group: only its professionals may."""
    if not is_professional_of(by, group):
        raise PermissionDenied
    body = _check_body(body, has_photo=photo is not None)
    announcement = Announcement(group=group, author=by, body=body, created_at=timezone.now())
    if photo is not None:
        announcement.photo.save(photo.image.name, photo.image, save=False)
        announcement.photo_thumbnail.save(photo.thumbnail.name, photo.thumbnail, save=False)
    announcement.save()
    notify.announcement_posted(announcement)
    return announcement


def announcement_read(*, announcement: Announcement, user: User) -> AnnouncementRead:
    """Record that the user opened the announcement; the first opening counts. Two requests
    at once (a double tap) meet the unique constraint: get_or_create then reads the row the
    other one wrote."""
    read, created = AnnouncementRead.objects.get_or_create(announcement=announcement, user=user)
    if created:
        notify.announcement_opened(user=user, announcement=announcement)
    return read


@transaction.atomic
def announcement_reply(*, announcement: Announcement, by: User, child: Child, body: str) -> Message:
    """A parent answers privately: the reply lands in their child's conversation with the
    group, marked as a reply to the announcement."""
    if announcement.withdrawn_at is not None:
        raise ValidationError({"body": [_("This announcement was withdrawn; you can no longer reply to it.")]})
    if not placed_children_of_parent(by, announcement.group).filter(pk=child.pk).exists():
        raise ValidationError({"child": [_("Choose one of your children in this group.")]})
    _check_body(body, has_photo=False)
    message = message_post(child=child, by=by, body=body, announcement=announcement)
    announcement_read(announcement=announcement, user=by)
    return message


@transaction.atomic
def announcement_withdraw(*, announcement: Announcement, by: User) -> Announcement:
    """The author takes the announcement back at any time: parents no longer see it; the
    row stays (with its read marks) for the group's history."""
    locked = Announcement.objects.select_for_update().get(pk=announcement.pk)
    if locked.author_id is None or locked.author_id != by.pk:
        raise PermissionDenied
    if locked.withdrawn_at is None:
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["withdrawn_at"])
    announcement.withdrawn_at = locked.withdrawn_at
    return announcement
