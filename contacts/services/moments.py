"""Logging contact moments with their agreements, the routine, and parents' requests for a
conversation. Every write checks everything first and then saves in one transaction, so
bad input never leaves half a contact behind."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.models import (
    MAX_ROUTINE_WEEKS,
    Agreement,
    ContactMoment,
    ContactRoutine,
    ConversationRequest,
    Topic,
)
from families.models import Child, Guardian, Intake, Placement
from families.services.home_visits import professionals_for_child
from notifications.services import Draft, notify_all
from privacy import audit

if TYPE_CHECKING:
    from accounts.models import User

# A phone's clock may run a little ahead of the server's: "now" on the form is not the future.
CLOCK_SKEW = timedelta(minutes=5)

CONTENT_FIELDS = ("child_experience", "home_news", "positive_note")


@dataclass(frozen=True)
class AgreementDraft:
    """An agreement to add to a contact moment: exactly one of the two owners."""

    description: str
    due_on: date
    owner_professional: User | None = None
    owner_guardian: Guardian | None = None


def mentors_of(child: Child) -> list[User]:
    """The mentors of the child's current placements; without one, the group's professionals."""
    placements = Placement.objects.current().filter(child=child).select_related("mentor")
    mentors = {placement.mentor for placement in placements if placement.mentor and placement.mentor.is_active}
    if mentors:
        return sorted(mentors, key=lambda user: user.pk)
    return list(professionals_for_child(child))


def _check_agreements(child: Child, agreements: Sequence[AgreementDraft], today: date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    professionals = None
    for number, draft in enumerate(agreements):
        key = f"agreements-{number}"
        if not draft.description.strip():
            errors.setdefault(key, []).append(_("Write down what was agreed."))
        if draft.due_on < today:
            errors.setdefault(key, []).append(_("The date is in the past. Choose today or a later day."))
        if (draft.owner_professional is None) == (draft.owner_guardian is None):
            errors.setdefault(key, []).append(_("Choose who will do it: a professional or a parent."))
        elif draft.owner_guardian is not None and draft.owner_guardian.family_id != child.family_id:
            errors.setdefault(key, []).append(_("Choose a parent of this child."))
        elif draft.owner_professional is not None:
            if professionals is None:
                professionals = set(professionals_for_child(child).values_list("pk", flat=True))
            if draft.owner_professional.pk not in professionals:
                errors.setdefault(key, []).append(_("Choose a professional of the child's group."))
    return errors


def _check_moment(
    *,
    child: Child,
    occurred_at: datetime,
    professional: User | None,
    guardians_present: Sequence[Guardian],
    fields: dict,
    topics: Sequence[Topic],
    previous_professional_id: int | None = None,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if occurred_at > timezone.now() + CLOCK_SKEW:
        errors["occurred_at"] = [_("This moment is still to come. Log a contact once it took place.")]
    if any(guardian.family_id != child.family_id for guardian in guardians_present):
        errors["guardians_present"] = [_("Choose the parents of this child.")]
    if (
        professional is not None
        and professional.pk != previous_professional_id
        and not professionals_for_child(child).filter(pk=professional.pk).exists()
    ):
        errors["professional"] = [_("Choose a professional of the child's group.")]
    if fields.get("summary_shared") and not fields.get("shared_summary", "").strip():
        errors["shared_summary"] = [_("Write the summary the parents will read, or do not share it.")]
    has_content = any(str(fields.get(name, "")).strip() for name in CONTENT_FIELDS) or bool(topics)
    has_content = has_content or bool(fields.get("shared_summary", "").strip() or fields.get("staff_notes", "").strip())
    if not has_content:
        errors["__all__"] = [
            _(
                "Write down at least one thing: what the child experienced, what the parent told, "
                "a topic or something positive."
            )
        ]
    return errors


def _notify_about(
    moment: ContactMoment, agreements: Iterable[Agreement], *, by: User, summary_newly_shared: bool
) -> None:
    child = moment.child
    link = child.get_absolute_url()
    drafts = []
    if summary_newly_shared:
        guardians = Guardian.objects.filter(family_id=child.family_id, user__isnull=False).select_related("user")
        drafts += [
            Draft(
                "contact_summary", guardian.user, f"contact:{moment.pk}", params={"child": child.first_name}, link=link
            )
            for guardian in guardians
        ]
    for agreement in agreements:
        owner = agreement.owner_professional or (agreement.owner_guardian and agreement.owner_guardian.user)
        if owner is not None and owner.pk != by.pk:
            drafts.append(
                Draft(
                    "agreement_new",
                    owner,
                    f"agreement:{agreement.pk}",
                    params={"child": child.first_name, "due_on": agreement.due_on.isoformat()},
                    link=link,
                )
            )
    notify_all(drafts)


def _agreements_add(moment: ContactMoment, agreements: Sequence[AgreementDraft]) -> list[Agreement]:
    created = Agreement.objects.bulk_create(
        Agreement(
            contact_moment=moment,
            description=draft.description.strip(),
            due_on=draft.due_on,
            owner_professional=draft.owner_professional,
            owner_guardian=draft.owner_guardian,
        )
        for draft in agreements
    )
    audit.log_bulk_created(created)
    return created


@transaction.atomic
def contact_log(
    *,
    child: Child,
    by: User,
    kind: str = ContactMoment.Kind.PICK_UP,
    occurred_at: datetime | None = None,
    professional: User | None = None,
    guardians_present: Iterable[Guardian] = (),
    topics: Iterable[Topic] = (),
    agreements: Sequence[AgreementDraft] = (),
    booking=None,
    **fields,
) -> ContactMoment:
    """Log a contact moment with its agreements. Raises ValidationError with messages per
    field ("agreements-<n>" for the n-th agreement) and saves nothing then.

    `fields` are the moment's text fields: child_experience, home_news, positive_note,
    language_used, interpreter_used, staff_notes, shared_summary, summary_shared.
    """
    unknown = set(fields) - {
        "child_experience",
        "home_news",
        "positive_note",
        "language_used",
        "interpreter_used",
        "staff_notes",
        "shared_summary",
        "summary_shared",
    }
    if unknown:
        raise TypeError(f"not fields of a contact moment: {sorted(unknown)}")
    occurred_at = occurred_at or timezone.now()
    professional = professional or by
    guardians_present = list(guardians_present)
    topics = list(topics)
    errors = _check_moment(
        child=child,
        occurred_at=occurred_at,
        professional=professional,
        guardians_present=guardians_present,
        fields=fields,
        topics=topics,
        # Whoever logs may log their own contact, also an admin or a professional of the location.
        previous_professional_id=by.pk,
    )
    errors.update(_check_agreements(child, agreements, timezone.localdate()))
    if errors:
        raise ValidationError(errors)
    moment = ContactMoment.objects.create(
        child=child,
        kind=kind,
        occurred_at=occurred_at,
        professional=professional,
        recorded_by=by,
        booking=booking,
        **fields,
    )
    if guardians_present:
        moment.guardians_present.set(guardians_present)
    if topics:
        moment.topics.set(topics)
    created = _agreements_add(moment, agreements)
    _notify_about(moment, created, by=by, summary_newly_shared=moment.summary_shared)
    return moment


@transaction.atomic
def contact_update(
    *,
    moment: ContactMoment,
    by: User,
    occurred_at: datetime,
    kind: str,
    professional: User | None,
    guardians_present: Iterable[Guardian],
    topics: Iterable[Topic],
    agreements: Sequence[AgreementDraft] = (),
    **fields,
) -> ContactMoment:
    """Correct a logged contact moment and add new agreements to it (existing agreements are
    marked done or kept; they are not rewritten)."""
    moment = ContactMoment.objects.select_for_update().get(pk=moment.pk)
    guardians_present = list(guardians_present)
    topics = list(topics)
    errors = _check_moment(
        child=moment.child,
        occurred_at=occurred_at,
        professional=professional,
        guardians_present=guardians_present,
        fields=fields,
        topics=topics,
        previous_professional_id=moment.professional_id,
    )
    errors.update(_check_agreements(moment.child, agreements, timezone.localdate()))
    if errors:
        raise ValidationError(errors)
    was_shared = moment.summary_shared
    moment.occurred_at = occurred_at
    moment.kind = kind
    moment.professional = professional
    for name, value in fields.items():
        setattr(moment, name, value)
    moment.save()
    moment.guardians_present.set(guardians_present)
    moment.topics.set(topics)
    created = _agreements_add(moment, agreements)
    _notify_about(moment, created, by=by, summary_newly_shared=moment.summary_shared and not was_shared)
    return moment


def agreement_set_done(*, agreement: Agreement, by: User, done: bool = True) -> Agreement:
    """Mark an agreement done (or open again). Who did it and when is kept."""
    agreement.done_at = timezone.now() if done else None
    agreement.done_by = by if done else None
    agreement.save(update_fields=["done_at", "done_by"])
    return agreement


def _routine_errors(every_weeks: int | None) -> dict[str, list[str]]:
    if every_weeks is None or not 1 <= every_weeks <= MAX_ROUTINE_WEEKS:
        message = _("Choose a number of weeks from 1 to %(max)d.") % {"max": MAX_ROUTINE_WEEKS}
        return {"every_weeks": [message]}
    return {}


@transaction.atomic
def routine_set(
    *,
    child: Child,
    by: User,
    every_weeks: int,
    weekday: int | None,
    time: time | None,
    channel: str,
    agreed_on: date | None,
) -> ContactRoutine:
    """Set the routine as changed with the parents; from now on the intake no longer changes it."""
    errors = _routine_errors(every_weeks)
    if agreed_on and agreed_on > timezone.localdate():
        errors["agreed_on"] = [_("This date is still to come.")]
    if errors:
        raise ValidationError(errors)
    routine, _created = ContactRoutine.objects.update_or_create(
        child=child,
        defaults={
            "every_weeks": every_weeks,
            "weekday": weekday,
            "time": time,
            "channel": channel,
            "agreed_on": agreed_on,
            "from_intake": False,
            "updated_by": by,
        },
    )
    return routine


def routine_from_intake(intake: Intake, by: User) -> ContactRoutine | None:
    """The completed intake's agreed routine becomes the child's routine, unless the routine
    was changed with the parents since. Call it inside the intake's transaction."""
    if not intake.is_completed or intake.contact_every_weeks is None:
        return None
    if _routine_errors(intake.contact_every_weeks):
        return None
    routine = ContactRoutine.objects.select_for_update().filter(child=intake.child).first()
    if routine is not None and not routine.from_intake:
        return routine
    values = {
        "every_weeks": intake.contact_every_weeks,
        "weekday": intake.contact_weekday,
        "time": intake.contact_time,
        "channel": intake.contact_channel,
        "agreed_on": intake.held_on,
        "from_intake": True,
        "updated_by": by,
    }
    routine, _created = ContactRoutine.objects.update_or_create(child=intake.child, defaults=values)
    return routine


@transaction.atomic
def conversation_request_create(*, child: Child, by: User, reason: str) -> ConversationRequest:
    """A parent asks for a conversation; the mentors hear of it in the app (and by email)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Write in a few words what you would like to talk about.")]})
    request = ConversationRequest.objects.create(child=child, requested_by=by, reason=reason)
    notify_all(
        Draft(
            "conversation_request",
            mentor,
            f"request:{request.pk}",
            params={"child": child.first_name},
            link=child.get_absolute_url(),
        )
        for mentor in mentors_of(child)
    )
    return request


def conversation_request_handle(*, request: ConversationRequest, by: User) -> ConversationRequest:
    if request.handled_at is None:
        request.handled_at = timezone.now()
        request.handled_by = by
        request.save(update_fields=["handled_at", "handled_by"])
    return request
