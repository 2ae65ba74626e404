"""Home visits: plan one, record it afterwards, or cancel it with a reason.

The notes are for staff; parents see only a summary that a professional explicitly shared.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from families.models import Child, HomeVisit, Placement

if TYPE_CHECKING:
    from accounts.models import User

# Planning a date in the past is allowed, to write down a visit afterwards; further back
# than this it is almost certainly a typing error in the year.
PLAN_AT_MOST_DAYS_AGO = 60
PLAN_AT_MOST_DAYS_AHEAD = 365


class HomeVisitRefused(Exception):
    """The visit's state does not allow this, e.g. recording a cancelled visit."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def professionals_for_child(child: Child) -> QuerySet[User]:
    """The professionals of the groups the child is placed in now (or from a future date):
    those who may hold the intake and make the home visit."""
    from accounts.models import User
    from groups.models import Group, StaffAssignment

    group_ids = Placement.objects.current().filter(child=child).values("group_id")
    location_ids = Group.objects.filter(pk__in=group_ids).values("location_id")
    assignments = StaffAssignment.objects.filter(role=StaffAssignment.Role.PROFESSIONAL).filter(
        Q(group_id__in=group_ids) | Q(group__isnull=True, location_id__in=location_ids)
    )
    return User.objects.filter(is_active=True, pk__in=assignments.values("user_id")).order_by("first_name", "last_name")


def ensure_can_record(visit: HomeVisit) -> None:
    if visit.status == HomeVisit.Status.CANCELLED:
        raise HomeVisitRefused(_("This home visit was cancelled, so it cannot be recorded. Plan a new visit instead."))


def ensure_can_cancel(visit: HomeVisit) -> None:
    if visit.status == HomeVisit.Status.DONE:
        raise HomeVisitRefused(_("This home visit took place and was recorded, so it cannot be cancelled."))
    if visit.status == HomeVisit.Status.CANCELLED:
        raise HomeVisitRefused(_("This home visit was already cancelled."))


def _check_plan(*, child: Child, professional: User, planned_for: datetime) -> None:
    errors = {}
    if not professionals_for_child(child).filter(pk=professional.pk).exists():
        errors["professional"] = _("Choose a professional of the child's group.")
    today = timezone.localdate()
    day = timezone.localtime(planned_for).date()
    if day < today - timedelta(days=PLAN_AT_MOST_DAYS_AGO):
        errors["planned_for"] = _(
            "This date is more than %(days)d days ago. Check the year; a visit is planned for the coming weeks."
        ) % {"days": PLAN_AT_MOST_DAYS_AGO}
    elif day > today + timedelta(days=PLAN_AT_MOST_DAYS_AHEAD):
        errors["planned_for"] = _("This date is more than a year ahead. Check the year.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def home_visit_plan(*, child: Child, professional: User, planned_for: datetime, planned_by: User) -> HomeVisit:
    """Plan a visit to the child's family by one of the child's professionals."""
    _check_plan(child=child, professional=professional, planned_for=planned_for)
    return HomeVisit.objects.create(
        child=child, professional=professional, planned_for=planned_for, created_by=planned_by
    )


@transaction.atomic
def home_visit_record(
    *,
    visit: HomeVisit,
    held_at: datetime,
    parent_child_interaction: str = "",
    language_environment: str = "",
    follow_up: str = "",
    notes: str = "",
    summary_for_parents: str = "",
    summary_shared: bool = False,
    by: User | None = None,
) -> HomeVisit:
    """Write down what was seen and agreed; a recorded visit can be corrected later.

    `held_at` is when the visit took place, which may differ from when it was planned.
    Raises HomeVisitRefused for a cancelled visit, ValidationError for bad input.
    """
    visit = HomeVisit.objects.select_for_update().get(pk=visit.pk)
    ensure_can_record(visit)
    errors = {}
    if timezone.localtime(held_at).date() > timezone.localdate():
        errors["planned_for"] = _("This date is still to come. Record the visit once it has taken place.")
    summary_for_parents = summary_for_parents.strip()
    if summary_shared and not summary_for_parents:
        errors["summary_for_parents"] = _("Write the summary the parents will read, or do not share it.")
    if errors:
        raise ValidationError(errors)

    visit.status = HomeVisit.Status.DONE
    visit.planned_for = held_at
    visit.parent_child_interaction = parent_child_interaction.strip()
    visit.language_environment = language_environment.strip()
    visit.follow_up = follow_up.strip()
    visit.notes = notes.strip()
    visit.summary_for_parents = summary_for_parents
    visit.summary_shared = summary_shared
    if visit.recorded_at is None:
        visit.recorded_at = timezone.now()
        visit.recorded_by = by
    visit.save()
    return visit


@transaction.atomic
def home_visit_cancel(*, visit: HomeVisit, reason: str, by: User | None = None) -> HomeVisit:
    """Cancel a planned visit. Raises HomeVisitRefused once it took place or was cancelled."""
    visit = HomeVisit.objects.select_for_update().get(pk=visit.pk)
    ensure_can_cancel(visit)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"cancel_reason": _("Say why the visit is cancelled.")})
    visit.status = HomeVisit.Status.CANCELLED
    visit.cancel_reason = reason
    visit.cancelled_at = timezone.now()
    visit.cancelled_by = by
    visit.save(update_fields=["status", "cancel_reason", "cancelled_at", "cancelled_by"])
    return visit
