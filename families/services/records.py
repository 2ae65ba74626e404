"""Writes to a family's records that span several models."""

import enum
from typing import Any

from django.db import transaction

from accounts.models import User
from accounts.services import user_invite
from families.models import Child, Family, Guardian, HomeLanguage, Placement
from privacy import audit


def family_languages_set(*, family: Family, languages: list[str]) -> None:
    """Keep exactly `languages` as the family's home languages (what each was noted about stays)."""
    family.home_languages.exclude(language__in=languages).delete()
    existing = set(family.home_languages.values_list("language", flat=True))
    audit.log_bulk_created(
        HomeLanguage.objects.bulk_create(
            [HomeLanguage(family=family, language=language) for language in languages if language not in existing]
        )
    )


@transaction.atomic
def family_register(
    *,
    user: User,
    family: dict[str, Any],
    home_languages: list[str],
    guardians: list[dict[str, Any]],
    child: dict[str, Any],
    placement: dict[str, Any],
) -> Child:
    """Register a new family with its parents and a child placed in a group, in one go."""
    new_family = Family.objects.create(created_by=user, **family)
    family_languages_set(family=new_family, languages=home_languages)
    for guardian in guardians:
        Guardian.objects.create(family=new_family, **guardian)
    new_child = Child.objects.create(family=new_family, **child)
    Placement.objects.create(child=new_child, **placement)
    return new_child


@transaction.atomic
def child_add(*, family: Family, child: dict[str, Any], placement: dict[str, Any]) -> Child:
    """Add a brother or sister to a registered family, placed in a group."""
    new_child = Child.objects.create(family=family, **child)
    Placement.objects.create(child=new_child, **placement)
    return new_child


class InviteOutcome(enum.Enum):
    SENT = "sent"
    ALREADY_ACTIVE = "already_active"
    NO_EMAIL = "no_email"


@transaction.atomic
def guardian_invite(*, guardian: Guardian) -> InviteOutcome:
    """Give the parent a portal login and mail them a link to set their password.

    Sending again renews the link; a parent who already uses their account is not invited.
    """
    if not guardian.email and guardian.user_id is None:
        return InviteOutcome.NO_EMAIL
    user = guardian.user
    if user is None:
        user = User.objects.filter(email__iexact=guardian.email).first()
        if user is None:
            language = guardian.preferred_language if guardian.preferred_language in ("nl", "en") else ""
            user = User.objects.create_user(
                email=guardian.email,
                first_name=guardian.first_name,
                last_name=guardian.last_name,
                preferred_language=language,
            )
        guardian.user = user
        guardian.save(update_fields=["user"])
    if not user_invite(user=user):
        return InviteOutcome.ALREADY_ACTIVE
    return InviteOutcome.SENT
