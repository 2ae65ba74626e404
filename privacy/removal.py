"""Removing a child's data while the dashboards' figures stay, and the parents' removal requests.

One routine serves both ways data goes: the retention task (privacy.retention) once the
retention period after a child's last placement is over, and an admin carrying out the
parents' removal request. `child_anonymise` takes away everything that identifies the child
or tells about it: names, texts, photos, messages' contents, consents, bookings, the audit
trail. The rows that `groups.indicators` counts stay, with their dates and kinds but without
their texts, so the managers' figures of past periods read the same afterwards. With the
family's last child the family goes too: its name and address, the parents' names and
contact details, and their logins (closed, unless a login still serves another family or
the organisation).

What is kept and what goes is one table, `HANDLED`; the routine is driven by it, and a test
fails when a model that points to a child or a family (directly or through another such
model) is missing from it, or when a kept model has a free-text or file field the table
does not blank. Every removal writes one `RemovalRecord`: ids and counts, never names.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from auditlog import get_logentry_model
from auditlog.context import disable_auditlog
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.auth import SESSION_KEY
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from families.models import Child, Family, Guardian, Intake, Placement
from groups.models import StaffAssignment
from notifications.models import Notification
from privacy import kinds
from privacy.models import RemovalRecord, RemovalRequest

if TYPE_CHECKING:
    from django.core.files.storage import Storage

logger = logging.getLogger("samenspel.privacy")

# --- What happens to each kind of data ------------------------------------------------------

KEPT = "kept for figures (texts blanked)"
DELETED = "deleted"
ANONYMISED = "anonymised"
RECORD = "kept: the record of the removal"

CHILD, FAMILY = "child", "family"


@dataclass(frozen=True)
class Handled:
    """How the routine treats one model.

    `owner` is the lookup from the model to the child's (scope CHILD) or the family's (scope
    FAMILY) primary key; `texts` are emptied and `files` deleted on the rows that are kept.
    """

    what: str
    owner: str
    scope: str = CHILD
    texts: tuple[str, ...] = ()
    files: tuple[str, ...] = ()


# In the order the routine works: what depends on a row comes before it.
HANDLED: dict[str, Handled] = {
    # The child's data.
    "families.Child": Handled(ANONYMISED, "pk"),
    # The figures count placements (children placed, at the end, the windows).
    "families.Placement": Handled(KEPT, "child"),
    # Intakes completed: the status and the date stay.
    "families.Intake": Handled(
        KEPT,
        "child",
        texts=Intake.SECTIONS,
    ),
    # Home visits done: the status and the date stay.
    "families.HomeVisit": Handled(
        KEPT,
        "child",
        texts=(
            "parent_child_interaction",
            "language_environment",
            "follow_up",
            "notes",
            "summary_for_parents",
            "cancel_reason",
        ),
    ),
    "families.Consent": Handled(DELETED, "child"),
    # Routine kept and overdue contacts count the agreed routine (no free text in it).
    "contacts.ContactRoutine": Handled(KEPT, "child"),
    "contacts.Agreement": Handled(DELETED, "contact_moment__child"),
    # Routine kept, overdue, out of sight: the moments' dates stay.
    "contacts.ContactMoment": Handled(
        KEPT,
        "child",
        texts=("child_experience", "home_news", "positive_note", "staff_notes", "shared_summary"),
    ),
    "contacts.ConversationRequest": Handled(DELETED, "child"),
    "contacts.Booking": Handled(DELETED, "child"),
    # Out of sight counts the parents' messages by date: the rows stay, empty, without photos.
    "messaging.Message": Handled(KEPT, "child", texts=("body",), files=("photo", "photo_thumbnail")),
    "messaging.ReadMark": Handled(DELETED, "child"),
    "portfolios.EntryPhoto": Handled(DELETED, "entry__child", files=("image", "thumbnail")),
    "portfolios.EntrySeen": Handled(DELETED, "entry__child"),
    # Parents' view counts the parents' entries and responses by date and perspective.
    "portfolios.Response": Handled(KEPT, "entry__child", texts=("text",)),
    "portfolios.PortfolioEntry": Handled(KEPT, "child", texts=("text",)),
    "portfolios.ReviewDomain": Handled(DELETED, "review__child"),
    "portfolios.PortfolioReview": Handled(DELETED, "child"),
    # The family's data, with its last child.
    "families.Family": Handled(ANONYMISED, "pk", FAMILY),
    "families.Guardian": Handled(ANONYMISED, "family", FAMILY),
    # Home languages is a figure; who speaks it is free text.
    "families.HomeLanguage": Handled(KEPT, "family", FAMILY, texts=("spoken_by",)),
    "families.FamilyProfileChange": Handled(DELETED, "family", FAMILY),
    # Home-activity take-up counts the family's hand-outs and its feedback; session
    # attendance counts the invitations.
    "activities.HomeActivityFeedback": Handled(KEPT, "family", FAMILY, texts=("child_said", "comment")),
    "activities.HomeActivity": Handled(KEPT, "family", FAMILY, texts=("note",)),
    "activities.SessionFamily": Handled(KEPT, "family", FAMILY),
    "privacy.RemovalRequest": Handled(KEPT, "family", FAMILY, texts=("note", "decline_reason")),
    "privacy.RemovalRecord": Handled(RECORD, "request__family", FAMILY),
}

# What else goes that no foreign key ties to the child: counted under these keys.
USERS = "accounts.User"
EMAIL_ADDRESSES = "account.EmailAddress"
AUTHENTICATORS = "mfa.Authenticator"
NOTIFICATIONS = "notifications.Notification"
AUDIT_ENTRIES = "auditlog.LogEntry"
ADMIN_ENTRIES = "admin.LogEntry"
FILES = "files"

CLOSED = "closed"
EXTRA: dict[str, tuple[Any, str]] = {
    USERS: (gettext_lazy("parents' logins"), CLOSED),
    EMAIL_ADDRESSES: (gettext_lazy("email addresses of those logins"), DELETED),
    AUTHENTICATORS: (gettext_lazy("two-factor keys of those logins"), DELETED),
    NOTIFICATIONS: (gettext_lazy("notifications about the child or the family"), DELETED),
    AUDIT_ENTRIES: (gettext_lazy("audit trail entries"), DELETED),
    ADMIN_ENTRIES: (gettext_lazy("entries in the Django admin's history"), DELETED),
    FILES: (gettext_lazy("files (photos)"), DELETED),
}

WHAT_LABELS = {
    KEPT: gettext_lazy("texts removed; kept without them for the figures"),
    DELETED: gettext_lazy("deleted"),
    ANONYMISED: gettext_lazy("names and contact details removed"),
    CLOSED: gettext_lazy("closed and emptied"),
}

# The subjects other apps give notifications about a row (see notifications.services.Draft).
NOTIFICATION_SUBJECTS: dict[str, tuple[str, ...]] = {
    "families.Child": ("child:{pk}",),
    "contacts.ContactMoment": ("contact:{pk}",),
    "contacts.Agreement": ("agreement:{pk}",),
    "contacts.ConversationRequest": ("request:{pk}",),
    "contacts.Booking": ("booking:{pk}", "booking:{pk}:moved", "booking:{pk}:cancelled"),
    "portfolios.PortfolioEntry": ("portfolio-entry:{pk}",),
    "portfolios.Response": ("portfolio-response:{pk}",),
    "portfolios.PortfolioReview": ("portfolio-review:{pk}",),
}


def removed_child_name() -> str:
    """What an anonymised child is called, in the organisation's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Removed child")


def removed_family_name() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Removed family")


def removed_parent_name() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Removed parent")


def plan_rows(counts: dict[str, int]) -> list[tuple[str, int, str]]:
    """A plan or a record's counts as (label, count, what happens) for a page."""
    rows = []
    for key, count in (counts if isinstance(counts, dict) else {}).items():
        if key in HANDLED:
            model = apps.get_model(key)
            rows.append((str(model._meta.verbose_name_plural), count, str(WHAT_LABELS[HANDLED[key].what])))
        elif key in EXTRA:
            label, what = EXTRA[key]
            rows.append((str(label), count, str(WHAT_LABELS[what])))
        else:
            rows.append((key, count, ""))
    return rows


# --- Finding what the routine would touch ---------------------------------------------------


@dataclass
class _Found:
    """What removing one child (with its family, if last) or one family alone touches."""

    child_id: UUID | None = None
    family_id: UUID | None = None
    rows: dict[str, set] = field(default_factory=lambda: defaultdict(set))
    untouched: dict[str, set] = field(default_factory=lambda: defaultdict(set))
    files: list[tuple[Storage, str]] = field(default_factory=list)
    users: set[int] = field(default_factory=set)

    def counts(self) -> dict[str, int]:
        counts = {key: len(self.rows[key]) for key in _KEY_ORDER if self.rows.get(key)}
        if self.files:
            counts[FILES] = len(self.files)
        return counts


_KEY_ORDER = [*HANDLED, USERS, EMAIL_ADDRESSES, AUTHENTICATORS, NOTIFICATIONS, AUDIT_ENTRIES, ADMIN_ENTRIES]


def _rows_of(scope: str, owner_ids: Iterable, found_by_owner: dict[Any, _Found]) -> None:
    """The rows of every handled model of `scope` owned by `owner_ids`, with their files."""
    owner_ids = list(owner_ids)
    if not owner_ids:
        return
    for label, handled in HANDLED.items():
        if handled.scope != scope or handled.what == RECORD:
            continue
        model = apps.get_model(label)
        if handled.owner == "pk":
            for owner_id in owner_ids:
                found_by_owner[owner_id].rows[label].add(owner_id)
            continue
        fields = [handled.owner, "pk", *handled.files]
        # Kept as it is, nothing of it goes; its ids find its history in the Django admin.
        as_is = handled.what == KEPT and not handled.texts and not handled.files
        for owner_id, pk, *files in model._base_manager.filter(**{f"{handled.owner}__in": owner_ids}).values_list(
            *fields
        ):
            found = found_by_owner[owner_id]
            (found.untouched if as_is else found.rows)[label].add(pk)
            for name, value in zip(handled.files, files, strict=True):
                if value:
                    found.files.append((model._meta.get_field(name).storage, value))


def _users_to_close(found_by_family: dict[UUID, _Found]) -> None:
    """The parents' logins that serve only these families: not staff, no other household."""
    links = list(
        Guardian.objects.filter(family_id__in=found_by_family, user__isnull=False).values_list("family_id", "user_id")
    )
    user_ids = {user_id for _family, user_id in links}
    if not user_ids:
        return
    busy = set(
        User.objects.filter(pk__in=user_ids)
        .filter(Q(is_staff=True) | Q(is_superuser=True) | Exists(StaffAssignment.objects.filter(user=OuterRef("pk"))))
        .values_list("pk", flat=True)
    )
    households = defaultdict(set)
    for user_id, family_id in Guardian.objects.filter(
        user_id__in=user_ids, family__anonymised_at__isnull=True
    ).values_list("user_id", "family_id"):
        households[user_id].add(family_id)
    for family_id, user_id in links:
        if user_id not in busy and not households[user_id] - {family_id}:
            found_by_family[family_id].users.add(user_id)


def _collect(children: list[Child], families_alone: Iterable[UUID] = ()) -> dict[UUID, _Found]:
    """What removing each of `children` (in this order) and each family of `families_alone`
    would touch, keyed by the child's or family's id. A family goes with the last of its
    children that is not anonymised yet; a fixed number of queries, however many children."""
    children = [child for child in children if child.anonymised_at is None]
    remaining = dict(
        Child.objects.filter(family_id__in={child.family_id for child in children}, anonymised_at__isnull=True)
        .values_list("family_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    result: dict[UUID, _Found] = {}
    by_family: dict[UUID, _Found] = {}
    for child in children:
        found = result[child.pk] = _Found(child_id=child.pk)
        remaining[child.family_id] = remaining.get(child.family_id, 1) - 1
        if remaining[child.family_id] <= 0 and child.family_id not in by_family:
            found.family_id = child.family_id
            by_family[child.family_id] = found
    for family_id in families_alone:
        if family_id not in by_family:
            found = result[family_id] = _Found(family_id=family_id)
            by_family[family_id] = found

    by_child = {child.pk: result[child.pk] for child in children}
    _rows_of(CHILD, by_child, by_child)
    _rows_of(FAMILY, by_family, by_family)
    _users_to_close(by_family)
    by_user = {user_id: found for found in by_family.values() for user_id in found.users}
    for key, model in ((EMAIL_ADDRESSES, EmailAddress), (AUTHENTICATORS, Authenticator)):
        for user_id, pk in model.objects.filter(user_id__in=by_user).values_list("user_id", "pk"):
            by_user[user_id].rows[key].add(pk)
    for found in by_user.values():
        found.rows[USERS] |= found.users

    _notifications(result.values(), by_child, by_family, by_user)
    _audit_entries(by_child, by_family)
    _admin_entries(result.values())
    return result


def _notifications(found_all: Iterable[_Found], by_child: dict, by_family: dict, by_user: dict[int, _Found]) -> None:
    """Notifications about the child's rows (by their subject or the child's id in the
    details), about the family's hand-outs, and all of the logins that close."""
    by_subject: dict[str, _Found] = {}
    for found in found_all:
        for label, patterns in NOTIFICATION_SUBJECTS.items():
            for pk in found.rows.get(label, ()):
                for pattern in patterns:
                    by_subject[pattern.format(pk=pk)] = found
    condition = Q(recipient_id__in=by_user)
    if by_subject:
        condition |= Q(subject__in=by_subject)
    if by_child:
        condition |= Q(params__child_id__in=[str(pk) for pk in by_child])
    if by_family:
        condition |= Q(params__family_id__in=[str(pk) for pk in by_family])
    for pk, subject, recipient_id, params in Notification.objects.filter(condition).values_list(
        "pk", "subject", "recipient_id", "params"
    ):
        params = params if isinstance(params, dict) else {}
        found = (
            by_subject.get(subject)
            or _by_id(by_child, params.get("child_id"))
            or _by_id(by_family, params.get("family_id"))
            or by_user.get(recipient_id)
        )
        if found is not None:
            found.rows[NOTIFICATIONS].add(pk)


def _by_id(found_by_id: dict, value) -> _Found | None:
    try:
        return found_by_id.get(UUID(str(value))) if value else None
    except ValueError:
        return None


def _audit_entries(by_child: dict, by_family: dict) -> None:
    """The audit trail's entries tied to the child or the family (see privacy.audit)."""
    condition = Q()
    if by_child:
        condition |= Q(additional_data__child__in=[str(pk) for pk in by_child])
    if by_family:
        condition |= Q(additional_data__family__in=[str(pk) for pk in by_family])
    if not condition:
        return
    for pk, data in get_logentry_model().objects.filter(condition).values_list("pk", "additional_data"):
        data = data if isinstance(data, dict) else {}
        found = _by_id(by_child, data.get("child")) or _by_id(by_family, data.get("family"))
        if found is not None:
            found.rows[AUDIT_ENTRIES].add(pk)


def _admin_entries(found_all: Iterable[_Found]) -> None:
    """The Django admin's history of the rows (its texts name the child), and of the logins."""
    owner: dict[tuple[int, str], _Found] = {}
    for found in found_all:
        for label, pks in [*found.rows.items(), *found.untouched.items()]:
            if label in HANDLED or label == USERS:
                content_type = ContentType.objects.get_for_model(apps.get_model(label))
                for pk in pks:
                    owner[(content_type.pk, str(pk))] = found
    if not owner:
        return
    by_type: dict[int, list[str]] = defaultdict(list)
    for content_type_id, object_id in owner:
        by_type[content_type_id].append(object_id)
    condition = Q()
    for content_type_id, object_ids in by_type.items():
        condition |= Q(content_type_id=content_type_id, object_id__in=object_ids)
    for pk, content_type_id, object_id in AdminLogEntry.objects.filter(condition).values_list(
        "pk", "content_type_id", "object_id"
    ):
        found = owner.get((content_type_id, object_id))
        if found is not None:
            found.rows[ADMIN_ENTRIES].add(pk)


def removal_plans(*, children: Iterable[Child]) -> dict[UUID, dict[str, int]]:
    """Per child (in this order, as a retention run would go), how much removing it takes
    away: {kind: count}; the family's part counts with its last child. A fixed number of
    queries for any number of children (for the lists)."""
    children = list(children)
    found = _collect(children)
    return {child.pk: found[child.pk].counts() if child.pk in found else {} for child in children}


def removal_plan(*, child: Child) -> dict[str, int]:
    """How much removing the child would take away, per kind of data (see `plan_rows` for
    the labels): the dry run of `child_anonymise`. Empty for an anonymised child."""
    return removal_plans(children=[child])[child.pk]


def family_removal_plan(*, family: Family) -> dict[str, int]:
    """What goes with the family itself, once it has no child left to anonymise."""
    return _collect([], families_alone=[family.pk])[family.pk].counts()


# --- The routine ----------------------------------------------------------------------------


def _delete_files(files: list[tuple[Storage, str]]) -> None:
    for storage, name in files:
        try:
            storage.delete(name)
        except OSError:
            logger.exception("A removed file could not be deleted from storage")


def _carry_out(found: _Found, *, by: User | None) -> None:
    """Delete, blank and anonymise what `found` lists; the caller holds the locks."""
    for label, handled in HANDLED.items():
        pks = found.rows.get(label)
        if not pks or handled.what in (ANONYMISED, RECORD):
            continue
        rows = apps.get_model(label)._base_manager.filter(pk__in=pks)
        if handled.what == DELETED:
            rows.delete()
        elif handled.texts or handled.files:
            rows.update(**dict.fromkeys(handled.texts + handled.files, ""))
    if found.files:
        transaction.on_commit(partial(_delete_files, list(found.files)))

    now = timezone.now()
    if found.child_id is not None:
        child = Child.objects.get(pk=found.child_id)
        child.first_name, child.last_name, child.external_id = removed_child_name(), "", ""
        child.birth_date, child.anonymised_at = child.birth_date.replace(day=1), now
        child.save(update_fields=["first_name", "last_name", "external_id", "birth_date", "anonymised_at"])
    if found.family_id is not None:
        Family.objects.filter(pk=found.family_id).update(
            name=removed_family_name(), phone="", street="", postcode="", city="", external_id="", anonymised_at=now
        )
        Guardian.objects.filter(family_id=found.family_id).update(
            first_name=removed_parent_name(), last_name="", email="", phone="", user=None
        )
        # The data the request asked to remove is gone, whichever way it went.
        RemovalRequest.objects.filter(family_id=found.family_id, status=RemovalRequest.Status.OPEN).update(
            status=RemovalRequest.Status.CARRIED_OUT, handled_by=by, handled_at=now
        )
    if found.users:
        _close_logins(found.users)

    Notification.objects.filter(pk__in=found.rows.get(NOTIFICATIONS, ())).delete()
    get_logentry_model().objects.filter(pk__in=found.rows.get(AUDIT_ENTRIES, ())).delete()
    AdminLogEntry.objects.filter(pk__in=found.rows.get(ADMIN_ENTRIES, ())).delete()


_CLOSED_FIELDS = ("first_name", "last_name", "email", "password", "is_active", "email_notifications", "invited_at")


def _close_logins(user_ids: set[int]) -> None:
    """Parents' logins that served only the removed family: emptied, closed, logged out."""
    for user in User.objects.filter(pk__in=user_ids):
        user.first_name = user.last_name = ""
        # Unique and never delivered (.invalid is reserved, RFC 2606).
        user.email = f"removed-{uuid4().hex}@removed.invalid"
        user.set_unusable_password()
        user.is_active = False
        user.email_notifications = False
        user.invited_at = None
        user.save(update_fields=[*_CLOSED_FIELDS])
    EmailAddress.objects.filter(user_id__in=user_ids).delete()
    Authenticator.objects.filter(user_id__in=user_ids).delete()
    # Whatever they did elsewhere stays in the audit trail, without their address.
    get_logentry_model().objects.filter(actor_id__in=user_ids).update(actor_email=None)
    _cut_sessions(user_ids)


def _cut_sessions(user_ids: set[int]) -> None:
    """End the logins' sessions now (a changed password would end them at the next request)."""
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return
    wanted = {str(pk) for pk in user_ids}
    doomed = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get(SESSION_KEY)) in wanted
    ]
    Session.objects.filter(session_key__in=doomed).delete()


def child_anonymise(
    *, child: Child, reason: str, by: User | None = None, request: RemovalRequest | None = None
) -> RemovalRecord | None:
    """Remove what identifies the child and what was written about it, keeping the rows the
    figures count (see `HANDLED`); with the family's last child, the family as well. Writes
    and returns one RemovalRecord; an anonymised child is skipped (None)."""
    with transaction.atomic(), disable_auditlog():
        child = Child.objects.select_for_update().filter(pk=child.pk).first()
        if child is None or child.anonymised_at is not None:
            return None
        # The family is locked too: its last two children may go at the same time.
        Family.objects.select_for_update().filter(pk=child.family_id).first()
        found = _collect([child])[child.pk]
        _carry_out(found, by=by)
        record = RemovalRecord.objects.create(
            reason=reason,
            child_ref=child.pk,
            family_ref=child.family_id,
            removed=found.counts(),
            carried_out_by=by,
            request=request,
        )
    logger.info("Removed the data of child %s (%s)", child.pk, reason)
    return record


def family_anonymise(
    *, family: Family, reason: str, by: User | None = None, request: RemovalRequest | None = None
) -> RemovalRecord | None:
    """A family without a child left to anonymise (none registered, or all done): the family
    itself goes. Skipped (None) when it is anonymised already or still has a child."""
    with transaction.atomic(), disable_auditlog():
        family = Family.objects.select_for_update().filter(pk=family.pk).first()
        if family is None or family.anonymised_at is not None:
            return None
        if family.children.filter(anonymised_at__isnull=True).exists():
            return None
        found = _collect([], families_alone=[family.pk])[family.pk]
        _carry_out(found, by=by)
        record = RemovalRecord.objects.create(
            reason=reason, family_ref=family.pk, removed=found.counts(), carried_out_by=by, request=request
        )
    logger.info("Removed the data of family %s (%s)", family.pk, reason)
    return record


# --- Removal requests -----------------------------------------------------------------------


def open_request_of(family: Family) -> RemovalRequest | None:
    return RemovalRequest.objects.filter(family=family, status=RemovalRequest.Status.OPEN).first()


def children_still_placed(family: Family, *, today: date | None = None) -> models.QuerySet[Child]:
    """The family's children with a placement running now or starting later: they stop a
    removal (the admin ends the placements first)."""
    placed = Placement.objects.current(today).filter(child=OuterRef("pk"))
    return family.children.filter(Exists(placed))


def removal_request_ask(*, family: Family, by: User, note: str = "") -> RemovalRequest:
    """A parent asks for the family's data to be removed; one open request per family."""
    note = (note or "").strip()
    max_length = RemovalRequest._meta.get_field("note").max_length
    if len(note) > max_length:
        raise ValidationError({"note": [_("Keep the note under %(max)s characters.") % {"max": max_length}]})
    already = _("You have asked for this already; the organisation will handle your request.")
    if family.anonymised_at is not None:
        raise ValidationError(_("Your family's data has been removed already."))
    try:
        with transaction.atomic():
            if open_request_of(family) is not None:
                raise ValidationError(already)
            request = RemovalRequest.objects.create(family=family, requested_by=by, note=note)
    except IntegrityError:
        # Two clicks at once: the database lets one open request through.
        raise ValidationError(already) from None
    logger.info("Removal request %s for family %s", request.pk, family.pk)
    return request


def removal_request_withdraw(*, request: RemovalRequest, by: User) -> bool:
    """The parents change their mind while it is open: the request goes. Whether it did."""
    deleted, _rows = RemovalRequest.objects.filter(pk=request.pk, status=RemovalRequest.Status.OPEN).delete()
    if deleted:
        logger.info("Removal request %s withdrawn by user %s", request.pk, by.pk)
    return bool(deleted)


@dataclass(frozen=True)
class _Addressee:
    email: str
    first_name: str
    language: str


def _addressee(user: User | None) -> _Addressee | None:
    """Read before the routine empties the login."""
    if user is None or not user.is_active or not user.email:
        return None
    return _Addressee(user.email, user.first_name, user.preferred_language or settings.LANGUAGE_CODE)


def _send(addressee: _Addressee | None, template: str, context: dict, request_id: UUID) -> None:
    if addressee is None:
        return
    context = {**context, "first_name": addressee.first_name}
    try:
        with translation.override(addressee.language):
            subject = render_to_string(f"privacy/removal/email/{template}_subject.txt", context).strip()
            body = render_to_string(f"privacy/removal/email/{template}_message.txt", context)
        send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [addressee.email])
    except Exception:
        # The request's state is saved; a mail server that is away must not undo it.
        logger.exception("The %s email about removal request %s could not be sent", template, request_id)


def removal_request_carry_out(*, request: RemovalRequest, by: User) -> list[RemovalRecord]:
    """The admin carries out an open request: the routine for every child of the family,
    then the family; the asking parent gets a confirmation at the address they had."""
    with transaction.atomic():
        request = (
            RemovalRequest.objects.select_for_update(of=("self",)).select_related("requested_by").get(pk=request.pk)
        )
        if request.status != RemovalRequest.Status.OPEN:
            raise ValidationError(_("This request has been handled already."))
        family = request.family
        records: list[RemovalRecord] = []
        if family is not None:
            if children_still_placed(family).exists():
                raise ValidationError(
                    _(
                        "A child of this family still has a placement that runs now or starts later. "
                        "End the placements first, then carry out the request."
                    )
                )
            addressee = _addressee(request.requested_by)
            for child in family.children.filter(anonymised_at__isnull=True).order_by("pk"):
                record = child_anonymise(child=child, reason=RemovalRecord.Reason.REQUEST, by=by, request=request)
                if record is not None:
                    records.append(record)
            record = family_anonymise(family=family, reason=RemovalRecord.Reason.REQUEST, by=by, request=request)
            if record is not None:
                records.append(record)
        else:
            addressee = None
        request.status = RemovalRequest.Status.CARRIED_OUT
        request.handled_by, request.handled_at, request.note = by, timezone.now(), ""
        request.save(update_fields=["status", "handled_by", "handled_at", "note"])
        transaction.on_commit(partial(_send, addressee, "carried_out", {}, request.pk))
    logger.info("Removal request %s carried out by user %s", request.pk, by.pk)
    return records


def removal_request_decline(*, request: RemovalRequest, by: User, reason: str) -> RemovalRequest:
    """The admin declines an open request with a reason; the parent reads it in the app and by email."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Tell the parents why the request is declined.")]})
    max_length = RemovalRequest._meta.get_field("decline_reason").max_length
    if len(reason) > max_length:
        raise ValidationError({"reason": [_("Keep the reason under %(max)s characters.") % {"max": max_length}]})
    with transaction.atomic():
        request = (
            RemovalRequest.objects.select_for_update(of=("self",)).select_related("requested_by").get(pk=request.pk)
        )
        if request.status != RemovalRequest.Status.OPEN:
            raise ValidationError(_("This request has been handled already."))
        request.status, request.decline_reason = RemovalRequest.Status.DECLINED, reason
        request.handled_by, request.handled_at = by, timezone.now()
        request.save(update_fields=["status", "decline_reason", "handled_by", "handled_at"])
        parent = request.requested_by
        if parent is not None and parent.is_active:
            # In the app without an email of its own: the email below always goes, whatever
            # the parent chose for notifications, as it answers their request.
            Notification.objects.bulk_create(
                [
                    Notification(
                        kind=kinds.REMOVAL_REQUEST_DECLINED,
                        recipient=parent,
                        subject=f"removal-request:{request.pk}",
                        on_date=timezone.localdate(),
                        link=reverse("privacy:removal_request"),
                        email_wanted=False,
                    )
                ],
                ignore_conflicts=True,
            )
        context = {"reason": reason, "url": settings.SITE_URL + reverse("privacy:removal_request")}
        transaction.on_commit(partial(_send, _addressee(parent), "declined", context, request.pk))
    logger.info("Removal request %s declined by user %s", request.pk, by.pk)
    return request
