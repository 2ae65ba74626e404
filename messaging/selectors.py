"""Reading conversations: unread counts, the inbox, and who read which message.

Each function costs a fixed number of queries however many conversations or messages
there are: counts are computed in the database against the read marks (one pointer per
user and child), and "read by" is worked out from the child's read marks fetched once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts import access
from config.expressions import KeptCount, KeptSQL, count_of, counted, run_count
from config.kept_queries import kept_list
from families.models import Child, Guardian, Placement
from groups.models import StaffAssignment
from messaging.models import Message, ReadMark
from messaging.services.conversations import WITHDRAW_WINDOW, side_of

if TYPE_CHECKING:
    from uuid import UUID

    from accounts.models import User

# Before any message: a conversation without a read mark is unread from the start.
NEVER = datetime(2000, 1, 1, tzinfo=UTC)

ROLE_MENTOR = _("mentor")
ROLE_PROFESSIONAL = _("professional")
ROLE_PARENT = _("parent")


# --- Unread counts --------------------------------------------------------------------


def _children_written_to(user: User) -> tuple[QuerySet[Child], QuerySet[Child]]:
    """The children in whose conversation the user writes as a parent, and as staff."""
    as_parent = access.conversation_children_for(user, as_staff=False)
    if access.is_professional(user):
        as_staff = access.children_for(user, as_parent=False, as_manager=False)
    else:
        as_staff = Child.objects.none()
    return as_parent, as_staff


def unread_messages(user: User) -> QuerySet[Message]:
    """Messages from the other side of the user's conversations that they have not read.
    Only those who write in a conversation (parents, the group's professionals) have unread
    messages; managers and admins look in without a count."""
    scope = access.scope_of(user)
    # Only the sides the user writes on: the navigation asks this on every page.
    as_parent = access.conversation_children_for(user, as_staff=False).values("pk") if scope.is_guardian else None
    sides = Q()
    if as_parent is not None:
        sides |= Q(child__in=as_parent, side=Message.Side.STAFF)
    if scope.is_professional:
        from_parents = Q(
            child__in=access.children_for(user, as_parent=False, as_manager=False), side=Message.Side.PARENTS
        )
        sides |= from_parents & ~Q(child__in=as_parent) if as_parent is not None else from_parents
    if not sides:
        return Message.objects.none()
    mark = ReadMark.objects.filter(child_id=OuterRef("child_id"), user=user).values("read_up_to")[:1]
    read_up_to = Coalesce(Subquery(mark), Value(NEVER), output_field=DateTimeField())
    return Message.objects.filter(sides, ~Q(author=user), withdrawn_at__isnull=True, created_at__gt=read_up_to)


def unread_count(user: User) -> int:
    if not user.is_authenticated:
        return 0
    return run_count(_unread_total(user))


def _unread_total(user: User) -> tuple[str, tuple] | None:
    """The SQL that counts `unread_messages(user)`: the same on every page for this user, so
    compiled once (see access.kept_sql)."""
    return access.kept_sql(user, ("unread_messages",), lambda: counted(unread_messages(user)))


def with_unread_counts(user: User, children: QuerySet[Child], *, per_child: bool = True) -> QuerySet[Child]:
    """`children` with the user's unread messages in all conversations (`unread_total`, the
    navigation's count) and, with `per_child`, in each child's (`unread_here`), asked in the
    query that loads them: a page about one child needs no query of its own for either. Only
    for those who have unread messages at all (parents, professionals)."""
    if not (access.is_guardian(user) or access.is_professional(user)):
        return children
    children = children.annotate(unread_total=KeptCount(_unread_total(user)))
    if per_child:
        # Of those, the ones in each child's conversation: the kept SQL, narrowed per child.
        unread_ids = access.kept_sql(
            user, ("unread_message_ids",), lambda: unread_messages(user).order_by().values("pk")
        )
        here = Message.objects.none()
        if unread_ids is not None:
            here = Message.objects.filter(pk__in=KeptSQL(unread_ids), child_id=OuterRef("pk"))
        children = children.annotate(unread_here=count_of(here))
    return children


# --- The inbox ------------------------------------------------------------------------


@dataclass
class InboxRow:
    child: Child
    viewer_side: str
    unread: int
    last_message: Message | None
    group_names: list[str] = field(default_factory=list)
    professionals: list[tuple[str, bool]] = field(default_factory=list)  # (name, is mentor), mentors first
    guardians: list[str] = field(default_factory=list)


def inbox_children(user: User, *, group_id: int | None = None) -> QuerySet[Child]:
    """The children whose conversation the user reads, with the user's side, unread count and
    last message per child, those with unread messages first, then the latest conversations."""
    children = access.conversation_children_for(user)
    if group_id is not None:
        children = children.filter(
            pk__in=Placement.objects.current().filter(group_id=group_id).values("child_id"),
        )
    as_parent_children, as_staff_children = _children_written_to(user)
    writes_as_parent = Q(pk__in=as_parent_children.values("pk"))
    participant = writes_as_parent | Q(pk__in=as_staff_children.values("pk"))
    mark = ReadMark.objects.filter(child_id=OuterRef("pk"), user=user).values("read_up_to")[:1]
    unread = (
        Message.objects.filter(
            child_id=OuterRef("pk"), withdrawn_at__isnull=True, created_at__gt=OuterRef("read_up_to")
        )
        .exclude(side=OuterRef("viewer_side"))
        .exclude(author=user)
        .order_by()
        .values("child_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    latest = Message.objects.filter(child_id=OuterRef("pk")).order_by("-created_at", "-pk")
    return (
        children.annotate(
            viewer_side=Case(
                When(writes_as_parent, then=Value(Message.Side.PARENTS)),
                default=Value(Message.Side.STAFF),
            ),
            read_up_to=Coalesce(Subquery(mark), Value(NEVER), output_field=DateTimeField()),
            unread=Case(
                When(participant, then=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))),
                default=Value(0),
                output_field=IntegerField(),
            ),
            last_message_id=Subquery(latest.values("pk")[:1]),
            last_message_at=Subquery(latest.values("created_at")[:1]),
        )
        .annotate(has_unread=Case(When(unread__gt=0, then=Value(1)), default=Value(0), output_field=IntegerField()))
        .order_by("-has_unread", F("last_message_at").desc(nulls_last=True), "first_name", "pk")
    )


def inbox_rows(children: list[Child]) -> list[InboxRow]:
    """Rows for a page of `inbox_children`: four queries however long the page is."""
    last_messages = Message.objects.select_related("author").in_bulk(
        [child.last_message_id for child in children if child.last_message_id]
    )
    placements = list(
        Placement.objects.current()
        .filter(child__in=children)
        .select_related("group", "mentor")
        .order_by("start_date", "pk")
    )
    group_ids = {placement.group_id for placement in placements}
    location_ids = {placement.group.location_id for placement in placements}
    assignments = (
        StaffAssignment.objects.filter(role=StaffAssignment.Role.PROFESSIONAL, user__is_active=True)
        .filter(Q(group_id__in=group_ids) | Q(group__isnull=True, location_id__in=location_ids))
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "pk")
    )
    professionals_of_group: dict[int, list[User]] = defaultdict(list)
    professionals_of_location: dict[int, list[User]] = defaultdict(list)
    for assignment in assignments:
        if assignment.group_id:
            professionals_of_group[assignment.group_id].append(assignment.user)
        else:
            professionals_of_location[assignment.location_id].append(assignment.user)
    guardians_of: dict = defaultdict(list)
    for guardian in Guardian.objects.filter(family_id__in={child.family_id for child in children}).only(
        "family_id", "first_name", "last_name"
    ):
        guardians_of[guardian.family_id].append(guardian.first_name)
    placements_of: dict = defaultdict(list)
    for placement in placements:
        placements_of[placement.child_id].append(placement)

    rows = []
    for child in children:
        row = InboxRow(
            child=child,
            viewer_side=child.viewer_side,
            unread=child.unread,
            last_message=last_messages.get(child.last_message_id),
            guardians=guardians_of[child.family_id],
        )
        mentors, others, seen = [], [], set()
        for placement in placements_of[child.pk]:
            row.group_names.append(placement.group.name)
            if placement.mentor and placement.mentor.is_active and placement.mentor.pk not in seen:
                seen.add(placement.mentor.pk)
                mentors.append((placement.mentor.get_full_name(), True))
            for user in (
                professionals_of_group[placement.group_id] + professionals_of_location[placement.group.location_id]
            ):
                if user.pk not in seen:
                    seen.add(user.pk)
                    others.append((user.get_full_name(), False))
        row.professionals = mentors + others
        rows.append(row)
    return rows


# --- One conversation -----------------------------------------------------------------


@dataclass(frozen=True)
class Reader:
    name: str
    role: Promise
    read_at: datetime


@dataclass
class MessageView:
    """A message as one user sees it in the conversation."""

    message: Message
    ours: bool  # written on the viewer's side: shown on the right
    mine: bool
    role: Promise
    readers: list[Reader]
    may_edit: bool = False
    may_withdraw: bool = False
    may_make_contact: bool = False

    @property
    def pk(self) -> int:
        return self.message.pk


@dataclass
class Conversation:
    """What a page of a conversation needs about the people in it, read once."""

    child: Child
    viewer: User
    viewer_side: str | None  # None: reads without writing (a manager, an admin)
    may_log_contact: bool
    may_read_contacts: bool
    mentor_ids: set[int]
    marks: list[ReadMark]

    @property
    def display_side(self) -> str:
        return self.viewer_side or Message.Side.STAFF

    def has_unread(self, messages: list[Message]) -> bool:
        """Do `messages` hold one of the other side the viewer has not read yet? Only then
        does their read mark move, so that its time says when they read something new."""
        if self.viewer_side is None:
            return False
        mine = next((mark.read_up_to for mark in self.marks if mark.user_id == self.viewer.pk), NEVER)
        return any(
            message.side != self.viewer_side
            and message.author_id != self.viewer.pk
            and not message.is_withdrawn
            and message.created_at > mine
            for message in messages
        )

    def latest_other_side_read(self) -> datetime | None:
        """The newest read mark of the other side: when it moves, "read by" has changed."""
        other = [mark.read_up_to for mark in self.marks if self._is_other_side(mark, self.display_side)]
        return max(other, default=None)

    def _is_other_side(self, mark: ReadMark, side: str) -> bool:
        return not mark.is_parent if side == Message.Side.PARENTS else mark.is_parent

    def _role_of_staff(self, user_id: int | None) -> Promise:
        return ROLE_MENTOR if user_id in self.mentor_ids else ROLE_PROFESSIONAL

    def readers_of(self, message: Message) -> list[Reader]:
        readers = [
            Reader(
                name=mark.user.first_name or mark.user.get_full_name(),
                role=ROLE_PARENT if mark.is_parent else self._role_of_staff(mark.user_id),
                read_at=mark.read_up_to,
            )
            for mark in self.marks
            if mark.user_id != message.author_id
            and mark.read_up_to >= message.created_at
            and self._is_other_side(mark, message.side)
        ]
        readers.sort(key=lambda reader: (reader.role != ROLE_MENTOR, reader.read_at))
        return readers

    def view(self, message: Message, *, now: datetime) -> MessageView:
        mine = message.author_id == self.viewer.pk
        ours = message.side == self.display_side
        readers = self.readers_of(message) if ours else []
        writes_here = self.viewer_side == message.side
        usable = mine and writes_here and not message.is_withdrawn
        return MessageView(
            message=message,
            ours=ours,
            mine=mine,
            role=ROLE_PARENT if message.side == Message.Side.PARENTS else self._role_of_staff(message.author_id),
            readers=readers,
            may_edit=usable and not readers,
            may_withdraw=usable and now - message.created_at <= WITHDRAW_WINDOW,
            may_make_contact=(
                self.may_log_contact
                and message.side == Message.Side.PARENTS
                and not message.is_withdrawn
                and message.contact_moment_id is None
            ),
        )

    def views(self, messages: list[Message]) -> list[MessageView]:
        now = timezone.now()
        return [self.view(message, now=now) for message in messages]


def conversation_for(user: User, child: Child) -> Conversation:
    """The people of the child's conversation, for showing its messages to `user`: two
    queries (the read marks with their users, and the mentors)."""
    parents = Guardian.objects.filter(family_id=child.family_id, user_id=OuterRef("user_id"))
    marks = list(
        ReadMark.objects.filter(child=child)
        .annotate(is_parent=Exists(parents))
        .select_related("user")
        .order_by("read_up_to", "pk")
    )
    mentor_ids = set(
        Placement.objects.current().filter(child=child, mentor__isnull=False).values_list("mentor_id", flat=True)
    )
    return Conversation(
        child=child,
        viewer=user,
        viewer_side=side_of(user, child),
        may_log_contact=access.can_log_contact(user, child),
        may_read_contacts=access.can_read_contacts(user, child),
        mentor_ids=mentor_ids,
        marks=marks,
    )


# At most this many new messages per poll; a page that fell further behind reloads them.
MAX_NEW = 200


def messages_after(child: Child, after: int) -> QuerySet[Message]:
    """The messages posted after the one with id `after`, oldest first."""
    return (
        Message.objects.filter(child=child, pk__gt=after)
        .select_related("author")
        .order_by("created_at", "pk")[:MAX_NEW]
    )


def latest_messages(child: Child, *, count: int, before: Message | None = None) -> tuple[list[Message], bool]:
    """The latest `count` messages (before `before` if given), oldest first, and whether
    there are older ones."""

    def newest(child_id: UUID, **before_this) -> QuerySet[Message]:
        messages = Message.objects.filter(child_id=child_id).select_related("author").order_by("-created_at", "-pk")
        if before_this:
            at, pk = before_this["at"], before_this["pk"]
            messages = messages.filter(Q(created_at__lt=at) | Q(created_at=at, pk__lt=pk))
        return messages[: count + 1]

    earlier = {"at": before.created_at, "pk": before.pk} if before is not None else {}
    # The SQL is kept (config.kept_queries): the child page and the conversation ask it often.
    page = kept_list(("messaging", "latest", count, bool(earlier)), newest, child_id=child.pk, **earlier)
    more = len(page) > count
    return list(reversed(page[:count])), more


# --- The child page -------------------------------------------------------------------

PREVIEW_SHOWN = 3


def conversation_preview(user: User, child: Child) -> dict:
    """The child page's "Messages" section: the latest messages and the user's unread count,
    for whoever may read the conversation (parents only while the child is placed). `child`
    comes from `with_unread_counts`."""
    writes = side_of(user, child) is not None
    if not writes and not access.can_read_conversation(user, child):
        return {}
    latest, _more = latest_messages(child, count=PREVIEW_SHOWN)
    context = {
        "conversation_latest": latest,
        "conversation_unread": 0,
        "conversation_writes": writes,
        "conversation_shown": True,
    }
    if writes:
        context["conversation_unread"] = child.unread_here
        # The navigation's count came along: the page's own value takes the place of
        # messaging.context_processors.unread_messages, which then asks nothing.
        context["unread_messages"] = child.unread_total
    return context
