"""When contact with a family is due, read from the routine and the last contact moment.

Nothing here is stored: the next due date is the last contact (or, before any contact,
the start of the placement) plus the routine's weeks. The annotations work on querysets of
children or of placements, so list pages and the daily job compute it in the database,
one query for any number of children.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Case, DateField, F, Func, IntegerField, Min, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.db.models.lookups import LessThan, LessThanOrEqual
from django.utils import timezone

from accounts import access
from config.expressions import KeptSubquery
from config.kept_queries import kept_list
from contacts.models import (
    MAX_ROUTINE_WEEKS,
    Agreement,
    Booking,
    ContactMoment,
    ContactRoutine,
    ConversationRequest,
)
from families.models import Child, Placement
from messaging.models import Message

if TYPE_CHECKING:
    from accounts.models import User

# "Due" on the staff home and in the mentors' digest: the next contact falls within this week.
DUE_SOON_DAYS = 7


def default_every_weeks() -> int:
    return min(settings.CONTACT_DEFAULT_EVERY_WEEKS, MAX_ROUTINE_WEEKS)


def out_of_sight_margin() -> timedelta:
    return timedelta(weeks=settings.CONTACT_OUT_OF_SIGHT_MARGIN_WEEKS)


def with_contact_status(queryset: QuerySet, child: str = "") -> QuerySet:
    """Annotate children (child="") or placements (child="child") with what the due date
    needs, for `contact_status` to read:

    - `last_contact_on`: the day of the child's last contact moment (None before the first);
    - `family_last_contact_on`: the same over all children of the family;
    - `family_last_message_on`: the day the family's parents last wrote a message (any child);
    - `agreed_weeks`: the agreed routine's weeks (None when none was agreed);
    - `first_placed_on`: the start of the child's earliest current placement.

    For filters and ordering (`due_by`, `out_of_sight_by`) it adds, as aliases that are not
    selected (promote one with `.annotate(name=F(name))` to read it):

    - `routine_weeks`: the routine's weeks, or the default when none was agreed;
    - `contact_since`: the day the routine counts from (last contact, else placement start);
    - `family_contact_since`: the same for the family as a whole, where a message from the
      parents counts too: a family that writes is not out of sight.

    Each subquery is selected once: Django writes out an annotation again wherever another
    refers to it, which made the query three times as long and slow to plan.
    """
    annotations, since, family_since = _status_expressions(child, timezone.localdate(), default_every_weeks())
    return queryset.annotate(**annotations).alias(**since).alias(**family_since)


@lru_cache(maxsize=16)
def _status_expressions(child: str, today: date, default_weeks: int) -> tuple[dict, dict, dict]:
    """The expressions of `with_contact_status`, built once per day and setting (Django copies
    an expression wherever a query takes it in, so one can serve every query)."""
    prefix = f"{child}__" if child else ""
    child_ref = OuterRef(child or "pk")
    family_ref = OuterRef(f"{prefix}family")

    def kept(name: str, queryset, output_field) -> KeptSubquery:
        # Compiled once per process for the day and setting (and where it stands).
        return KeptSubquery(("contact_status", name, child, today, default_weeks), queryset, output_field)

    def latest(**lookup) -> QuerySet:
        moments = ContactMoment.objects.filter(**lookup).order_by("-occurred_at")
        return moments.annotate(day=TruncDate("occurred_at")).values("day")[:1]

    first_start = (
        Placement.objects.current(today)
        .filter(child=child_ref)
        .values("child")
        .annotate(first=Min("start_date"))
        .values("first")[:1]
    )
    routine = ContactRoutine.objects.filter(child=child_ref)
    annotations = {
        "last_contact_on": kept("last_contact_on", latest(child=child_ref), DateField()),
        "family_last_contact_on": kept("family_last_contact_on", family_last_contact(family_ref).query, DateField()),
        "family_last_message_on": kept(
            "family_last_message_on",
            Message.objects.filter(child__family=family_ref, side=Message.Side.PARENTS, withdrawn_at__isnull=True)
            .order_by("-created_at")
            .annotate(day=TruncDate("created_at"))
            .values("day")[:1],
            DateField(),
        ),
        "agreed_weeks": kept("agreed_weeks", routine.values("every_weeks")[:1], IntegerField()),
        "first_placed_on": kept("first_placed_on", first_start, DateField()),
    }
    since = {
        "routine_weeks": Coalesce(F("agreed_weeks"), Value(default_weeks)),
        "contact_since": Coalesce(F("last_contact_on"), F("first_placed_on"), output_field=DateField()),
    }
    # The later of the two; Greatest is NULL on SQLite as soon as one side is, hence the
    # Coalesce on each side.
    contact, message = F("family_last_contact_on"), F("family_last_message_on")
    family_latest = Greatest(Coalesce(contact, message), Coalesce(message, contact), output_field=DateField())
    return (
        annotations,
        since,
        {"family_contact_since": Coalesce(family_latest, F("contact_since"), output_field=DateField())},
    )


def family_last_contact(family, **moments) -> Subquery:
    """The day of the last contact moment (of those `moments` selects) with any child of
    `family` (an OuterRef): the latest of each child's latest, so that the database reads
    one index entry per child, not every moment of the family and then sorts them."""
    latest = (
        ContactMoment.objects.filter(child=OuterRef("pk"), **moments).order_by("-occurred_at").values("occurred_at")[:1]
    )
    children = (
        Child.objects.filter(family=family)
        .annotate(latest=Subquery(latest))
        .order_by(F("latest").desc(nulls_last=True))
        .annotate(day=TruncDate("latest"))
    )
    return Subquery(children.values("day")[:1], output_field=DateField())


class PlusDays(Func):
    """`date` plus a whole number of `days` (an expression), as a date.

    PostgreSQL adds an integer to a date directly; SQLite takes the days as a modifier of
    its `date()` function.
    """

    arity = 2
    output_field = DateField()

    def as_sql(self, compiler, connection, **extra_context):
        day, days = (compiler.compile(expression) for expression in self.get_source_expressions())
        return f"({day[0]} + {days[0]})", (*day[1], *days[1])

    def as_sqlite(self, compiler, connection, **extra_context):
        day, days = (compiler.compile(expression) for expression in self.get_source_expressions())
        return f"date({day[0]}, ({days[0]}) || ' days')", (*day[1], *days[1])


def _routine_days(extra_days: int = 0):
    return F("routine_weeks") * Value(7) + Value(extra_days)


def due_by(day: date) -> Q:
    """On a queryset from `with_contact_status`: the next contact (the day the routine
    counts from plus the routine) falls on or before `day`. One date comparison, so the
    subqueries behind the annotations appear once in the query, whatever the routine."""
    return Q(LessThanOrEqual(PlusDays(F("contact_since"), _routine_days()), day))


def out_of_sight_by(day: date) -> Q:
    """On a queryset from `with_contact_status`: no contact with the family for longer than
    the routine plus the margin."""
    margin = out_of_sight_margin().days
    return Q(LessThan(PlusDays(F("family_contact_since"), _routine_days(margin)), day))


@dataclass(frozen=True)
class ContactStatus:
    """Where one child's contact routine stands on a given day."""

    next_due: date | None
    last_contact_on: date | None
    routine_weeks: int
    has_routine: bool
    out_of_sight: bool
    today: date

    @property
    def is_overdue(self) -> bool:
        return self.next_due is not None and self.next_due < self.today

    @property
    def is_due(self) -> bool:
        """Due today or within the coming week (not yet overdue)."""
        return self.next_due is not None and self.today <= self.next_due < self.today + timedelta(days=DUE_SOON_DAYS)

    @property
    def state(self) -> str:
        if self.is_overdue:
            return "overdue"
        if self.is_due:
            return "due"
        return "ok"

    @property
    def days_overdue(self) -> int:
        return (self.today - self.next_due).days if self.is_overdue else 0


def contact_status(annotated, today: date | None = None) -> ContactStatus:
    """The status of a child or placement annotated by `with_contact_status`: the aliases
    there, worked out the same way here."""
    today = today or timezone.localdate()
    weeks = annotated.agreed_weeks if annotated.agreed_weeks is not None else default_every_weeks()
    since = annotated.last_contact_on or annotated.first_placed_on
    next_due = since + timedelta(weeks=weeks) if since else None
    family_latest = max(
        (day for day in (annotated.family_last_contact_on, annotated.family_last_message_on) if day), default=None
    )
    family_since = family_latest or since
    out_of_sight = family_since is not None and family_since + timedelta(weeks=weeks) + out_of_sight_margin() < today
    return ContactStatus(
        next_due=next_due,
        last_contact_on=annotated.last_contact_on,
        routine_weeks=weeks,
        has_routine=annotated.agreed_weeks is not None,
        out_of_sight=out_of_sight,
        today=today,
    )


# --- What a professional picks up: the staff home's lists --------------------------------
# Scoped to the children the user works with as a professional (or admin): not their own
# family's children, and not what they only oversee as a location manager.


def _children_worked_with(user: User) -> QuerySet:
    return access.children_for(user, as_parent=False, as_manager=False)


def contact_due_for_mentor(user: User, *, today: date | None = None) -> list[Placement]:
    """The user's mentor children whose contact is overdue or due within the week, most
    overdue first; each placement carries its status as `contact`. One query."""
    today = today or timezone.localdate()

    def due_soon() -> QuerySet[Placement]:
        return with_contact_status(
            Placement.objects.current(today)
            .filter(mentor=user, group__is_active=True, child__in=_children_worked_with(user))
            .select_related("child", "group"),
            child="child",
        ).filter(due_by(today + timedelta(days=DUE_SOON_DAYS - 1)))

    # The SQL is kept per user, scope and day (config.kept_queries): the staff home asks it.
    placements = kept_list(("contact_due", today, *access.rule_key(user)), due_soon)
    due: dict = {}
    for placement in placements:
        # A child placed twice (now and from a later date) is one family to contact.
        if placement.child_id not in due:
            placement.contact = contact_status(placement, today)
            due[placement.child_id] = placement
    return sorted(due.values(), key=lambda placement: (placement.contact.next_due, placement.child.first_name))


def open_agreements_for_staff(user: User) -> QuerySet:
    """Open agreements about the children the user works with: the user's own first, then by due date."""
    return (
        Agreement.objects.filter(done_at__isnull=True, contact_moment__child__in=_children_worked_with(user))
        .annotate(owned_by_other=Case(When(owner_professional=user, then=Value(0)), default=Value(1)))
        .select_related("contact_moment__child", "owner_professional", "owner_guardian")
        .order_by("owned_by_other", "due_on", "pk")
    )


def open_requests_for_staff(user: User) -> QuerySet:
    """Parents' requests for a conversation not yet picked up, the longest waiting first."""
    return (
        ConversationRequest.objects.filter(handled_at__isnull=True, child__in=_children_worked_with(user))
        .select_related("child")
        .order_by("created_at", "pk")
    )


def upcoming_bookings_for_mentor(user: User, days: int = 14) -> QuerySet:
    """The conversations parents booked with the user in the coming `days` days."""
    now = timezone.now()
    return bookings_between(user, now, now + timedelta(days=days))


def bookings_between(user: User, starts_from: datetime, starts_before: datetime) -> QuerySet:
    """The conversations parents booked with the user that start in [starts_from, starts_before)."""
    return (
        Booking.objects.filter(
            cancelled_at__isnull=True,
            slot__mentor=user,
            slot__starts_at__gte=starts_from,
            slot__starts_at__lt=starts_before,
            child__in=_children_worked_with(user),
        )
        .select_related("slot", "child")
        .order_by("slot__starts_at", "pk")
    )
