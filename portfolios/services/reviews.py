"""The periodic portfolio review: reading it per role, and its way from a draft of the team,
via the parents' view per domain, to the next steps agreed together (then locked).

Staff of the child read every review; parents read the reviews they were asked about and
the agreed ones, never a draft. The child's professionals write; managers read along.
Each write checks everything first and saves in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from contacts.models import ContactMoment
from families.models import Guardian
from notifications.services import Draft, notify_all
from portfolios.models import (
    REVIEW_NEXT_STEPS_MAX_LENGTH,
    REVIEW_VIEW_MAX_LENGTH,
    Perspective,
    PortfolioEntry,
    PortfolioReview,
    ReviewDomain,
)
from portfolios.selectors import active_domains, entries_visible_to, side_of
from privacy import audit

if TYPE_CHECKING:
    from accounts.models import User
    from families.models import Child

Status = PortfolioReview.Status

# How many entries of each perspective a domain shows as reference; the rest is counted.
ENTRIES_SHOWN_PER_DOMAIN = 2


# --- Reading ---------------------------------------------------------------------------


def reviews_visible_to(user: User) -> QuerySet[PortfolioReview]:
    """Staff see every review of the children they work with; parents those of their own
    children that the team has put before them (drafts never)."""
    as_staff = Q(child__in=access.children_for(user, as_parent=False).values("pk"))
    as_parent = Q(child__in=access.own_children(user).values("pk")) & ~Q(status=Status.DRAFT)
    return PortfolioReview.objects.filter(as_staff | as_parent)


def with_domains(reviews: QuerySet[PortfolioReview]) -> QuerySet[PortfolioReview]:
    return reviews.prefetch_related(
        Prefetch("domains", queryset=ReviewDomain.objects.select_related("domain", "parent_view_by"))
    )


def with_domains_of(review: PortfolioReview) -> list[ReviewDomain]:
    return list(review.domains.select_related("domain", "parent_view_by"))


def agreed_reviews(child: Child) -> list[PortfolioReview]:
    """The child's agreed reviews, newest first, with their domains (two queries): for the
    portfolio PDF, where only what both sides agreed on belongs."""
    reviews = PortfolioReview.objects.filter(child=child, status=Status.AGREED).select_related(
        "contact_moment", "agreed_by"
    )
    return list(with_domains(reviews).order_by("-period_end", "-agreed_at"))


def may_write(user: User, child: Child) -> bool:
    return side_of(user, child) == Perspective.PROFESSIONAL


def may_give_parent_view(user: User, review: PortfolioReview) -> bool:
    return review.is_with_parents and side_of(user, review.child) == Perspective.PARENT


@dataclass
class DomainEntries:
    """The shared entries of a review's period about one domain, as reference."""

    count_group: int = 0
    count_home: int = 0
    shown: list[PortfolioEntry] = field(default_factory=list)

    @property
    def count(self) -> int:
        return self.count_group + self.count_home


def period_entries(review: PortfolioReview, user: User) -> dict[int | None, DomainEntries]:
    """Per domain id (None: entries about no particular domain) the number of shared entries
    of the review's period from each side, and the latest few of each: two queries for any
    number of entries and domains."""
    entries = entries_visible_to(user).filter(
        child_id=review.child_id,
        shared_at__isnull=False,
        observed_on__gte=review.period_start,
        observed_on__lte=review.period_end,
    )
    result: dict[int | None, DomainEntries] = {}
    for row in entries.order_by().values("domain_id", "perspective").annotate(number=Count("pk")):
        counts = result.setdefault(row["domain_id"], DomainEntries())
        if row["perspective"] == Perspective.PARENT:
            counts.count_home = row["number"]
        else:
            counts.count_group = row["number"]
    latest = entries.annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("domain_id"), F("perspective")],
            order_by=[F("observed_on").desc(), F("created_at").desc()],
        )
    ).filter(rank__lte=ENTRIES_SHOWN_PER_DOMAIN)
    for entry in latest.select_related("author").order_by("-observed_on", "-created_at"):
        result.setdefault(entry.domain_id, DomainEntries()).shown.append(entry)
    return result


# --- Checks ------------------------------------------------------------------------------


def _check_period(period_start: date | None, period_end: date | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if period_start is None:
        errors["period_start"] = [_("Give the first day of the period.")]
    if period_end is None:
        errors["period_end"] = [_("Give the last day of the period.")]
    elif period_end > timezone.localdate():
        errors["period_end"] = [_("The period cannot end in the future.")]
    if period_start is not None and period_end is not None and period_start > period_end:
        errors["period_start"] = [_("The period must start before it ends.")]
    return errors


def _check_conversation(child: Child, contact_moment: ContactMoment | None) -> dict[str, list[str]]:
    if contact_moment is None:
        return {}
    if contact_moment.child_id != child.pk:
        return {"contact_moment": [_("This conversation is about another child.")]}
    if contact_moment.kind != ContactMoment.Kind.DEVELOPMENT:
        return {"contact_moment": [_("Link the review to a development conversation.")]}
    return {}


def _check_length(text: str, maximum: int) -> list[str]:
    if len(text) > maximum:
        return [
            _("Write at most %(max)s characters here; this has %(length)s.") % {"max": maximum, "length": len(text)}
        ]
    return []


def _locked(review: PortfolioReview) -> PortfolioReview:
    """The review, locked against a parallel write until the transaction ends."""
    return PortfolioReview.objects.select_for_update().select_related("child").get(pk=review.pk)


def version_of(review: PortfolioReview) -> str:
    """What a form remembers of the review it was opened on, to notice a change meanwhile."""
    return review.updated_at.isoformat()


def _check_version(review: PortfolioReview, version: str | None) -> None:
    if version is not None and version != version_of(review):
        raise ValidationError(
            _(
                "Someone changed this review while you were writing (the parents or a colleague). "
                "Check the texts below: saving again keeps what is in the form now."
            ),
            code="changed",
        )


def _parents_with_login(child: Child) -> QuerySet[Guardian]:
    return Guardian.objects.filter(family_id=child.family_id, user__isnull=False).select_related("user")


def review_url(review: PortfolioReview) -> str:
    return reverse("portfolios:review_detail", kwargs={"review_id": review.pk})


# --- Writing -----------------------------------------------------------------------------


@transaction.atomic
def review_create(
    *,
    child: Child,
    by: User,
    period_start: date | None,
    period_end: date | None,
    contact_moment: ContactMoment | None = None,
) -> PortfolioReview:
    """A draft for the team, with a row for every development domain in use."""
    if not may_write(by, child):
        raise PermissionDenied
    errors = _check_period(period_start, period_end) | _check_conversation(child, contact_moment)
    domains = list(active_domains())
    if not domains:
        errors.setdefault("__all__", []).append(_("There are no development domains in use to review."))
    if errors:
        raise ValidationError(errors)
    review = PortfolioReview.objects.create(
        child=child, period_start=period_start, period_end=period_end, contact_moment=contact_moment, created_by=by
    )
    audit.log_bulk_created(
        ReviewDomain.objects.bulk_create(ReviewDomain(review=review, domain=domain) for domain in domains)
    )
    return review


@dataclass(frozen=True)
class DomainTexts:
    professional_view: str = ""
    parent_view: str = ""
    next_steps: str = ""


@transaction.atomic
def review_edit(
    *,
    review: PortfolioReview,
    by: User,
    period_start: date | None,
    period_end: date | None,
    contact_moment: ContactMoment | None,
    texts: Mapping[int, DomainTexts],
    version: str | None = None,
) -> PortfolioReview:
    """The team's edit of everything, the parents' column too (what they said in the
    conversation), until the review is agreed. `texts` holds a row's texts by its id;
    errors about a row are named "domain-<id>-<field>"."""
    review = _locked(review)
    if not may_write(by, review.child):
        raise PermissionDenied
    if review.is_agreed:
        raise ValidationError(_("This review is agreed and can no longer be changed."), code="agreed")
    _check_version(review, version)
    errors = _check_period(period_start, period_end) | _check_conversation(review.child, contact_moment)
    rows = {row.pk: row for row in review.domains.all()}
    cleaned: dict[int, DomainTexts] = {}
    for row_id, given in texts.items():
        if row_id not in rows:
            raise ValidationError(_("This domain is not part of the review."))
        text = DomainTexts(*(value.strip() for value in (given.professional_view, given.parent_view, given.next_steps)))
        for name, maximum in (
            ("professional_view", REVIEW_VIEW_MAX_LENGTH),
            ("parent_view", REVIEW_VIEW_MAX_LENGTH),
            ("next_steps", REVIEW_NEXT_STEPS_MAX_LENGTH),
        ):
            if problems := _check_length(getattr(text, name), maximum):
                errors[f"domain-{row_id}-{name}"] = problems
        cleaned[row_id] = text
    if errors:
        raise ValidationError(errors)
    review.period_start, review.period_end, review.contact_moment = period_start, period_end, contact_moment
    review.save(update_fields=["period_start", "period_end", "contact_moment", "updated_at"])
    changed = []
    for row_id, text in cleaned.items():
        row = rows[row_id]
        if text.parent_view != row.parent_view:
            row.parent_view_by = by
        row.professional_view, row.parent_view = text.professional_view, text.parent_view
        row.next_steps = text.next_steps
        changed.append(row)
    ReviewDomain.objects.bulk_update(changed, ["professional_view", "parent_view", "parent_view_by", "next_steps"])
    return review


@transaction.atomic
def review_ask_parents(*, review: PortfolioReview, by: User) -> int:
    """Put the review before the parents and ask those with a login for their view per domain.
    Returns how many parents were told (0 too when they were asked already)."""
    review = _locked(review)
    if not may_write(by, review.child):
        raise PermissionDenied
    if review.is_agreed:
        raise ValidationError(_("This review is agreed already."), code="agreed")
    # Conditional, so that two colleagues asking at once notify the parents once.
    asked = PortfolioReview.objects.filter(pk=review.pk, status=Status.DRAFT).update(
        status=Status.WITH_PARENTS, parents_asked_at=timezone.now(), updated_at=timezone.now()
    )
    if not asked:
        return 0
    audit.log_changed(review, {"status": [Status.DRAFT, Status.WITH_PARENTS]})
    link = reverse("portfolios:review_parent_view", kwargs={"review_id": review.pk})
    return notify_all(
        Draft(
            "portfolio_review_input",
            guardian.user,
            subject=f"portfolio-review:{review.pk}",
            params={"child": review.child.first_name},
            link=link,
        )
        for guardian in _parents_with_login(review.child)
    )


@transaction.atomic
def review_parent_view(*, review: PortfolioReview, by: User, views: Mapping[int, str]) -> PortfolioReview:
    """A parent writes the parents' column, while the team has the review with the parents.
    `views` holds the text by row id; errors are named "domain-<id>-parent_view"."""
    review = _locked(review)
    if side_of(by, review.child) != Perspective.PARENT:
        raise PermissionDenied
    if not review.is_with_parents:
        raise ValidationError(_("The parents' view can be written only while the team asks for it."), code="closed")
    rows = {row.pk: row for row in review.domains.all()}
    errors: dict[str, list[str]] = {}
    cleaned: dict[int, str] = {}
    for row_id, text in views.items():
        if row_id not in rows:
            raise ValidationError(_("This domain is not part of the review."))
        cleaned[row_id] = text.strip()
        if problems := _check_length(cleaned[row_id], REVIEW_VIEW_MAX_LENGTH):
            errors[f"domain-{row_id}-parent_view"] = problems
    if not any(cleaned.get(row_id, row.parent_view) for row_id, row in rows.items()):
        errors["__all__"] = [_("Write your view for at least one domain.")]
    if errors:
        raise ValidationError(errors)
    changed = []
    for row_id, text in cleaned.items():
        row = rows[row_id]
        if text != row.parent_view:
            row.parent_view, row.parent_view_by = text, by
            changed.append(row)
    ReviewDomain.objects.bulk_update(changed, ["parent_view", "parent_view_by"])
    # Touched, so that a colleague's edit form opened before notices the parents' words.
    review.save(update_fields=["updated_at"])
    return review


@transaction.atomic
def review_agree(*, review: PortfolioReview, by: User) -> bool:
    """Lock the review with its next steps and tell the parents. Returns False when it was
    agreed already (by a second click or a colleague): the parents are told once."""
    review = _locked(review)
    if not may_write(by, review.child):
        raise PermissionDenied
    if review.is_agreed:
        return False
    if not review.domains.exclude(next_steps="").exists():
        raise ValidationError(
            {"next_steps": [_("Write the next steps for at least one domain before agreeing.")]}, code="no_steps"
        )
    now = timezone.now()
    agreed = (
        PortfolioReview.objects.filter(pk=review.pk)
        .exclude(status=Status.AGREED)
        .update(status=Status.AGREED, agreed_by=by, agreed_at=now, updated_at=now)
    )
    if not agreed:
        return False
    audit.log_changed(review, {"status": [review.status, Status.AGREED]})
    notify_all(
        Draft(
            "portfolio_review_agreed",
            guardian.user,
            subject=f"portfolio-review:{review.pk}",
            params={"child": review.child.first_name},
            link=review_url(review),
        )
        for guardian in _parents_with_login(review.child)
    )
    return True
