"""Who may see and change what: the one place that decides.

- an organisation admin (a superuser) sees everything;
- a location manager sees everything in the locations they are assigned to, read-mostly;
- a professional sees the children placed (now or from a future date) in the groups they
  are assigned to, or in every group of a location they are assigned to as a whole;
- a parent sees only their own family's children.

The child is the pivot: other apps scope their objects through `children_for(user)`
(e.g. `ContactMoment.objects.filter(child__in=children_for(user))`). Views never hand-roll
these rules; an object outside the user's scope answers 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection
from django.db.models import (
    BooleanField,
    CharField,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.utils import timezone

from config.expressions import KeptSQL
from config.kept_queries import kept_list

if TYPE_CHECKING:
    from accounts.models import User
    from families.models import Child
    from groups.models import Group, Location


@dataclass(frozen=True)
class Scope:
    """A user's standing assignments, read once per request."""

    is_admin: bool = False
    managed_location_ids: frozenset[int] = field(default_factory=frozenset)
    group_ids: frozenset[int] = field(default_factory=frozenset)
    location_ids_as_professional: frozenset[int] = field(default_factory=frozenset)
    is_guardian: bool = False

    @property
    def is_manager(self) -> bool:
        return bool(self.managed_location_ids)

    @property
    def is_professional(self) -> bool:
        return bool(self.group_ids or self.location_ids_as_professional)

    @property
    def is_staff_member(self) -> bool:
        return self.is_admin or self.is_manager or self.is_professional


# Marks the rows of `scope_of`'s query that say the user is a parent (not a staff role).
_PARENT_ROW = "parent"


def scope_of(user: User) -> Scope:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope()
    cached = getattr(user, "_samenspel_scope", None)
    if cached is not None:
        return cached

    from families.models import Guardian
    from groups.models import StaffAssignment

    # One query on every request, its SQL kept (config.kept_queries): the user's staff
    # assignments, and a row per family the user is a parent in.
    def rows(user_id: int) -> QuerySet:
        assignments = (
            StaffAssignment.objects.filter(user_id=user_id).order_by().values_list("role", "group_id", "location_id")
        )
        parent_in = (
            Guardian.objects.filter(user_id=user_id)
            .order_by()
            .values_list(
                Value(_PARENT_ROW, output_field=CharField()),
                Value(None, output_field=IntegerField()),
                Value(None, output_field=IntegerField()),
            )
        )
        return assignments.union(parent_in, all=True)

    managed, groups, professional_locations, is_guardian = set(), set(), set(), False
    for role, group_id, location_id in kept_list(("scope_of",), rows, user_id=user.pk):
        if role == _PARENT_ROW:
            is_guardian = True
        elif role == StaffAssignment.Role.LOCATION_MANAGER:
            managed.add(location_id)
        elif group_id:
            groups.add(group_id)
        else:
            professional_locations.add(location_id)
    scope = Scope(
        is_admin=user.is_superuser,
        managed_location_ids=frozenset(managed),
        group_ids=frozenset(groups),
        location_ids_as_professional=frozenset(professional_locations),
        is_guardian=is_guardian,
    )
    user._samenspel_scope = scope
    return scope


def forget_scope(user: User) -> None:
    """Drop the cached scope and answers, e.g. after the user's assignments changed."""
    user.__dict__.pop("_samenspel_scope", None)
    user.__dict__.pop("_samenspel_child_answers", None)


# --- Roles --------------------------------------------------------------------


def is_org_admin(user: User) -> bool:
    return scope_of(user).is_admin


def is_professional(user: User) -> bool:
    return scope_of(user).is_professional


def is_guardian(user: User) -> bool:
    return scope_of(user).is_guardian


def oversees_locations(user: User) -> bool:
    """An admin or a location manager: sees the location overviews."""
    scope = scope_of(user)
    return scope.is_admin or scope.is_manager


def is_staff_member(user: User) -> bool:
    """Works for the organisation: must use two-factor authentication where required."""
    return scope_of(user).is_staff_member


def home_role(user: User) -> str | None:
    """The role whose home page a user lands on after login."""
    scope = scope_of(user)
    if scope.is_admin:
        return "admin"
    if scope.is_manager:
        return "manager"
    if scope.is_professional:
        return "professional"
    if scope.is_guardian:
        return "guardian"
    return None


# --- Scoped querysets -----------------------------------------------------------


def groups_for(user: User) -> QuerySet[Group]:
    """Groups whose children the user works with (staff only; parents see no groups)."""
    from groups.models import Group

    scope = scope_of(user)
    if scope.is_admin:
        return Group.objects.all()
    location_ids = scope.managed_location_ids | scope.location_ids_as_professional
    if not location_ids and not scope.group_ids:
        return Group.objects.none()
    return Group.objects.filter(Q(location_id__in=location_ids) | Q(pk__in=scope.group_ids))


def managed_groups_for(user: User) -> QuerySet[Group]:
    """Groups the user oversees as admin or location manager."""
    from groups.models import Group

    scope = scope_of(user)
    if scope.is_admin:
        return Group.objects.all()
    return Group.objects.filter(location_id__in=scope.managed_location_ids)


def managed_locations_for(user: User) -> QuerySet[Location]:
    """Locations the user oversees as admin (all) or location manager."""
    from groups.models import Location

    scope = scope_of(user)
    if scope.is_admin:
        return Location.objects.all()
    return Location.objects.filter(pk__in=scope.managed_location_ids)


def children_for(
    user: User,
    children: QuerySet[Child] | None = None,
    *,
    as_parent: bool = True,
    as_staff: bool = True,
    as_manager: bool = True,
) -> QuerySet[Child]:
    """The children `user` may see.

    The flags narrow the question to some of the user's roles: `as_parent=False` leaves
    out their own family's children, `as_staff=False` everything they see through work,
    `as_manager=False` what they see only as a location manager.
    """
    from families.models import Child

    children = Child.objects.all() if children is None else children
    scope = scope_of(user)
    if as_staff and scope.is_admin:
        return children
    # The roles the question reaches: a professional who is no manager or parent asks the same
    # whatever the flags, and gets the same SQL.
    roles = (
        as_staff and as_manager and scope.is_manager,
        as_staff and scope.is_professional,
        as_parent and scope.is_guardian,
    )
    visible = _rule(user, ("children", *roles), lambda: _visible_children(user, scope, *roles))
    return children.none() if visible is None else children.filter(pk__in=visible)


def _visible_children(
    user: User, scope: Scope, as_manager: bool, as_professional: bool, as_parent: bool
) -> QuerySet[Child] | None:
    """The rule behind `children_for`, as a queryset of children (None: no child at all)."""
    from families.models import Child, Guardian, Placement

    conditions = Q()
    if as_manager:
        # Managers keep seeing children whose placement ended, for their figures.
        conditions |= Exists(
            Placement.objects.filter(child=OuterRef("pk"), group__location_id__in=scope.managed_location_ids)
        )
    if as_professional:
        conditions |= Exists(
            Placement.objects.current().filter(
                Q(group_id__in=scope.group_ids) | Q(group__location_id__in=scope.location_ids_as_professional),
                child=OuterRef("pk"),
            )
        )
    if as_parent:
        # After the last placement ended, parents keep reading what was shared for a grace
        # period. A child who was never placed yet (just registered) stays visible.
        grace_start = timezone.localdate() - timedelta(days=settings.GUARDIAN_ACCESS_GRACE_DAYS)
        placed_recently = Placement.objects.filter(child=OuterRef("pk")).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=grace_start)
        )
        conditions |= Exists(Guardian.objects.filter(family_id=OuterRef("family_id"), user=user)) & (
            Exists(placed_recently) | ~Exists(Placement.objects.filter(child=OuterRef("pk")))
        )
    return Child.objects.filter(conditions) if conditions else None


# The compiled SQL of the user-scoped rules, per process: at most this many (user, question)
# pairs, then it starts afresh. An entry is a few kilobytes.
KEPT_SQL_MAX = 4000
_kept_sql: dict[tuple, tuple[str, tuple] | None] = {}


def kept_sql(
    user: User, question: tuple, build: Callable[[], QuerySet | None], *, scoped: bool = True
) -> tuple[str, tuple] | None:
    """The SQL and parameters of `build()`'s queryset (None when it gives None or `.none()`),
    compiled once per process for each user, scope and day, not on every request.

    Every page asks the access rule several times, inside other queries, and the navigation
    counts what is unread with it; building and compiling their EXISTS trees each time cost
    more than running them. `build` may depend on nothing but `question`, the user's id, their
    scope (`scope_of`: their assignments), today's date and GUARDIAN_ACCESS_GRACE_DAYS: those
    make the key, so a changed assignment or a new day compiles anew. The database runs the SQL
    with every query that embeds it, so it stays as current as the data, and Django keeps the
    values as parameters: nothing is pasted in. A `build` that does not read the scope passes
    `scoped=False` and is kept without it (the scope costs a query when not loaded yet).
    """
    day = timezone.localdate()
    key = (*question, *rule_key(user, scoped=scoped, day=day))
    try:
        return _kept_sql[key]
    except KeyError:
        pass
    queryset = build()
    kept = None if queryset is None or queryset.query.is_empty() else _sql_of(queryset)
    if timezone.localdate() == day:  # not built across midnight with the other day's date
        if len(_kept_sql) >= KEPT_SQL_MAX:
            _kept_sql.clear()
        _kept_sql[key] = kept
    return kept


def rule_key(user: User, *, scoped: bool = True, day: date | None = None) -> tuple:
    """What a query asked for `user` is built from when it embeds the rule: the user's id,
    their scope (unless `scoped` is False), the day, GUARDIAN_ACCESS_GRACE_DAYS and the
    database. Part of the key under which `kept_sql` and `config.kept_queries` keep SQL."""
    scope = scope_of(user) if scoped else None
    day = day or timezone.localdate()
    return (user.pk, scope, day, settings.GUARDIAN_ACCESS_GRACE_DAYS, connection.vendor)


def _sql_of(queryset: QuerySet) -> tuple[str, tuple]:
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


def _rule(user: User, question: tuple, children: Callable[[], QuerySet[Child] | None]) -> KeptSQL | None:
    """The SQL that selects the ids of `children()` (see `kept_sql`)."""

    def ids() -> QuerySet | None:
        queryset = children()
        # Keeping Child's ordering is deliberate: PostgreSQL does not pull a subquery with
        # ORDER BY up into the outer query's joins, so it reads the user's few children first.
        # Pulled up, its estimates went wrong: the staff home's agreements took 120 ms, not 4.
        return None if queryset is None else queryset.values("pk")

    kept = kept_sql(user, question, ids)
    return None if kept is None else KeptSQL(kept)


def own_children(user: User) -> QuerySet[Child]:
    """The children of the user's own family (or families), within the grace period."""
    return children_for(user, as_staff=False)


def families_for(user: User, *, as_parent: bool = True):
    from families.models import Family

    return Family.objects.filter(pk__in=children_for(user, as_parent=as_parent).values("family_id"))


# --- Object predicates ------------------------------------------------------------


def _remembered(user: User, question: str, child: Child, answer) -> bool:
    """Answer a question about one child once per user object (i.e. per request): a page's
    sections ask the same questions."""
    answers = user.__dict__.setdefault("_samenspel_child_answers", {})
    key = (question, child.pk)
    if key not in answers:
        answers[key] = answer()
    return answers[key]


def can_view_child(user: User, child: Child) -> bool:
    return _remembered(user, "view", child, lambda: children_for(user).filter(pk=child.pk).exists())


def can_work_with_child(user: User, child: Child) -> bool:
    """Sees the child as staff (professional, manager or admin), not as a parent: staff
    details are shown, and the family's records (family, parents, child, placements) may
    be edited."""
    return _remembered(user, "work", child, lambda: children_for(user, as_parent=False).filter(pk=child.pk).exists())


def can_write_about_child(user: User, child: Child) -> bool:
    """May hold the intake, plan and record home visits, log contact and write
    observations: the child's professionals and admins, not managers (read-mostly) or parents."""
    if is_org_admin(user):
        return True
    return _remembered(
        user,
        "write",
        child,
        lambda: children_for(user, as_parent=False, as_manager=False).filter(pk=child.pk).exists(),
    )


def can_edit_family(user: User, family) -> bool:
    """May edit the family's records: staff who work with one of its children."""
    return families_for(user, as_parent=False).filter(pk=family.pk).exists()


def can_register_families(user: User) -> bool:
    """May register a new family and place its child: professionals, managers, admins."""
    return is_staff_member(user)


def is_parent_of(user: User, child: Child) -> bool:
    return _remembered(user, "parent", child, lambda: own_children(user).filter(pk=child.pk).exists())


def can_manage_group(user: User, group: Group) -> bool:
    """May change the group's set-up, e.g. reassign mentors (managers and admins)."""
    return managed_groups_for(user).filter(pk=group.pk).exists()


def can_log_contact(user: User, child: Child) -> bool:
    """May log, correct and follow up contact moments with the child's parents and change the
    contact routine: the child's professionals and admins. Managers read them."""
    return can_write_about_child(user, child)


def can_read_contacts(user: User, child: Child) -> bool:
    """Reads the staff side of contact moments (notes, what the parents told): the child's
    staff. Parents read only the summaries shared with them."""
    return can_work_with_child(user, child)


def children_whose_contact_may_be_logged(user: User, children: QuerySet[Child]) -> QuerySet[Child]:
    """`can_log_contact` for a whole list of children in one query (list pages)."""
    return children_for(user, children, as_parent=False, as_manager=False)


# --- Messages -------------------------------------------------------------------


def conversation_children_for(user: User, *, as_parent: bool = True, as_staff: bool = True) -> QuerySet[Child]:
    """The children whose conversation `user` may read.

    Parents: their own children while placed (a placement that has not ended); when the last
    placement ends, their access to the conversation ends too, with no grace period.
    Staff: as for the rest of the child's records; the history stays for managers and admins.
    """
    from families.models import Child, Guardian, Placement

    children = Child.objects.none()
    if as_staff:
        children = children_for(user, as_parent=False)
    if as_parent and scope_of(user).is_guardian:
        placed = Child.objects.filter(
            Exists(Guardian.objects.filter(family_id=OuterRef("family_id"), user=user)),
            Exists(Placement.objects.current().filter(child=OuterRef("pk"))),
        )
        children = children | placed if as_staff else placed
    return children


def can_read_conversation(user: User, child: Child) -> bool:
    return _remembered(
        user, "conversation", child, lambda: conversation_children_for(user).filter(pk=child.pk).exists()
    )


def writes_as_parent(user: User, child: Child) -> bool:
    """Writes in the child's conversation as one of its parents (placed now)."""
    return _remembered(
        user,
        "conversation_parent",
        child,
        lambda: conversation_children_for(user, as_staff=False).filter(pk=child.pk).exists(),
    )


def writes_as_staff(user: User, child: Child) -> bool:
    """Writes in the child's conversation for the group: the professionals of its current
    group (managers and admins read it)."""
    if not scope_of(user).is_professional:
        return False
    return _remembered(
        user,
        "conversation_staff",
        child,
        lambda: children_for(user, as_parent=False, as_manager=False).filter(pk=child.pk).exists(),
    )


# --- Every question about one child at once ----------------------------------------------


def _questions_about_a_child(user: User) -> dict[str, Callable[[], QuerySet[Child]]]:
    """The remembered questions a page about one child asks, each as (a function giving) the
    children for whom the answer is yes: the querysets the predicates above ask
    (tests/accounts/test_child_answers.py holds them to it)."""
    return {
        "work": lambda: children_for(user, as_parent=False),
        "write": lambda: children_for(user, as_parent=False, as_manager=False),
        "parent": lambda: own_children(user),
        "conversation": lambda: conversation_children_for(user),
        "conversation_parent": lambda: conversation_children_for(user, as_staff=False),
    }


def with_answers(user: User, children: QuerySet[Child], questions: tuple[str, ...] | None = None) -> QuerySet[Child]:
    """`children`, each with the answers to those questions (or only to `questions`), asked in
    the query that loads them (one `IN` the rule's kept SQL each, see `kept_sql`). A page about
    one child loads it so and calls `remember_answers`: its sections then ask the predicates
    without a query each."""
    answers = {}
    for question, yes in _questions_about_a_child(user).items():
        if questions is None or question in questions:
            kept = kept_sql(user, ("answer", question), lambda yes=yes: yes().values("pk"))
            answers[f"answer_{question}"] = (
                Value(False) if kept is None else ExpressionWrapper(Q(pk__in=KeptSQL(kept)), BooleanField())
            )
    return children.annotate(**answers)


def remember_answers(user: User, child: Child) -> None:
    """Keep the answers `with_answers` loaded with `child` for this request's user object, as
    the predicates would have (forget_scope drops them too)."""
    answers = user.__dict__.setdefault("_samenspel_child_answers", {})
    for name, value in vars(child).items():
        if name.startswith("answer_"):
            answers[(name.removeprefix("answer_"), child.pk)] = value
    if scope_of(user).is_professional and hasattr(child, "answer_write"):
        # writes_as_staff asks what can_write_about_child asks
        answers[("conversation_staff", child.pk)] = child.answer_write


# --- VE language activities -----------------------------------------------------------


def can_edit_library(user: User) -> bool:
    """Writes and translates activities, themes and words: the organisation's staff
    (professionals, managers, admins). Parents only read what was handed to them."""
    return is_staff_member(user)


def groups_worked_in(user: User) -> QuerySet[Group]:
    """Groups whose parents the user hands activities to and invites to sessions: the groups
    a professional works in (the whole location for a location-wide professional), or all
    for an admin. Managers read along (see groups_for)."""
    from groups.models import Group

    scope = scope_of(user)
    if scope.is_admin:
        return Group.objects.all()
    if not scope.group_ids and not scope.location_ids_as_professional:
        return Group.objects.none()
    return Group.objects.filter(Q(pk__in=scope.group_ids) | Q(location_id__in=scope.location_ids_as_professional))


def can_work_in_group(user: User, group: Group) -> bool:
    return groups_worked_in(user).filter(pk=group.pk).exists()
