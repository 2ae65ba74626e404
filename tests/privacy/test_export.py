"""The parents' data export: the "Your data" page and the ZIP with everything about their
family that parents may see, and nothing of another family or of the staff's own notes."""

import datetime
import io
import json
import zipfile
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from activities.models import SessionFamily
from families.models import Child, Consent, FamilyProfileChange, Guardian, HomeVisit, Intake
from messaging.models import Message
from photos.images import process_photo
from portfolios.models import EntryPhoto, Perspective, PortfolioEntry
from tests.activities.factories import HomeActivityFactory, HomeActivityFeedbackFactory, invited_session
from tests.conftest import client_for, english_client_for
from tests.contacts.factories import (
    AgreementFactory,
    BookingFactory,
    ContactMomentFactory,
    ContactRoutineFactory,
    ConversationRequestFactory,
    ConversationSlotFactory,
)
from tests.factories import ChildFactory, GuardianFactory, PlacementFactory
from tests.photos.samples import jpeg
from tests.portfolios.factories import EntryFactory, ResponseFactory, ReviewFactory

pytestmark = pytest.mark.django_db

EXPORT = reverse("privacy:export")
MINE = reverse("privacy:mine")


# --- Making a family's data ------------------------------------------------------------------


def _photo(color: str = "red"):
    return process_photo(SimpleUploadedFile("foto.jpg", jpeg((80, 60), color=color), content_type="image/jpeg"))


def entry_photo(entry: PortfolioEntry) -> EntryPhoto:
    processed = _photo()
    photo = EntryPhoto(entry=entry, width=processed.width, height=processed.height)
    photo.image.save(processed.image.name, processed.image, save=False)
    photo.thumbnail.save(processed.thumbnail.name, processed.thumbnail, save=False)
    photo.save()
    return photo


def message(side, text: str, *, by=None, staff: bool = False, photo: bool = False, **fields) -> Message:
    author = by or (side.professional if staff else side.parent)
    kind = Message.Side.STAFF if staff else Message.Side.PARENTS
    row = Message(child=side.child, author=author, side=kind, body=text, **fields)
    if photo:
        processed = _photo("blue")
        row.photo.save(processed.image.name, processed.image, save=False)
        row.photo_thumbnail.save(processed.thumbnail.name, processed.thumbnail, save=False)
    row.save()
    return row


@dataclass
class Filled:
    """What was stored for one side: the texts parents may see and the staff's own."""

    shared: dict[str, str]
    staff_only: dict[str, str]
    entry_photo: EntryPhoto
    message: Message


def fill(side, tag: str) -> Filled:
    """Everything a family gathers in Samenspel, each text marked with `tag`."""
    guardian = side.family.guardians.get()
    guardian.first_name = f"Gerda{tag}"
    guardian.phone = f"06-{tag}"
    guardian.save()
    Consent.objects.create(child=side.child, kind=Consent.Kind.PORTFOLIO_PHOTOS, given=True, decided_by=side.parent)
    ContactRoutineFactory(child=side.child)
    shared_moment = ContactMomentFactory(
        child=side.child,
        professional=side.professional,
        summary_shared=True,
        shared_summary=f"Samenvatting {tag}",
        staff_notes=f"Teamnotitie {tag}",
        child_experience=f"Ervaring voor het team {tag}",
        home_news=f"Thuisnieuws voor het team {tag}",
    )
    ContactMomentFactory(
        child=side.child, professional=side.professional, summary_shared=False, shared_summary=f"Ongedeeld {tag}"
    )
    AgreementFactory(contact_moment=shared_moment, description=f"Afspraak {tag}")
    HomeVisit.objects.create(
        child=side.child,
        professional=side.professional,
        planned_for=timezone.now() - datetime.timedelta(days=3),
        status=HomeVisit.Status.DONE,
        notes=f"Huisbezoeknotitie {tag}",
        parent_child_interaction=f"Interactie {tag}",
        summary_for_parents=f"Huisbezoek voor ouders {tag}",
        summary_shared=True,
    )
    Intake.objects.create(child=side.child, family_and_network=f"Intakenotitie {tag}")
    ConversationRequestFactory(child=side.child, requested_by=side.parent, reason=f"Verzoek {tag}")
    slot = ConversationSlotFactory(mentor=side.professional)
    BookingFactory(slot=slot, child=side.child, booked_by=side.parent, note=f"Boeking {tag}")
    observation = EntryFactory(child=side.child, author=side.professional, text=f"Observatie {tag}")
    photo = entry_photo(observation)
    ResponseFactory(entry=observation, author=side.parent, text=f"Reactie {tag}")
    EntryFactory(child=side.child, author=side.parent, perspective=Perspective.PARENT, domain=None, text=f"Thuis {tag}")
    EntryFactory(child=side.child, author=side.professional, shared_at=None, text=f"Concept {tag}")
    ReviewFactory(
        child=side.child, created_by=side.professional, agreed=True, rows={"language": {"next_steps": f"Stap {tag}"}}
    )
    ReviewFactory(
        child=side.child, created_by=side.professional, rows={"language": {"professional_view": f"Conceptreview {tag}"}}
    )
    HomeActivityFeedbackFactory(
        home_activity=HomeActivityFactory(group=side.group),
        family=side.family,
        written_by=side.parent,
        child_said=f"Kind zei {tag}",
    )
    session = invited_session(side.group, [side.family], hours_from_now=-3, reflection=f"Reflectie {tag}")
    SessionFamily.objects.filter(session=session).update(reply=SessionFamily.Reply.COMING, attended=True)
    sent = message(side, f"Bericht {tag}", photo=True)
    message(side, f"Antwoord {tag}", staff=True)
    message(side, f"Ingetrokken {tag}", staff=True, withdrawn_at=timezone.now())
    FamilyProfileChange.objects.create(
        family=side.family, changed_by=side.parent, changes={"Telefoon": ["", f"06-{tag}"]}
    )
    return Filled(
        shared={
            "child": side.child.first_name,
            "family": side.family.name,
            "guardian": f"Gerda{tag}",
            "group": side.group.name,
            "location": side.location.name,
            "mentor": side.professional.first_name,
            "summary": f"Samenvatting {tag}",
            "agreement": f"Afspraak {tag}",
            "home visit summary": f"Huisbezoek voor ouders {tag}",
            "request": f"Verzoek {tag}",
            "booking": f"Boeking {tag}",
            "observation": f"Observatie {tag}",
            "response": f"Reactie {tag}",
            "home entry": f"Thuis {tag}",
            "next steps": f"Stap {tag}",
            "feedback": f"Kind zei {tag}",
            "message": f"Bericht {tag}",
            "answer": f"Antwoord {tag}",
            "profile change": f"06-{tag}",
        },
        staff_only={
            "team notes": f"Teamnotitie {tag}",
            "experience": f"Ervaring voor het team {tag}",
            "home news": f"Thuisnieuws voor het team {tag}",
            "unshared summary": f"Ongedeeld {tag}",
            "home visit notes": f"Huisbezoeknotitie {tag}",
            "interaction": f"Interactie {tag}",
            "intake": f"Intakenotitie {tag}",
            "draft": f"Concept {tag}",
            "draft review": f"Conceptreview {tag}",
            "reflection": f"Reflectie {tag}",
            "withdrawn": f"Ingetrokken {tag}",
        },
        entry_photo=photo,
        message=sent,
    )


@pytest.fixture
def filled(ours, theirs) -> tuple[Filled, Filled]:
    return fill(ours, "Oranje"), fill(theirs, "Paars")


def download(user, *, language: str | None = None) -> tuple:
    client = english_client_for(user) if language == "en" else client_for(user)
    response = client.get(EXPORT)
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return response, {name: archive.read(name) for name in archive.namelist()}


def texts_of(files: dict[str, bytes]) -> dict[str, str]:
    return {name: content.decode() for name, content in files.items() if name.endswith((".json", ".html"))}


# --- Who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [MINE, EXPORT])
def test_a_parent_opens_both_pages(url, ours):
    assert client_for(ours.parent).get(url).status_code == 200


@pytest.mark.parametrize("url", [MINE, EXPORT])
@pytest.mark.parametrize("role", ["professional", "manager", "org_admin", "outsider"])
def test_staff_and_users_without_a_family_are_refused(url, role, ours, org_admin, outsider):
    user = {"org_admin": org_admin, "outsider": outsider}.get(role) or getattr(ours, role)
    assert client_for(user).get(url).status_code == 403


@pytest.mark.parametrize("url", [MINE, EXPORT])
def test_anonymous_users_are_asked_to_log_in(url):
    response = client_for(None).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")


def test_the_download_is_a_zip_that_is_not_cached(ours):
    response, files = download(ours.parent)
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="samenspel-{ours.family.pk}.zip"'
    assert response["Cache-Control"] == "private, no-store"
    assert int(response["Content-Length"]) > 0
    assert {"data.json", "index.html"} <= set(files)


def test_posting_to_the_download_is_not_allowed(ours):
    assert client_for(ours.parent).post(EXPORT).status_code == 405


# --- The page ---------------------------------------------------------------------------------------


@override_settings(RETENTION_DAYS=730)
def test_the_page_says_what_is_kept_who_sees_it_how_long_and_offers_the_download(ours):
    page = english_client_for(ours.parent).get(MINE).content.decode()
    assert "Your data" in page
    assert "The location manager" in page and "The mentor" in page
    assert "2 years after the last placement" in page
    assert f'href="{EXPORT}"' in page
    assert "not in the download" in page  # the staff's notes are named, and where to ask


@override_settings(RETENTION_DAYS=90)
def test_a_short_retention_period_is_told_in_days(ours):
    page = english_client_for(ours.parent).get(MINE).content.decode()
    assert "90 days after the last placement" in page


def test_the_page_needs_the_same_queries_however_many_families(ours, django_assert_max_num_queries):
    client = client_for(ours.parent)
    with django_assert_max_num_queries(8):
        client.get(MINE)
    for number in range(3):
        GuardianFactory(user=ours.parent, family__name=f"Gezin {number}")
    with django_assert_max_num_queries(8):
        assert client.get(MINE).status_code == 200


# --- What is in the ZIP ---------------------------------------------------------------------------


def test_the_zip_holds_the_familys_data_in_json_and_html(ours, filled):
    mine, _theirs = filled
    _response, files = download(ours.parent)
    for name, text in texts_of(files).items():
        for what, value in mine.shared.items():
            assert value in text, f"{what} is missing from {name}"


def test_the_zip_holds_the_portfolio_and_message_photos_as_stored(ours, filled):
    mine, _theirs = filled
    _response, files = download(ours.parent)
    entry_name = f"photos/portfolio/{mine.entry_photo.pk}.jpg"
    message_name = f"photos/messages/{mine.message.pk}.jpg"
    with mine.entry_photo.image.open("rb") as stored:
        assert files[entry_name] == stored.read()
    with mine.message.photo.open("rb") as stored:
        assert files[message_name] == stored.read()
    data = json.loads(files["data.json"])
    child = data["families"][0]["children"][0]
    observation = next(entry for entry in child["portfolio_entries"] if entry["photos"])
    assert observation["photos"] == [entry_name]
    assert next(row["photo"] for row in child["messages"] if row["photo"]) == message_name
    assert f'src="{entry_name}"' in files["index.html"].decode()
    assert f'href="{message_name}"' in files["index.html"].decode()


def test_nothing_of_another_family_is_in_any_file(ours, theirs, filled):
    _mine, foreign = filled
    _response, files = download(ours.parent)
    markers = [
        *foreign.shared.values(),
        *foreign.staff_only.values(),
        theirs.parent.email,
        theirs.parent.first_name,
        theirs.manager.first_name,
        str(theirs.child.pk),
        str(theirs.family.pk),
        "Paars",
    ]
    for name, content in files.items():
        for marker in markers:
            assert marker.encode() not in content, f"{marker!r} of another family is in {name}"
    foreign_photos = {f"photos/portfolio/{foreign.entry_photo.pk}.jpg", f"photos/messages/{foreign.message.pk}.jpg"}
    assert not foreign_photos & set(files)


def test_no_staff_only_text_is_in_any_file(ours, filled):
    mine, _theirs = filled
    _response, files = download(ours.parent)
    for name, content in files.items():
        for what, text in mine.staff_only.items():
            assert text.encode() not in content, f"the {what} ({text!r}) is in {name}"


def test_the_json_parses_and_has_the_documented_keys(ours, filled):
    _response, files = download(ours.parent)
    data = json.loads(files["data.json"].decode("utf-8"))
    assert data["format"] == "samenspel-family-export" and data["version"] == 1
    assert {"exported_at", "retention_days", "account", "families"} <= set(data)
    assert data["account"]["email"] == ours.parent.email
    [family] = data["families"]
    assert family["id"] == str(ours.family.pk)
    assert {
        "name",
        "preferred_language",
        "interpreter_needed",
        "home_languages",
        "guardians",
        "profile_changes",
        "home_activity_feedback",
        "parent_child_sessions",
        "children",
    } <= set(family)
    [child] = family["children"]
    assert {
        "id",
        "first_name",
        "last_name",
        "birth_date",
        "placements",
        "consents",
        "contact_routine",
        "contact_moments",
        "agreements",
        "home_visits",
        "conversation_requests",
        "bookings",
        "portfolio_entries",
        "portfolio_reviews",
        "messages",
    } <= set(child)
    assert datetime.date.fromisoformat(child["birth_date"]) == ours.child.birth_date
    [placement] = child["placements"]
    assert placement == {
        "group": ours.group.name,
        "location": ours.location.name,
        "mentor": ours.professional.get_full_name(),
        "start_date": ours.child.placements.get().start_date.isoformat(),
        "end_date": None,
    }
    assert [consent["kind"] for consent in child["consents"]["current"]] == ["portfolio_photos"]
    assert child["consents"]["history"][0]["given"] is True
    [review] = child["portfolio_reviews"]  # the agreed one; the draft stays out
    assert review["status"] == "agreed"
    [session] = family["parent_child_sessions"]
    assert session["reply"] == "coming" and session["attended"] is True
    assert datetime.datetime.fromisoformat(child["contact_moments"][0]["occurred_at"]).tzinfo is not None


def test_the_guardians_own_details_are_in_but_not_the_other_parents(ours):
    other = GuardianFactory(family=ours.family, user=None, first_name="Tweede", phone="06-99887766", email="")
    _response, files = download(ours.parent)
    guardians = json.loads(files["data.json"])["families"][0]["guardians"]
    you = next(row for row in guardians if row["is_you"])
    assert you["email"] == ours.parent.email
    second = next(row for row in guardians if row["first_name"] == "Tweede")
    assert "phone" not in second and "email" not in second
    assert other.phone.encode() not in files["index.html"]
    assert other.phone.encode() not in files["data.json"]


def test_the_html_escapes_hostile_text(ours):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    EntryFactory(child=ours.child, author=ours.parent, perspective=Perspective.PARENT, domain=None, text=hostile)
    message(ours, hostile)
    ours.family.name = hostile
    ours.family.save()
    _response, files = download(ours.parent)
    page = files["index.html"].decode()
    assert "<script" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page
    assert json.loads(files["data.json"])["families"][0]["name"] == hostile


def test_the_html_is_in_the_parents_language(ours):
    _response, english = download(ours.parent, language="en")
    assert '<html lang="en"' in english["index.html"].decode()
    assert "Your data at Samenspel" in english["index.html"].decode()
    _response, dutch = download(ours.parent)
    assert '<html lang="nl"' in dutch["index.html"].decode()


def test_photos_stay_out_without_the_photo_consent_as_on_the_timeline(ours, filled):
    mine, _theirs = filled
    Consent.objects.create(child=ours.child, kind=Consent.Kind.PORTFOLIO_PHOTOS, given=False, decided_by=ours.parent)
    _response, files = download(ours.parent)
    assert not any(name.startswith("photos/portfolio/") for name in files)
    child = json.loads(files["data.json"])["families"][0]["children"][0]
    assert all(entry["photos"] == [] for entry in child["portfolio_entries"])
    # The photo in a message is not a portfolio photo: it stays.
    assert f"photos/messages/{mine.message.pk}.jpg" in files


def test_a_photo_gone_from_storage_is_left_out_without_an_error(ours, filled):
    mine, _theirs = filled
    mine.entry_photo.image.storage.delete(mine.entry_photo.image.name)
    _response, files = download(ours.parent)
    assert f"photos/portfolio/{mine.entry_photo.pk}.jpg" not in files
    assert f"photos/portfolio/{mine.entry_photo.pk}.jpg".encode() not in files["data.json"]


def test_a_withdrawn_message_is_listed_without_its_text(ours):
    message(ours, "Verkeerd gezin bedoeld", staff=True, withdrawn_at=timezone.now())
    _response, files = download(ours.parent)
    [row] = json.loads(files["data.json"])["families"][0]["children"][0]["messages"]
    assert row["withdrawn_at"] is not None and row["body"] is None
    assert b"Verkeerd gezin" not in files["index.html"]


# --- Whose data --------------------------------------------------------------------------------------


def test_a_parent_of_two_families_gets_both_in_one_zip(ours, theirs):
    second = GuardianFactory(user=ours.parent, family__name="Tweede gezin", first_name="Ouder")
    child = ChildFactory(family=second.family, first_name="Tweedekind")
    PlacementFactory(child=child, group=theirs.group)
    response, files = download(ours.parent)
    names = [family["name"] for family in json.loads(files["data.json"])["families"]]
    assert names == [ours.family.name, "Tweede gezin"]
    assert "Tweedekind" in files["index.html"].decode()
    filename = f"samenspel-{ours.family.pk}_{second.family.pk}.zip"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    # Only the family's own: the other children of that group are not.
    assert theirs.child.first_name.encode() not in files["data.json"]


def test_a_professional_who_is_also_a_parent_gets_their_family_as_parents_see_it(ours):
    """As a parent: their own family, without the drafts they would see at work."""
    GuardianFactory(user=ours.professional, family=ours.family, first_name="Collega")
    EntryFactory(child=ours.child, author=ours.professional, shared_at=None, text="Nog een concept")
    _response, files = download(ours.professional)
    assert json.loads(files["data.json"])["families"][0]["id"] == str(ours.family.pk)
    assert b"Nog een concept" not in files["data.json"] and b"Nog een concept" not in files["index.html"]


def test_a_child_whose_placement_ended_long_ago_is_in_while_its_data_is_kept(ours, settings):
    settings.GUARDIAN_ACCESS_GRACE_DAYS = 30
    placement = ours.child.placements.get()
    placement.start_date = timezone.localdate() - datetime.timedelta(days=500)
    placement.end_date = timezone.localdate() - datetime.timedelta(days=200)
    placement.save()
    EntryFactory(child=ours.child, author=ours.professional, text="Van vorig jaar")
    _response, files = download(ours.parent)
    assert b"Van vorig jaar" in files["data.json"]


def test_an_anonymised_child_is_left_out(ours):
    Child.objects.filter(pk=ours.child.pk).update(anonymised_at=timezone.now())
    _response, files = download(ours.parent)
    assert json.loads(files["data.json"])["families"][0]["children"] == []


def test_a_parent_whose_families_are_all_anonymised_gets_nothing_to_download(ours):
    type(ours.family).objects.filter(pk=ours.family.pk).update(anonymised_at=timezone.now())
    assert Guardian.objects.filter(user=ours.parent).exists()
    assert client_for(ours.parent).get(EXPORT).status_code == 404
    assert "no longer keep data" in english_client_for(ours.parent).get(MINE).content.decode()


# --- Queries ---------------------------------------------------------------------------------------


def _grow(side, count: int) -> None:
    for number in range(count):
        entry = EntryFactory(child=side.child, author=side.professional, text=f"Observatie {number}")
        ResponseFactory(entry=entry, author=side.parent, text=f"Reactie {number}")
        if number % 5 == 0:
            entry_photo(entry)
        ContactMomentFactory(child=side.child, professional=side.professional, summary_shared=True, shared_summary="S")
        message(side, f"Bericht {number}", photo=number % 10 == 0)
        Consent.objects.create(child=side.child, kind=Consent.Kind.OTHER, description=f"Vraag {number}", given=True)


@pytest.mark.parametrize("count", [5, 50])
def test_the_export_needs_the_same_queries_for_5_entries_as_for_50(count, ours, filled, django_assert_max_num_queries):
    _grow(ours, count)
    sibling = ChildFactory(family=ours.family, first_name="Broertje")
    PlacementFactory(child=sibling, group=ours.group)
    client = client_for(ours.parent)
    with django_assert_max_num_queries(30):
        response = client.get(EXPORT)
        content = b"".join(response.streaming_content)
    data = json.loads(zipfile.ZipFile(io.BytesIO(content)).read("data.json"))
    assert len(data["families"][0]["children"]) == 2
