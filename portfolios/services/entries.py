"""Writing in a child's portfolio: observations, entries from home, sharing, editing,
responses and "seen by". Each write checks everything first and saves in one transaction,
so bad input never leaves an entry without its photos behind."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from families.models import Guardian
from notifications.services import Draft, notify, notify_all
from portfolios.models import (
    ENTRY_MAX_LENGTH,
    PHOTOS_PER_ENTRY,
    RESPONSE_MAX_LENGTH,
    Domain,
    EntryPhoto,
    EntrySeen,
    Perspective,
    PortfolioEntry,
    Response,
)
from portfolios.selectors import photos_allowed, side_of
from privacy import audit

if TYPE_CHECKING:
    from accounts.models import User
    from families.models import Child
    from photos.images import ProcessedPhoto


def no_consent_message() -> str:
    return _(
        "The parents have not given consent for photos of this child in the portfolio, so no photos can be added. "
        "Parents give or withdraw this consent on the consents page."
    )


def entry_url(entry: PortfolioEntry) -> str:
    return reverse("portfolios:entry_detail", kwargs={"entry_id": entry.pk})


def _check_entry(
    *,
    child: Child,
    text: str,
    observed_on: date | None,
    domain: Domain | None,
    photos: list,
    domain_required: bool,
    kept_domain: Domain | None = None,
) -> dict[str, list[str]]:
    """`kept_domain`: the domain an edited entry has already, still fine when retired since."""
    errors: dict[str, list[str]] = {}
    if not text:
        errors["text"] = [_("Write what you saw.")]
    elif len(text) > ENTRY_MAX_LENGTH:
        errors["text"] = [
            _("An entry can be at most %(max)s characters long; this one has %(length)s.")
            % {"max": ENTRY_MAX_LENGTH, "length": len(text)}
        ]
    if observed_on is None:
        errors["observed_on"] = [_("Give the date.")]
    elif observed_on > timezone.localdate():
        errors["observed_on"] = [_("The date cannot be in the future.")]
    if domain_required and domain is None:
        errors["domain"] = [_("Choose a development domain.")]
    elif domain is not None and not domain.is_active and domain != kept_domain:
        errors["domain"] = [_("This domain is no longer in use. Choose another one.")]
    if photos and not photos_allowed(child):
        errors["photos"] = [no_consent_message()]
    elif len(photos) > PHOTOS_PER_ENTRY:
        errors["photos"] = [_("Add at most %(max)s photos to one entry.") % {"max": PHOTOS_PER_ENTRY}]
    return errors


def _add_photos(entry: PortfolioEntry, photos: list[ProcessedPhoto], *, start: int = 0) -> None:
    for position, processed in enumerate(photos, start=start):
        photo = EntryPhoto(entry=entry, width=processed.width, height=processed.height, position=position)
        photo.image.save(processed.image.name, processed.image, save=False)
        photo.thumbnail.save(processed.thumbnail.name, processed.thumbnail, save=False)
        photo.save()


@transaction.atomic
def observation_write(
    *,
    child: Child,
    by: User,
    domain: Domain | None,
    observed_on: date | None,
    text: str,
    photos: list[ProcessedPhoto] | None = None,
    share: bool = False,
) -> PortfolioEntry:
    """A professional's observation: a draft for the team, or shared with the parents now."""
    if side_of(by, child) != Perspective.PROFESSIONAL:
        raise PermissionDenied
    text, photos = (text or "").strip(), photos or []
    errors = _check_entry(
        child=child, text=text, observed_on=observed_on, domain=domain, photos=photos, domain_required=True
    )
    if errors:
        raise ValidationError(errors)
    entry = PortfolioEntry.objects.create(
        child=child,
        author=by,
        perspective=Perspective.PROFESSIONAL,
        domain=domain,
        observed_on=observed_on,
        text=text,
    )
    _add_photos(entry, photos)
    if share:
        entry_share(entry=entry, by=by)
    return entry


@transaction.atomic
def home_entry_write(
    *,
    child: Child,
    by: User,
    domain: Domain | None,
    observed_on: date | None,
    text: str,
    photos: list[ProcessedPhoto] | None = None,
) -> PortfolioEntry:
    """A parent's "at home I see…": the child's staff see it at once."""
    if side_of(by, child) != Perspective.PARENT:
        raise PermissionDenied
    text, photos = (text or "").strip(), photos or []
    errors = _check_entry(
        child=child, text=text, observed_on=observed_on, domain=domain, photos=photos, domain_required=False
    )
    if errors:
        raise ValidationError(errors)
    entry = PortfolioEntry.objects.create(
        child=child,
        author=by,
        perspective=Perspective.PARENT,
        domain=domain,
        observed_on=observed_on,
        text=text,
        shared_at=timezone.now(),
    )
    _add_photos(entry, photos)
    return entry


@transaction.atomic
def entry_share(*, entry: PortfolioEntry, by: User) -> PortfolioEntry:
    """Share a draft observation with the parents and tell those with a login."""
    if side_of(by, entry.child) != Perspective.PROFESSIONAL or entry.perspective != Perspective.PROFESSIONAL:
        raise PermissionDenied
    # Conditional, so that two colleagues sharing at once notify the parents once.
    shared = PortfolioEntry.objects.filter(pk=entry.pk, shared_at__isnull=True).update(shared_at=timezone.now())
    entry.refresh_from_db(fields=["shared_at"])
    if shared:
        audit.log_changed(entry, {"shared_at": [None, entry.shared_at]})
        parents = Guardian.objects.filter(family_id=entry.child.family_id, user__isnull=False).select_related("user")
        notify_all(
            Draft(
                "portfolio_shared",
                guardian.user,
                subject=f"portfolio-entry:{entry.pk}",
                params={"child": entry.child.first_name},
                link=entry_url(entry),
            )
            for guardian in parents
        )
    return entry


def may_edit(entry: PortfolioEntry, user: User) -> bool:
    """The author corrects their entry until the other side has responded to it: after that
    the response would answer words that are no longer there."""
    return (
        entry.author_id == user.pk and side_of(user, entry.child) == entry.perspective and not entry.responses.exists()
    )


@transaction.atomic
def entry_edit(
    *,
    entry: PortfolioEntry,
    by: User,
    domain: Domain | None,
    observed_on: date | None,
    text: str,
    photos: list[ProcessedPhoto] | None = None,
    remove_photos: Iterable[EntryPhoto] = (),
) -> PortfolioEntry:
    """Correct an entry: its text, date and domain, new photos added after the ones it has,
    photos taken out. The files of removed photos go once the change is committed."""
    entry = PortfolioEntry.objects.select_for_update().select_related("child").get(pk=entry.pk)
    if not may_edit(entry, by):
        raise PermissionDenied
    text, photos = (text or "").strip(), photos or []
    kept = list(entry.photos.all())
    removed = [photo for photo in kept if photo.pk in {removal.pk for removal in remove_photos}]
    errors = _check_entry(
        child=entry.child,
        text=text,
        observed_on=observed_on,
        domain=domain,
        kept_domain=entry.domain,
        photos=photos,
        domain_required=entry.perspective == Perspective.PROFESSIONAL,
    )
    if "photos" not in errors and len(kept) - len(removed) + len(photos) > PHOTOS_PER_ENTRY:
        errors["photos"] = [
            _("An entry can have at most %(max)s photos; it has %(count)s already.")
            % {"max": PHOTOS_PER_ENTRY, "count": len(kept) - len(removed)}
        ]
    if errors:
        raise ValidationError(errors)
    entry.domain, entry.observed_on, entry.text, entry.edited_at = domain, observed_on, text, timezone.now()
    entry.save(update_fields=["domain", "observed_on", "text", "edited_at"])
    if removed:
        EntryPhoto.objects.filter(pk__in=[photo.pk for photo in removed]).delete()
        transaction.on_commit(lambda: _delete_files(removed))
    _add_photos(entry, photos, start=max((photo.position for photo in kept), default=-1) + 1)
    return entry


def _delete_files(photos: list[EntryPhoto]) -> None:
    for photo in photos:
        photo.image.delete(save=False)
        photo.thumbnail.delete(save=False)


def may_respond(entry: PortfolioEntry, user: User) -> bool:
    """The other side answers a shared entry: a parent an observation, staff a parent's entry."""
    side = side_of(user, entry.child)
    return side is not None and side != entry.perspective and entry.shared_at is not None


@transaction.atomic
def response_write(*, entry: PortfolioEntry, by: User, text: str) -> Response:
    if not may_respond(entry, by):
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Write your response.")]})
    if len(text) > RESPONSE_MAX_LENGTH:
        raise ValidationError(
            {
                "text": [
                    _("A response can be at most %(max)s characters long; this one has %(length)s.")
                    % {"max": RESPONSE_MAX_LENGTH, "length": len(text)}
                ]
            }
        )
    response = Response.objects.create(entry=entry, author=by, perspective=side_of(by, entry.child), text=text)
    if entry.author is not None and entry.author_id != by.pk:
        notify(
            "portfolio_response",
            entry.author,
            subject=f"portfolio-response:{response.pk}",
            params={"child": entry.child.first_name},
            link=entry_url(entry),
        )
    return response


def entries_mark_seen(*, entries: list[PortfolioEntry], user: User, side: str | None) -> None:
    """Note that `user` saw the entries of the other side among `entries` (one query)."""
    if side is None:
        return
    unseen = [
        EntrySeen(entry=entry, user=user)
        for entry in entries
        if entry.perspective != side
        and entry.shared_at is not None
        and entry.author_id != user.pk
        and not any(seen.user_id == user.pk for seen in entry.seen.all())
    ]
    if unseen:
        EntrySeen.objects.bulk_create(unseen, ignore_conflicts=True)
