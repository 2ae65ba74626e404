"""Consents and the family profile that parents keep current.

Consent decisions are only ever added: the newest per child and kind (and description, for
the kind 'other') is the current state, and no decision means not given. Later features ask
`consent_given(child, kind)`; lists and overviews use `current_consents(children)`, which
needs the same number of queries for 3 children as for 300.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When, Window
from django.db.models.functions import Concat, RowNumber
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import User
from config.kept_queries import kept_list
from families.languages import LANGUAGE_CHOICES
from families.models import Child, Consent, Family, FamilyProfileChange, Guardian, HomeLanguage, Placement

# The kinds every parent is asked about; 'other' is added by parents when it applies.
STANDARD_KINDS: tuple[str, ...] = (
    Consent.Kind.PORTFOLIO_PHOTOS,
    Consent.Kind.GROUP_PHOTOS,
    Consent.Kind.SCHOOL_TRANSFER,
)


# --- Consents: reads ------------------------------------------------------------------


def _with_decider(consents: QuerySet[Consent]) -> QuerySet[Consent]:
    """Adds `decider`: the parent who decided, or else the user (an admin, in the Django admin)."""
    return consents.annotate(
        decider=Case(
            When(guardian__isnull=False, then=Concat("guardian__first_name", Value(" "), "guardian__last_name")),
            When(decided_by__isnull=False, then=Concat("decided_by__first_name", Value(" "), "decided_by__last_name")),
            default=Value(""),
            output_field=CharField(),
        )
    )


def _newest_first(consents: QuerySet[Consent]) -> QuerySet[Consent]:
    """Only the newest decision of each child, kind and description."""
    return consents.annotate(
        newness=Window(
            RowNumber(),
            partition_by=[F("child_id"), F("kind"), F("description")],
            order_by=[F("decided_at").desc(), F("pk").desc()],
        )
    ).filter(newness=1)


def consent_given(child: Child, kind: str, description: str = "") -> bool:
    """Whether the parents currently agree; unanswered counts as not given."""
    newest = (
        Consent.objects.filter(child=child, kind=kind, description=description)
        .order_by("-decided_at", "-pk")
        .values_list("given", flat=True)
        .first()
    )
    return bool(newest)


def current_consents(children: Iterable[Child]) -> dict[UUID, dict[str, Consent | None]]:
    """The newest decision per standard kind for each child (None: not answered), in one query.

    `children` may be a list or a queryset; an unevaluated queryset costs one query more.
    The kind 'other' is left out: see `current_other_consents`.
    """
    child_ids = [child.pk for child in children]
    result: dict[UUID, dict[str, Consent | None]] = {child_id: dict.fromkeys(STANDARD_KINDS) for child_id in child_ids}
    if not child_ids:
        return result
    newest = _with_decider(_newest_first(Consent.objects.filter(child_id__in=child_ids, kind__in=STANDARD_KINDS)))
    for consent in newest:
        result[consent.child_id][consent.kind] = consent
    return result


def current_consents_of(child: Child) -> dict[str, Consent | None]:
    """`current_consents` of one child, its SQL kept (config.kept_queries)."""

    def newest(child_id: UUID) -> QuerySet[Consent]:
        return _with_decider(_newest_first(Consent.objects.filter(child_id=child_id, kind__in=STANDARD_KINDS)))

    result: dict[str, Consent | None] = dict.fromkeys(STANDARD_KINDS)
    for consent in kept_list(("consents", "current"), newest, child_id=child.pk):
        result[consent.kind] = consent
    return result


def current_other_consents(children: Iterable[Child]) -> dict[UUID, list[Consent]]:
    """The newest decision on each 'other' question per child, by description, in one query."""
    child_ids = [child.pk for child in children]
    result: dict[UUID, list[Consent]] = {child_id: [] for child_id in child_ids}
    if not child_ids:
        return result
    newest = _newest_first(Consent.objects.filter(child_id__in=child_ids, kind=Consent.Kind.OTHER))
    for consent in sorted(_with_decider(newest), key=lambda consent: consent.description.lower()):
        result[consent.child_id].append(consent)
    return result


def consent_history(child: Child) -> list[Consent]:
    """Every decision about the child, newest first (the SQL kept: config.kept_queries)."""
    return kept_list(("consents", "history"), _history, child_id=child.pk)


def _history(child_id: UUID) -> QuerySet[Consent]:
    return _with_decider(Consent.objects.filter(child_id=child_id))


def children_with_unanswered_consents(children: QuerySet[Child]) -> QuerySet[Child]:
    """The children for whom at least one standard kind has never been answered."""
    answered = Count("consents__kind", filter=Q(consents__kind__in=STANDARD_KINDS), distinct=True)
    return children.annotate(answered_kinds=answered).filter(answered_kinds__lt=len(STANDARD_KINDS))


# --- Consents: writes -----------------------------------------------------------------


@transaction.atomic
def consent_decide(
    *, child: Child, kind: str, given: bool, user: User | None, guardian: Guardian | None, description: str = ""
) -> Consent:
    """Record one decision; the older ones stay as the history."""
    if kind not in Consent.Kind.values:
        raise ValueError(f"unknown consent kind {kind!r}")
    description = description.strip()
    if kind == Consent.Kind.OTHER and not description:
        raise ValueError("a consent of the kind 'other' needs a description")
    if kind != Consent.Kind.OTHER:
        description = ""
    if guardian is not None and guardian.family_id != child.family_id:
        raise ValueError("the guardian does not belong to the child's family")
    return Consent.objects.create(
        child=child, kind=kind, description=description, given=given, decided_by=user, guardian=guardian
    )


@transaction.atomic
def consents_record(
    *, child: Child, answers: dict[tuple[str, str], bool], user: User, guardian: Guardian
) -> list[Consent]:
    """Record the answers `{(kind, description): given}` that differ from the current state."""
    current = {(consent.kind, consent.description): consent.given for consent in _newest_first(child.consents.all())}
    return [
        consent_decide(child=child, kind=kind, description=description, given=given, user=user, guardian=guardian)
        for (kind, description), given in answers.items()
        if current.get((kind, description)) is not given
    ]


# --- The family profile ---------------------------------------------------------------


@dataclass(frozen=True)
class ProfileValues:
    """What a parent may change in the family profile."""

    preferred_language: str
    interpreter_needed: bool
    phone: str
    own_preferred_language: str
    home_languages: tuple[tuple[str, str], ...]  # (language, spoken by)


def _language_name(code: str) -> str:
    return str(dict(LANGUAGE_CHOICES).get(code, code))


def _readable(*, family: Family, guardian: Guardian) -> dict[str, str]:
    """The profile as text a mentor reads, in the organisation's language."""
    languages = sorted(
        (
            f"{_language_name(language.language)} ({language.spoken_by})"
            if language.spoken_by
            else _language_name(language.language)
        )
        for language in family.home_languages.all()
    )
    name = f"{guardian.first_name} {guardian.last_name}"
    return {
        _("Home languages"): "; ".join(languages),
        _("Preferred language for communication"): _language_name(family.preferred_language),
        _("Interpreter needed"): _("yes") if family.interpreter_needed else _("no"),
        _("Phone of %(name)s") % {"name": name}: guardian.phone,
        _("Preferred language of %(name)s") % {"name": name}: _language_name(guardian.preferred_language),
    }


def _readable_in_org_language(*, family: Family, guardian: Guardian) -> dict[str, str]:
    # Staff read the change later, whatever language the parent used the portal in.
    with translation.override(settings.LANGUAGE_CODE):
        return _readable(family=family, guardian=guardian)


@transaction.atomic
def family_profile_update(
    *, family: Family, guardian: Guardian, user: User, values: ProfileValues
) -> FamilyProfileChange | None:
    """Save what a parent changed and keep a readable record of it for the mentor.

    Returns None when nothing changed.
    """
    if guardian.family_id != family.pk:
        raise ValueError("the guardian does not belong to this family")
    # Read the stored state afresh: validating a ModelForm already changed the instances in memory.
    family = Family.objects.select_for_update().get(pk=family.pk)
    guardian = Guardian.objects.get(pk=guardian.pk)
    before = _readable_in_org_language(family=family, guardian=guardian)

    family.preferred_language = values.preferred_language
    family.interpreter_needed = values.interpreter_needed
    family.save(update_fields=["preferred_language", "interpreter_needed"])
    guardian.phone = values.phone
    guardian.preferred_language = values.own_preferred_language
    guardian.save(update_fields=["phone", "preferred_language"])
    spoken_by = dict(values.home_languages)
    family.home_languages.exclude(language__in=spoken_by).delete()
    for language, text in spoken_by.items():
        HomeLanguage.objects.update_or_create(family=family, language=language, defaults={"spoken_by": text})

    after = _readable_in_org_language(family=family, guardian=guardian)
    changes = {label: [before.get(label, ""), value] for label, value in after.items() if before.get(label) != value}
    if not changes:
        return None
    return FamilyProfileChange.objects.create(family=family, changed_by=user, changes=changes)


def profile_change_mark_seen(*, change: FamilyProfileChange, user: User) -> FamilyProfileChange:
    """Note that staff read the change; the first one to do so is remembered."""
    # A conditional update, so that two colleagues clicking at once do not overwrite each other.
    FamilyProfileChange.objects.filter(pk=change.pk, seen_at__isnull=True).update(seen_by=user, seen_at=timezone.now())
    change.refresh_from_db()
    return change


def unseen_profile_changes_for(user: User) -> QuerySet[FamilyProfileChange]:
    """Changes not yet seen in the families of the children `user` is currently the mentor of."""
    mentored = access.children_for(user, as_parent=False).filter(
        pk__in=Placement.objects.current().filter(mentor=user).values("child_id")
    )
    return (
        FamilyProfileChange.objects.filter(seen_at__isnull=True, family__children__in=mentored)
        .distinct()
        .select_related("family", "changed_by")
    )
