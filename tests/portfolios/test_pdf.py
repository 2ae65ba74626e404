"""The portfolio PDF (WeasyPrint): for the parents, and for the primary school with the
parents' consent. The PDF's text is read back with pypdf; these tests need Pango (see the
README's install section), and CI requires them to run (bin/check-test-report)."""

import io
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from families.models import Consent
from portfolios import pdf
from portfolios.models import EntryPhoto, Perspective, PortfolioEntry
from tests.conftest import client_for, english_client_for
from tests.factories import ChildFactory, PlacementFactory
from tests.portfolios.factories import EntryFactory, ResponseFactory, ReviewFactory
from tests.portfolios.test_portfolio import consent, home_entry, observation, with_photo

pytestmark = pytest.mark.django_db


def parents_pdf(child) -> str:
    return reverse("portfolios:portfolio_pdf", args=[child.pk])


def school_pdf(child) -> str:
    return reverse("portfolios:school_pdf", args=[child.pk])


def school_consent(side, given: bool = True, **kwargs) -> Consent:
    return Consent.objects.create(
        child=side.child, kind=Consent.Kind.SCHOOL_TRANSFER, given=given, decided_by=side.parent, **kwargs
    )


def read(response) -> PdfReader:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def text_of(response) -> str:
    # Line breaks fall where the page width puts them: compare words, not lines.
    return " ".join(" ".join(page.extract_text() for page in read(response).pages).split())


def image_count(response) -> int:
    # WeasyPrint shares one resource dictionary between pages: count each image once.
    return len({image.name for page in read(response).pages for image in page.images})


def _user(role, ours, org_admin, outsider):
    return {"admin": org_admin, "outsider": outsider, "anonymous": None}.get(role) or getattr(ours, role)


# --- What is in it ------------------------------------------------------------------------


def test_the_pdf_holds_the_childs_name_both_perspectives_and_the_responses(ours):
    seen = observation(ours, text="Ze bouwde een toren van tien blokken.")
    ResponseFactory(entry=seen, author=ours.parent, text="Thuis stapelt ze de pannen.")
    at_home = home_entry(ours, text="Thuis zingt ze het liedje van de groep.")
    ResponseFactory(
        entry=at_home, author=ours.professional, perspective=Perspective.PROFESSIONAL, text="Leuk om te horen!"
    )

    text = text_of(english_client_for(ours.parent).get(parents_pdf(ours.child)))

    assert f"{ours.child.first_name} {ours.child.last_name}" in text
    for words in ("Ze bouwde een toren van tien blokken.", "Thuis zingt ze het liedje van de groep."):
        assert words in text
    assert "Thuis stapelt ze de pannen." in text and "Leuk om te horen!" in text
    assert "At the group" in text and "At home" in text
    assert "For the parents" in text and ours.group.name in text and ours.location.name in text


def test_the_agreed_reviews_are_in_it_side_by_side_and_drafts_are_not(ours):
    ReviewFactory(
        child=ours.child,
        agreed=True,
        rows={
            "language": {
                "professional_view": "Gebruikt zinnen van drie woorden.",
                "parent_view": "Vertelt thuis veel in het Arabisch.",
                "next_steps": "Samen voorlezen, thuis en op de groep.",
            }
        },
    )
    ReviewFactory(child=ours.child, rows={"motor": {"next_steps": "Nog niet besproken plan."}})

    text = text_of(english_client_for(ours.parent).get(parents_pdf(ours.child)))

    assert "Portfolio conversations" in text
    for words in (
        "Gebruikt zinnen van drie woorden.",
        "Vertelt thuis veel in het Arabisch.",
        "Samen voorlezen, thuis en op de groep.",
    ):
        assert words in text
    assert "Nog niet besproken plan." not in text


def test_without_agreed_reviews_the_pdf_has_no_review_section(ours):
    ReviewFactory(child=ours.child, asked=True, rows={"language": {"parent_view": "Nog in de maak."}})
    text = text_of(english_client_for(ours.parent).get(parents_pdf(ours.child)))
    assert "Portfolio conversations" not in text and "Nog in de maak." not in text


def test_the_newest_entry_comes_first(ours):
    observation(ours, text="Het oudste verhaal.", observed_on=timezone.localdate() - timedelta(days=40))
    home_entry(ours, text="Het nieuwste verhaal.", observed_on=timezone.localdate())

    text = text_of(client_for(ours.parent).get(parents_pdf(ours.child)))

    assert text.index("Het nieuwste verhaal.") < text.index("Het oudste verhaal.")


@pytest.mark.parametrize("role", ["parent", "professional"])
def test_drafts_are_never_in_the_pdf_not_even_for_staff(role, ours):
    observation(ours, text="Gedeeld met de ouders.")
    observation(ours, shared_at=None, text="Nog een concept van het team.")

    text = text_of(client_for(getattr(ours, role)).get(parents_pdf(ours.child)))

    assert "Gedeeld met de ouders." in text
    assert "concept van het team" not in text


def test_another_childs_entries_are_not_in_the_pdf_not_even_a_siblings(ours, theirs):
    sibling = ChildFactory(family=ours.family, first_name="Broertje")
    PlacementFactory(child=sibling, group=ours.group, mentor=ours.professional)
    EntryFactory(child=sibling, author=ours.professional, text="Over het broertje.")
    observation(theirs, text="Over een kind van een ander gezin.")
    observation(ours, text="Over ons kind.")

    text = text_of(client_for(ours.parent).get(parents_pdf(ours.child)))

    assert "Over ons kind." in text
    assert "broertje" not in text and "ander gezin" not in text


def test_a_child_without_shared_entries_gets_a_clear_empty_pdf(ours):
    observation(ours, shared_at=None)

    text = text_of(english_client_for(ours.parent).get(parents_pdf(ours.child)))

    assert ours.child.first_name in text
    assert "Nothing has been shared in this portfolio yet." in text


def test_entry_text_is_printed_as_text_not_as_html(ours):
    observation(ours, text='<img src="https://example.com/tracker.png"> <b>vet</b>')

    text = text_of(client_for(ours.parent).get(parents_pdf(ours.child)))

    assert '<img src="https://example.com/tracker.png">' in text
    assert "<b>vet</b>" in text


# --- Photos only with the parents' consent -----------------------------------------------------


def test_photos_are_in_the_pdf_with_the_parents_photo_consent(ours):
    with_photo(observation(ours))
    with_photo(home_entry(ours))
    consent(ours)

    assert image_count(client_for(ours.parent).get(parents_pdf(ours.child))) == 2


def test_no_photos_without_the_parents_photo_consent(ours):
    with_photo(observation(ours, text="Met een foto van de toren."))

    response = english_client_for(ours.parent).get(parents_pdf(ours.child))

    assert image_count(response) == 0
    assert "Met een foto van de toren." in text_of(response)
    assert "There is no consent for photos" in text_of(response)


def test_withdrawing_the_photo_consent_takes_the_photos_out_of_the_pdf(ours):
    with_photo(observation(ours))
    consent(ours)
    client = client_for(ours.professional)
    assert image_count(client.get(parents_pdf(ours.child))) == 1

    consent(ours, given=False)

    assert image_count(client.get(parents_pdf(ours.child))) == 0


def test_a_photo_of_a_draft_is_not_in_the_pdf(ours):
    with_photo(observation(ours, shared_at=None))
    consent(ours)

    assert image_count(client_for(ours.professional).get(parents_pdf(ours.child))) == 0


# --- Nothing is fetched but our own photos ----------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/tracker.png",
        "http://127.0.0.1:8000/portfolio/photos/x/file/",
        "file:///etc/passwd",
        "data:image/png;base64,iVBORw0KGgo=",
        f"{pdf.PHOTO_SCHEME}:{uuid.uuid4()}",
        f"{pdf.PHOTO_SCHEME}:../../settings.py",
    ],
)
def test_the_url_fetcher_refuses_everything_but_this_pdfs_photos(url, ours):
    photo = with_photo(observation(ours))
    fetcher = pdf.photo_fetcher({str(photo.pk): photo})

    with pytest.raises(ValueError, match="not fetched"):
        fetcher(url)


def test_the_url_fetcher_serves_this_pdfs_photos_from_private_storage(ours):
    photo = with_photo(observation(ours))
    fetcher = pdf.photo_fetcher({str(photo.pk): photo})

    response = fetcher(f"{pdf.PHOTO_SCHEME}:{photo.pk}")

    assert response.content_type == "image/jpeg"
    assert response.read() == photo.thumbnail.storage.open(photo.thumbnail.name, "rb").read()


def test_rendering_uses_our_fetcher_and_asks_only_for_its_photos(ours, monkeypatch):
    photo = with_photo(observation(ours))
    consent(ours)
    asked = []
    original = pdf.photo_fetcher

    def spy(photos):
        fetcher = original(photos)
        fetch = fetcher.fetch
        fetcher.fetch = lambda url, headers=None: asked.append(url) or fetch(url, headers)
        return fetcher

    monkeypatch.setattr(pdf, "photo_fetcher", spy)

    client_for(ours.parent).get(parents_pdf(ours.child))

    assert asked == [f"{pdf.PHOTO_SCHEME}:{photo.pk}"]


# --- The response ----------------------------------------------------------------------------


@pytest.mark.parametrize("url", [parents_pdf, school_pdf])
def test_the_download_is_private_and_its_name_holds_only_the_childs_id(url, ours):
    ours.child.first_name, ours.child.last_name = "Noor", "Jansen"
    ours.child.save()
    school_consent(ours)

    response = client_for(ours.professional).get(url(ours.child))

    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert str(ours.child.pk) in disposition
    assert "Noor" not in disposition and "Jansen" not in disposition
    assert response["Cache-Control"] == "private, no-store"


# --- Who may download what ------------------------------------------------------------------


@pytest.mark.parametrize("role", ["parent", "professional", "manager", "admin"])
def test_everyone_who_reads_the_timeline_downloads_the_parents_pdf(role, ours, org_admin, outsider):
    observation(ours, text="Voor iedereen die de tijdlijn leest.")

    response = client_for(_user(role, ours, org_admin, outsider)).get(parents_pdf(ours.child))

    assert "Voor iedereen die de tijdlijn leest." in text_of(response)


@pytest.mark.parametrize("url", [parents_pdf, school_pdf])
@pytest.mark.parametrize("role", ["parent", "professional", "manager", "outsider"])
def test_another_familys_or_groups_pdf_is_not_found(url, role, ours, theirs, org_admin, outsider):
    school_consent(theirs)

    response = client_for(_user(role, ours, org_admin, outsider)).get(url(theirs.child))

    assert response.status_code == 404


@pytest.mark.parametrize("url", [parents_pdf, school_pdf])
def test_anonymous_users_are_asked_to_log_in(url, ours):
    response = client_for(None).get(url(ours.child))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ["professional", "manager", "admin"])
def test_the_childs_staff_download_the_school_version_with_the_consent(role, ours, org_admin, outsider):
    school_consent(ours)

    response = client_for(_user(role, ours, org_admin, outsider)).get(school_pdf(ours.child))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="portfolio-{ours.child.pk}-school.pdf"'


def test_parents_may_not_download_the_school_version(ours):
    school_consent(ours)

    assert client_for(ours.parent).get(school_pdf(ours.child)).status_code == 403


# --- The school version and the consent --------------------------------------------------------


def test_the_school_version_is_refused_without_the_consent_and_says_why(ours):
    observation(ours, text="Niet voor de school zonder toestemming.")

    response = english_client_for(ours.professional).get(school_pdf(ours.child))

    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "have not given their consent to share the portfolio with the primary school" in page
    assert reverse("portfolios:timeline", args=[ours.child.pk]) in page
    assert "Niet voor de school" not in page


def test_the_school_version_follows_the_consent_given_then_withdrawn(ours):
    observation(ours, text="Voor de juf van groep 1.")
    home_entry(ours, text="Thuis leest ze graag.")
    given_at = timezone.now() - timedelta(days=3)
    school_consent(ours, decided_at=given_at)
    client = english_client_for(ours.professional)

    text = text_of(client.get(school_pdf(ours.child)))

    assert "For the primary school" in text
    given_on = timezone.localtime(given_at)  # the PDF prints the day in Amsterdam, also just after midnight
    assert f"with the primary school on {given_on.day} {given_on:%B %Y}" in text
    assert "Voor de juf van groep 1." in text and "Thuis leest ze graag." in text

    school_consent(ours, given=False)
    refused = client.get(school_pdf(ours.child))

    assert refused.status_code == 403
    assert "withdrew their consent to share the portfolio with the primary school" in refused.content.decode()


def test_the_school_version_cannot_be_made_without_a_given_consent(ours):
    """The guard in the PDF code itself, beside the view's check."""
    refused = school_consent(ours, given=False)
    entries = PortfolioEntry.objects.filter(child=ours.child)

    with pytest.raises(ValueError):
        pdf.portfolio_pdf(ours.child, entries, audience=pdf.Audience.SCHOOL, school_consent=refused)
    with pytest.raises(ValueError):
        pdf.portfolio_pdf(ours.child, entries, audience=pdf.Audience.SCHOOL)


# --- The links on the timeline ---------------------------------------------------------------


def test_parents_see_the_download_link_and_not_the_school_version(ours):
    page = english_client_for(ours.parent).get(reverse("portfolios:timeline", args=[ours.child.pk])).content.decode()

    assert parents_pdf(ours.child) in page and "Download as PDF" in page
    assert school_pdf(ours.child) not in page


@pytest.mark.parametrize("role", ["professional", "manager"])
def test_staff_see_both_links(role, ours):
    page = english_client_for(getattr(ours, role)).get(reverse("portfolios:timeline", args=[ours.child.pk]))

    content = page.content.decode()
    assert parents_pdf(ours.child) in content
    assert school_pdf(ours.child) in content and "PDF for the primary school" in content


# --- Queries ---------------------------------------------------------------------------------


def _fill(side, count: int) -> None:
    """`count` shared entries of both sides, each answered and with a photo, plus drafts."""
    stored = with_photo(observation(side))
    for number in range(count - 1):
        entry = (observation if number % 2 else home_entry)(side, text=f"Verhaal {number}")
        if number % 2:
            ResponseFactory(entry=entry, author=side.parent)
        else:
            ResponseFactory(entry=entry, author=side.professional, perspective=Perspective.PROFESSIONAL)
        # The same stored files: what counts here is the number of rows, not of files.
        EntryPhoto.objects.create(
            entry=entry, image=stored.image.name, thumbnail=stored.thumbnail.name, width=10, height=10
        )
    observation(side, shared_at=None)
    consent(side)


@pytest.mark.parametrize("count", [10, 100])
def test_the_pdf_needs_the_same_number_of_queries_for_10_and_100_entries(count, ours, django_assert_max_num_queries):
    _fill(ours, count)
    client = client_for(ours.parent)

    # session, user, scope (2), child, photo consent, placement, entries, responses, photos,
    # agreed reviews and their domains
    with django_assert_max_num_queries(12):
        response = client.get(parents_pdf(ours.child))

    assert image_count(response) == count


@pytest.mark.parametrize("count", [10, 100])
def test_the_school_version_needs_the_same_number_of_queries_for_10_and_100_entries(
    count, ours, django_assert_max_num_queries
):
    _fill(ours, count)
    school_consent(ours)
    client = client_for(ours.professional)

    # the parents' version's 12, plus "works with the child" and the school consent
    with django_assert_max_num_queries(14):
        response = client.get(school_pdf(ours.child))

    assert response.status_code == 200
