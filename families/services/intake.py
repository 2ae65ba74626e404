"""The intake conversation (kennismakingsgesprek): saved as a draft, completed later.

A completed intake can still be corrected; it then has to stay complete. Every save
records who changed it last.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from families.models import Child, Guardian, Intake
from families.services.home_visits import professionals_for_child

if TYPE_CHECKING:
    from accounts.models import User

# What the intake form edits, in the order of the conversation.
INTAKE_FIELDS = (
    "held_on",
    "held_by",
    "interpreter_used",
    *Intake.SECTIONS,
    "contact_every_weeks",
    "contact_weekday",
    "contact_time",
    "contact_channel",
)

# A completed intake says who held it and when, and the contact routine that was agreed:
# the contact-moments feature turns that routine into the child's due dates.
REQUIRED_TO_COMPLETE = {
    "held_on": gettext_lazy("Fill in when the conversation was held."),
    "held_by": gettext_lazy("Choose who held the conversation."),
    "contact_every_weeks": gettext_lazy("Fill in how often parents and mentor will talk."),
    "contact_weekday": gettext_lazy("Choose the weekday you agreed on."),
    "contact_time": gettext_lazy("Fill in the time you agreed on."),
    "contact_channel": gettext_lazy("Choose how you will be in touch."),
}


def intake_missing_for_completion(intake: Intake) -> dict[str, str]:
    """Per field, what still has to be filled in before the intake can be completed."""
    errors = {
        name: str(message) for name, message in REQUIRED_TO_COMPLETE.items() if getattr(intake, name) in (None, "")
    }
    if intake.held_on and intake.held_on > timezone.localdate():
        errors["held_on"] = _("This date is still to come. Complete the intake once the conversation was held.")
    return errors


def _apply(
    *, child: Child, by: User, fields: Mapping[str, Any], guardians_present: Iterable[Guardian] | None
) -> Intake:
    """The child's intake with the changes applied, not yet saved. Call it in a transaction:
    a new intake is created here, and rolled back with the rest if the changes are invalid."""
    unknown = set(fields) - set(INTAKE_FIELDS)
    if unknown:
        raise TypeError(f"not fields of the intake form: {sorted(unknown)}")
    # Locked: two saves at once run one after the other, and never create two intakes.
    intake, _created = Intake.objects.select_for_update().get_or_create(child=child)
    previous_held_by = intake.held_by_id
    for name, value in fields.items():
        setattr(intake, name, value)
    intake.updated_by = by
    held_by = fields.get("held_by")
    if (
        held_by is not None
        and held_by.pk != previous_held_by
        and not professionals_for_child(child).filter(pk=held_by.pk).exists()
    ):
        raise ValidationError({"held_by": _("Choose a professional of the child's group.")})
    if guardians_present is not None and any(guardian.family_id != child.family_id for guardian in guardians_present):
        raise ValidationError({"guardians_present": _("Choose the parents of this child.")})
    return intake


def _store(*, intake: Intake, by: User, guardians_present: Iterable[Guardian] | None) -> Intake:
    from contacts.services.moments import routine_from_intake

    intake.save()
    if guardians_present is not None:
        intake.guardians_present.set(guardians_present)
    # The routine agreed in the intake becomes the child's contact routine.
    routine_from_intake(intake, by)
    return intake


@transaction.atomic
def intake_save(
    *, child: Child, by: User, fields: Mapping[str, Any], guardians_present: Iterable[Guardian] | None = None
) -> Intake:
    """Save the intake as it is: a draft stays a draft; a completed intake is corrected and
    must stay complete. Raises ValidationError with a message per field."""
    guardians_present = None if guardians_present is None else list(guardians_present)
    intake = _apply(child=child, by=by, fields=fields, guardians_present=guardians_present)
    if intake.is_completed:
        missing = intake_missing_for_completion(intake)
        if missing:
            raise ValidationError(missing)
    return _store(intake=intake, by=by, guardians_present=guardians_present)


@transaction.atomic
def intake_complete(
    *, child: Child, by: User, fields: Mapping[str, Any], guardians_present: Iterable[Guardian] | None = None
) -> Intake:
    """Save and complete the intake. Raises ValidationError with a message per missing field."""
    guardians_present = None if guardians_present is None else list(guardians_present)
    intake = _apply(child=child, by=by, fields=fields, guardians_present=guardians_present)
    missing = intake_missing_for_completion(intake)
    if missing:
        raise ValidationError(missing)
    intake.status = Intake.Status.COMPLETED
    if intake.completed_at is None:
        intake.completed_at = timezone.now()
    return _store(intake=intake, by=by, guardians_present=guardians_present)
