"""A child's portfolio as a PDF, for the parents or, with their consent, the primary school.

The PDF holds what the parents see: the shared entries of both perspectives (never the
group's drafts) with their responses, and small photos only while the parents' photo consent
is given. WeasyPrint renders it from `templates/portfolios/pdf/portfolio.html`; it fetches
nothing over the network or from disk except the photos of this PDF, which `PhotoFetcher`
reads from private storage.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from families.models import Consent, Placement
from families.services.consents import current_consents
from portfolios import selectors
from portfolios.models import EntryPhoto, PortfolioEntry, PortfolioReview, Response
from portfolios.services.reviews import agreed_reviews

if TYPE_CHECKING:
    import datetime

    from families.models import Child

# Photos are referred to in the HTML as "samenspel-photo:<uuid>": a scheme no browser or
# WeasyPrint handler knows, so only our fetcher can resolve it, and only for this PDF's photos.
PHOTO_SCHEME = "samenspel-photo"
PHOTO_CONTENT_TYPE = "image/jpeg"  # every stored photo is re-encoded as JPEG on upload


class Audience(enum.StrEnum):
    PARENTS = "parents"
    SCHOOL = "school"


@dataclass
class PortfolioPdf:
    """What the template shows."""

    child: Child
    audience: Audience
    made_on: datetime.date
    placement: Placement | None
    entries: list[PortfolioEntry]
    photos_allowed: bool
    school_consent: Consent | None = None
    # The agreed portfolio reviews: only what both sides agreed on belongs in the PDF.
    reviews: list[PortfolioReview] = field(default_factory=list)

    def context(self) -> dict:
        return {
            "child": self.child,
            "audience": self.audience.value,
            "made_on": self.made_on,
            "placement": self.placement,
            "entries": self.entries,
            "photos_allowed": self.photos_allowed,
            "school_consent": self.school_consent,
            "reviews": self.reviews,
            "photo_scheme": PHOTO_SCHEME,
        }

    def photos(self) -> dict[str, EntryPhoto]:
        if not self.photos_allowed:
            return {}
        return {str(photo.pk): photo for entry in self.entries for photo in entry.photos.all()}


def shared_entries(entries: QuerySet[PortfolioEntry], *, with_photos: bool) -> QuerySet[PortfolioEntry]:
    """The shared entries among `entries` (already scoped to the reader and the child), newest
    first, with everything the PDF shows prefetched: the same queries for 10 entries as for 100."""
    prefetches: list[Prefetch] = [Prefetch("responses", queryset=Response.objects.select_related("author"))]
    if with_photos:
        prefetches.append(
            Prefetch("photos", queryset=EntryPhoto.objects.only("pk", "entry_id", "position", "thumbnail"))
        )
    return (
        entries.filter(shared_at__isnull=False)
        .select_related("author", "domain")
        .prefetch_related(*prefetches)
        .order_by("-observed_on", "-created_at")
    )


def school_consent(child: Child) -> Consent | None:
    """The parents' current decision on sharing the portfolio with the primary school (None:
    never answered). The newest decision counts, as in `consent_given`; the decision itself
    also gives the date for the school version's cover."""
    return current_consents([child])[child.pk][Consent.Kind.SCHOOL_TRANSFER]


def portfolio_pdf(
    child: Child,
    entries: QuerySet[PortfolioEntry],
    *,
    audience: Audience,
    school_consent: Consent | None = None,
) -> PortfolioPdf:
    """Gather the PDF's content. `entries` must already be scoped to who asks and to `child`;
    the school version needs the parents' current (given) consent decision."""
    if audience == Audience.SCHOOL and (school_consent is None or not school_consent.given):
        raise ValueError("the school version needs the parents' given consent")
    with_photos = selectors.photos_allowed(child)
    # The group the child is (or was last) placed in, for the cover.
    placement = (
        Placement.objects.filter(child=child)
        .select_related("group__location", "mentor")
        .order_by("-start_date", "-pk")
        .first()
    )
    return PortfolioPdf(
        child=child,
        audience=audience,
        made_on=timezone.localdate(),
        placement=placement,
        entries=list(shared_entries(entries, with_photos=with_photos)),
        photos_allowed=with_photos,
        school_consent=school_consent,
        reviews=agreed_reviews(child),
    )


def render(content: PortfolioPdf) -> bytes:
    """The PDF's bytes, in the active language."""
    from PIL import ImageFile
    from weasyprint import HTML  # see photo_fetcher: imported when a PDF is made

    # Importing WeasyPrint lets Pillow accept truncated images, for the whole process; our
    # uploads must keep refusing them (photos.images sets it back before each decode too).
    ImageFile.LOAD_TRUNCATED_IMAGES = False

    html = render_to_string("portfolios/pdf/portfolio.html", content.context())
    return HTML(string=html, base_url=None, url_fetcher=photo_fetcher(content.photos())).write_pdf()


def photo_fetcher(photos: dict[str, EntryPhoto]):
    """A WeasyPrint URL fetcher that serves these photos' thumbnails and refuses everything
    else: no http(s), no file:, no data:, no other photo."""
    # Imported here, not at the top: WeasyPrint loads Pango on import, and a machine without
    # it should still serve every other page.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PhotoFetcher(URLFetcher):
        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            scheme, _, photo_id = url.partition(":")
            photo = photos.get(photo_id) if scheme == PHOTO_SCHEME else None
            if photo is None or not photo.thumbnail:
                # WeasyPrint logs this and leaves the image out; the PDF is still made.
                raise ValueError(f"not fetched for the portfolio PDF: {url[:80]}")
            with photo.thumbnail.storage.open(photo.thumbnail.name, "rb") as file:
                body = file.read()
            return URLFetcherResponse(url, body, {"Content-Type": PHOTO_CONTENT_TYPE})

    return PhotoFetcher()
