"""The child's portfolio: access per role, both perspectives, photos with consent, responses,
"seen by", filters and the timeline's query count."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from families.models import Consent
from notifications.models import Notification
from portfolios.models import PHOTOS_PER_ENTRY, Domain, EntryPhoto, EntrySeen, Perspective, PortfolioEntry, Response
from tests.conftest import client_for, english_client_for
from tests.photos.samples import jpeg, upload
from tests.portfolios.factories import EntryFactory, ResponseFactory, domain

pytestmark = pytest.mark.django_db

YESTERDAY = lambda: (timezone.localdate() - datetime.timedelta(days=1)).isoformat()  # noqa: E731


def consent(side, given: bool = True) -> None:
    Consent.objects.create(child=side.child, kind=Consent.Kind.PORTFOLIO_PHOTOS, given=given, decided_by=side.parent)


def observation(side, **kwargs) -> PortfolioEntry:
    return EntryFactory(child=side.child, author=side.professional, **kwargs)


def home_entry(side, **kwargs) -> PortfolioEntry:
    kwargs.setdefault("domain", None)
    return EntryFactory(child=side.child, author=side.parent, perspective=Perspective.PARENT, **kwargs)


def with_photo(entry: PortfolioEntry) -> EntryPhoto:
    from photos.images import process_photo

    processed = process_photo(upload(jpeg()))
    photo = EntryPhoto(entry=entry, width=processed.width, height=processed.height)
    photo.image.save(processed.image.name, processed.image, save=False)
    photo.thumbnail.save(processed.thumbnail.name, processed.thumbnail, save=False)
    photo.save()
    return photo


def observation_post(**overrides) -> dict:
    return {
        "domain": domain().pk,
        "observed_on": YESTERDAY(),
        "text": "Ze zong het hele liedje mee.",
        "share": "on",
        **overrides,
    }


# --- Access per role ---------------------------------------------------------------------


def _readers(ours, theirs, org_admin):
    return {
        "parent": ours.parent,
        "professional": ours.professional,
        "manager": ours.manager,
        "admin": org_admin,
    }


@pytest.mark.parametrize("role", ["parent", "professional", "manager", "admin"])
def test_the_timeline_opens_for_everyone_who_sees_the_child(role, ours, theirs, org_admin):
    user = _readers(ours, theirs, org_admin)[role]
    response = client_for(user).get(reverse("portfolios:timeline", args=[ours.child.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["parent", "professional", "manager"])
def test_the_timeline_of_another_family_or_group_is_not_found(role, ours, theirs):
    user = getattr(ours, role)
    assert client_for(user).get(reverse("portfolios:timeline", args=[theirs.child.pk])).status_code == 404


def test_the_timeline_is_not_found_for_an_outsider_and_asks_anonymous_users_to_log_in(ours, outsider):
    url = reverse("portfolios:timeline", args=[ours.child.pk])
    assert client_for(outsider).get(url).status_code == 404
    response = client_for(None).get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "role, observation_status, home_status",
    [("professional", 200, 403), ("parent", 403, 200), ("manager", 403, 403), ("admin", 200, 403)],
)
def test_who_may_write_what(role, observation_status, home_status, ours, org_admin):
    user = org_admin if role == "admin" else getattr(ours, role)
    client = client_for(user)
    assert client.get(reverse("portfolios:observation_new", args=[ours.child.pk])).status_code == observation_status
    assert client.get(reverse("portfolios:home_entry_new", args=[ours.child.pk])).status_code == home_status


@pytest.mark.parametrize("name", ["observation_new", "home_entry_new"])
@pytest.mark.parametrize("role", ["parent", "professional", "manager"])
def test_writing_about_another_familys_child_is_not_found(name, role, ours, theirs):
    assert client_for(getattr(ours, role)).get(reverse(f"portfolios:{name}", args=[theirs.child.pk])).status_code == 404


@pytest.mark.parametrize("name", ["entry_detail", "entry_edit"])
@pytest.mark.parametrize("role", ["parent", "professional", "manager"])
def test_another_familys_entry_is_not_found(name, role, ours, theirs):
    entry = observation(theirs)
    assert client_for(getattr(ours, role)).get(reverse(f"portfolios:{name}", args=[entry.pk])).status_code == 404


@pytest.mark.parametrize("name", ["entry_share", "entry_respond"])
@pytest.mark.parametrize("role", ["parent", "professional", "manager"])
def test_posting_on_another_familys_entry_is_not_found(name, role, ours, theirs):
    entry = observation(theirs, shared_at=None) if name == "entry_share" else observation(theirs)
    response = client_for(getattr(ours, role)).post(reverse(f"portfolios:{name}", args=[entry.pk]), {"text": "Hoi"})
    assert response.status_code == 404
    assert not Response.objects.exists()


def test_entry_pages_answer_outsiders_404_and_anonymous_users_a_login(ours, outsider):
    entry = observation(ours)
    photo = with_photo(entry)
    consent(ours)
    urls = [
        reverse("portfolios:entry_detail", args=[entry.pk]),
        reverse("portfolios:entry_edit", args=[entry.pk]),
        reverse("portfolios:photo_view", args=[photo.pk]),
        reverse("portfolios:photo_file", args=[photo.pk]),
    ]
    for url in urls:
        assert client_for(outsider).get(url).status_code == 404
        assert client_for(None).get(url).status_code == 302


def test_a_draft_is_invisible_to_the_parents(ours):
    draft = observation(ours, shared_at=None, text="Nog even nadenken hierover.")
    client = client_for(ours.parent)
    assert client.get(reverse("portfolios:entry_detail", args=[draft.pk])).status_code == 404
    page = client.get(reverse("portfolios:timeline", args=[ours.child.pk]))
    assert b"Nog even nadenken" not in page.content
    staff_page = english_client_for(ours.professional).get(reverse("portfolios:timeline", args=[ours.child.pk]))
    assert b"Nog even nadenken" in staff_page.content and b"Draft: only the team sees this" in staff_page.content


def test_a_parents_entry_is_visible_to_the_childs_staff_at_once(ours, org_admin):
    entry = home_entry(ours, text="Thuis bouwt hij treinbanen.")
    for user in (ours.professional, ours.manager, org_admin):
        page = client_for(user).get(reverse("portfolios:timeline", args=[ours.child.pk]))
        assert b"Thuis bouwt hij treinbanen." in page.content
    assert client_for(ours.professional).get(reverse("portfolios:entry_detail", args=[entry.pk])).status_code == 200


def test_parents_keep_reading_in_the_grace_period_but_no_longer_write(ours):
    ours.child.placements.update(
        start_date=timezone.localdate() - datetime.timedelta(days=300),
        end_date=timezone.localdate() - datetime.timedelta(days=2),
    )
    observation(ours, text="Afscheidsobservatie")
    client = client_for(ours.parent)
    assert b"Afscheidsobservatie" in client.get(reverse("portfolios:timeline", args=[ours.child.pk])).content
    assert client.get(reverse("portfolios:home_entry_new", args=[ours.child.pk])).status_code == 403


# --- Writing -------------------------------------------------------------------------


def test_a_professional_shares_an_observation_with_photos_and_the_parents_are_told(ours):
    consent(ours)
    data = observation_post(photos=[upload(jpeg(color="blue"), "a.jpg"), upload(jpeg(), "b.png")])
    response = client_for(ours.professional).post(reverse("portfolios:observation_new", args=[ours.child.pk]), data)
    assert response.status_code == 302
    entry = PortfolioEntry.objects.get()
    assert entry.perspective == Perspective.PROFESSIONAL and not entry.is_draft
    assert [photo.position for photo in entry.photos.all()] == [0, 1]
    notification = Notification.objects.get(recipient=ours.parent)
    assert notification.kind == "portfolio_shared"
    assert notification.link == reverse("portfolios:entry_detail", args=[entry.pk])


def test_an_observation_saved_as_draft_is_shared_later_and_notifies_the_parents_once(ours):
    client = client_for(ours.professional)
    client.post(reverse("portfolios:observation_new", args=[ours.child.pk]), observation_post(share=""))
    entry = PortfolioEntry.objects.get()
    assert entry.is_draft and not Notification.objects.exists()
    for _ in range(2):
        assert client.post(reverse("portfolios:entry_share", args=[entry.pk])).status_code == 302
    entry.refresh_from_db()
    assert not entry.is_draft
    assert Notification.objects.filter(kind="portfolio_shared", recipient=ours.parent).count() == 1


@pytest.mark.parametrize("role", ["parent", "manager"])
def test_only_the_childs_professionals_share_a_draft(role, ours):
    entry = observation(ours, shared_at=None)
    status = 404 if role == "parent" else 403
    assert (
        client_for(getattr(ours, role)).post(reverse("portfolios:entry_share", args=[entry.pk])).status_code == status
    )
    entry.refresh_from_db()
    assert entry.is_draft


def test_a_parent_writes_what_they_see_at_home_without_a_domain(ours):
    response = client_for(ours.parent).post(
        reverse("portfolios:home_entry_new", args=[ours.child.pk]),
        {"domain": "", "observed_on": YESTERDAY(), "text": "Hij helpt met de tafel dekken."},
    )
    assert response.status_code == 302
    entry = PortfolioEntry.objects.get()
    assert entry.perspective == Perspective.PARENT and entry.domain is None and entry.shared_at is not None


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"text": "   "}, "text", "This field is required."),
        (
            {"observed_on": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()},
            "observed_on",
            "The date cannot be in the future.",
        ),
        ({"domain": ""}, "domain", "This field is required."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_saved(overrides, field, message, ours):
    consent(ours)
    data = observation_post(photos=[upload(jpeg())], **overrides)
    response = english_client_for(ours.professional).post(
        reverse("portfolios:observation_new", args=[ours.child.pk]), data
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert not PortfolioEntry.objects.exists() and not EntryPhoto.objects.exists()


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_saved(ours):
    consent(ours)
    data = observation_post(photos=[upload(jpeg()), upload(b"just some text", "notes.jpg")])
    response = english_client_for(ours.professional).post(
        reverse("portfolios:observation_new", args=[ours.child.pk]), data
    )
    assert response.status_code == 200
    assert "Photo 2: This file is not a photo" in response.context["form"].errors["photos"][0]
    assert not PortfolioEntry.objects.exists() and not EntryPhoto.objects.exists()
    assert "Ze zong het hele liedje mee." in response.content.decode()


@pytest.mark.parametrize("given", [None, False])
def test_photos_without_consent_are_refused_with_the_reason(given, ours):
    if given is not None:
        consent(ours, given=True)
        consent(ours, given=given)
    data = observation_post(photos=[upload(jpeg())])
    client = english_client_for(ours.professional)
    form_page = client.get(reverse("portfolios:observation_new", args=[ours.child.pk]))
    assert b"have not given consent for photos" in form_page.content
    response = client.post(reverse("portfolios:observation_new", args=[ours.child.pk]), data)
    assert response.status_code == 200
    assert "have not given consent for photos" in response.context["form"].errors["photos"][0]
    assert not PortfolioEntry.objects.exists() and not EntryPhoto.objects.exists()


def test_withdrawing_consent_hides_the_photos_without_deleting_them(ours):
    consent(ours)
    entry = observation(ours)
    photo = with_photo(entry)
    client = client_for(ours.parent)
    thumb = reverse("portfolios:photo_file", args=[photo.pk]) + "?size=thumb"
    assert thumb.encode() in client.get(reverse("portfolios:timeline", args=[ours.child.pk])).content
    assert client.get(thumb).status_code == 200
    consent(ours, given=False)
    assert thumb.encode() not in client.get(reverse("portfolios:timeline", args=[ours.child.pk])).content
    for url in (
        thumb,
        reverse("portfolios:photo_file", args=[photo.pk]),
        reverse("portfolios:photo_view", args=[photo.pk]),
    ):
        assert client.get(url).status_code == 404
    assert EntryPhoto.objects.filter(pk=photo.pk).exists()


def test_photos_are_served_only_to_those_who_see_the_entry(ours, theirs, org_admin):
    consent(ours)
    consent(theirs)
    photo = with_photo(observation(theirs))
    draft_photo = with_photo(observation(ours, shared_at=None))
    for user in (ours.parent, ours.professional, ours.manager):
        for url in (
            reverse("portfolios:photo_file", args=[photo.pk]),
            reverse("portfolios:photo_view", args=[photo.pk]),
        ):
            assert client_for(user).get(url).status_code == 404
    assert client_for(ours.parent).get(reverse("portfolios:photo_file", args=[draft_photo.pk])).status_code == 404
    response = client_for(theirs.parent).get(reverse("portfolios:photo_file", args=[photo.pk]) + "?size=thumb")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    assert client_for(org_admin).get(reverse("portfolios:photo_view", args=[photo.pk])).status_code == 200


def test_the_photo_page_steps_to_the_previous_and_next_photo(ours):
    consent(ours)
    entry = observation(ours)
    first, second = with_photo(entry), with_photo(entry)
    EntryPhoto.objects.filter(pk=second.pk).update(position=1)
    page = english_client_for(ours.parent).get(reverse("portfolios:photo_view", args=[first.pk]))
    assert reverse("portfolios:photo_view", args=[second.pk]).encode() in page.content
    assert b"Photo 1 of 2" in page.content


# --- Editing ---------------------------------------------------------------------------


def test_the_author_edits_until_someone_responds(ours):
    entry = observation(ours)
    client = english_client_for(ours.professional)
    url = reverse("portfolios:entry_edit", args=[entry.pk])
    response = client.post(url, {"domain": domain("motor").pk, "observed_on": YESTERDAY(), "text": "Verbeterd"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.text == "Verbeterd" and entry.edited_at is not None
    ResponseFactory(entry=entry, author=ours.parent)
    response = client.post(url, {"domain": domain().pk, "observed_on": YESTERDAY(), "text": "Nog eens"}, follow=True)
    assert b"already answered" in response.content
    entry.refresh_from_db()
    assert entry.text == "Verbeterd"


def test_someone_else_may_not_edit_an_entry(ours):
    entry = home_entry(ours)
    assert client_for(ours.professional).get(reverse("portfolios:entry_edit", args=[entry.pk])).status_code == 403
    assert client_for(ours.manager).get(reverse("portfolios:entry_edit", args=[entry.pk])).status_code == 403


def test_an_edit_into_the_future_is_refused(ours):
    entry = observation(ours)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = english_client_for(ours.professional).post(
        reverse("portfolios:entry_edit", args=[entry.pk]), {"domain": domain().pk, "observed_on": future, "text": "X"}
    )
    assert response.status_code == 200
    assert "The date cannot be in the future." in response.context["form"].errors["observed_on"]


def _edit_post(entry: PortfolioEntry, **overrides) -> dict:
    return {"domain": domain().pk, "observed_on": YESTERDAY(), "text": entry.text, **overrides}


def test_the_author_adds_and_removes_photos_while_editing(ours, django_capture_on_commit_callbacks):
    consent(ours)
    entry = observation(ours)
    first, second = with_photo(entry), with_photo(entry)
    EntryPhoto.objects.filter(pk=second.pk).update(position=1)
    removed_file = first.image.name
    storage = first.image.storage

    with django_capture_on_commit_callbacks(execute=True):
        response = english_client_for(ours.professional).post(
            reverse("portfolios:entry_edit", args=[entry.pk]),
            _edit_post(entry, remove_photos=[str(first.pk)], photos=[upload(jpeg(), "nieuw.jpg")]),
        )

    assert response.status_code == 302
    photos = list(entry.photos.order_by("position"))
    assert len(photos) == 2 and photos[0].pk == second.pk
    assert photos[1].position == 2  # after the ones it had
    assert not storage.exists(removed_file)


def test_the_edit_page_shows_the_photos_to_remove(ours):
    consent(ours)
    entry = observation(ours)
    photo = with_photo(entry)
    page = english_client_for(ours.professional).get(reverse("portfolios:entry_edit", args=[entry.pk]))
    assert f'value="{photo.pk}"' in page.content.decode()
    assert b"Remove photo 1" in page.content


def test_photos_added_while_editing_need_the_consent(ours):
    entry = observation(ours)
    response = english_client_for(ours.professional).post(
        reverse("portfolios:entry_edit", args=[entry.pk]),
        _edit_post(entry, text="Nieuwe tekst", photos=[upload(jpeg())]),
    )
    assert response.status_code == 200
    assert "consent" in " ".join(
        response.context["form"].non_field_errors() + response.context["form"].errors.get("photos", [])
    )
    entry.refresh_from_db()
    assert entry.text != "Nieuwe tekst" and not entry.photos.exists()


def test_an_edit_may_not_go_over_the_photo_limit(ours, settings):
    consent(ours)
    entry = observation(ours)
    for _ in range(PHOTOS_PER_ENTRY - 1):
        with_photo(entry)
    response = english_client_for(ours.professional).post(
        reverse("portfolios:entry_edit", args=[entry.pk]),
        _edit_post(entry, photos=[upload(jpeg(), "a.jpg"), upload(jpeg(), "b.jpg")]),
    )
    assert response.status_code == 200
    assert "at most 10 photos" in response.content.decode()
    assert entry.photos.count() == PHOTOS_PER_ENTRY - 1


def test_a_bad_photo_while_editing_keeps_what_was_typed_and_saves_nothing(ours):
    consent(ours)
    entry = observation(ours)
    response = english_client_for(ours.professional).post(
        reverse("portfolios:entry_edit", args=[entry.pk]),
        _edit_post(entry, text="Getypt en bewaard", photos=[upload(b"not an image", "nep.jpg")]),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["photos"]
    assert "Getypt en bewaard" in response.content.decode()
    entry.refresh_from_db()
    assert entry.text != "Getypt en bewaard"


def test_a_photo_of_another_entry_cannot_be_removed_through_this_one(ours):
    consent(ours)
    entry, other = observation(ours), observation(ours)
    foreign = with_photo(other)
    response = english_client_for(ours.professional).post(
        reverse("portfolios:entry_edit", args=[entry.pk]), _edit_post(entry, remove_photos=[str(foreign.pk)])
    )
    assert response.status_code == 200
    assert EntryPhoto.objects.filter(pk=foreign.pk).exists()


# --- Responses and seen by ----------------------------------------------------------------


def test_a_parent_responds_to_an_observation_and_the_author_is_told(ours):
    entry = observation(ours)
    response = client_for(ours.parent).post(
        reverse("portfolios:entry_respond", args=[entry.pk]), {"text": "Wat leuk!", "back": "timeline"}
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#entry-{entry.pk}")
    answer = Response.objects.get()
    assert answer.perspective == Perspective.PARENT and answer.author == ours.parent
    assert answer.child == entry.child  # kept with the response for the managers' figures
    notification = Notification.objects.get(recipient=ours.professional)
    assert notification.kind == "portfolio_response"


def test_the_mentor_responds_to_a_parents_entry(ours):
    entry = home_entry(ours)
    assert (
        client_for(ours.professional)
        .post(reverse("portfolios:entry_respond", args=[entry.pk]), {"text": "Mooi!"})
        .status_code
        == 302
    )
    assert Response.objects.get().perspective == Perspective.PROFESSIONAL
    assert Notification.objects.get(recipient=ours.parent).kind == "portfolio_response"


@pytest.mark.parametrize("role, on", [("professional", "observation"), ("parent", "home"), ("manager", "home")])
def test_only_the_other_side_responds(role, on, ours):
    entry = observation(ours) if on == "observation" else home_entry(ours)
    response = client_for(getattr(ours, role)).post(
        reverse("portfolios:entry_respond", args=[entry.pk]), {"text": "Hoi"}
    )
    assert response.status_code == 403
    assert not Response.objects.exists()


def test_an_empty_response_gets_a_message(ours):
    entry = observation(ours)
    response = english_client_for(ours.parent).post(reverse("portfolios:entry_respond", args=[entry.pk]), {"text": " "})
    assert response.status_code == 200
    assert b"This field is required." in response.content
    assert not Response.objects.exists()


def test_opening_the_timeline_records_what_the_other_side_saw_and_the_writer_sees_it(ours):
    shared, draft, own = observation(ours), observation(ours, shared_at=None), home_entry(ours)
    client_for(ours.parent).get(reverse("portfolios:timeline", args=[ours.child.pk]))
    assert set(EntrySeen.objects.values_list("entry_id", "user_id")) == {(shared.pk, ours.parent.pk)}
    client_for(ours.parent).get(reverse("portfolios:timeline", args=[ours.child.pk]))
    assert EntrySeen.objects.count() == 1
    page = english_client_for(ours.professional).get(reverse("portfolios:timeline", args=[ours.child.pk]))
    assert f"Seen by {ours.parent.get_full_name()}".encode() in page.content
    assert EntrySeen.objects.filter(entry=own, user=ours.professional).exists()
    assert not EntrySeen.objects.filter(entry=draft).exists()
    # Managers read along without counting as having seen it.
    client_for(ours.manager).get(reverse("portfolios:timeline", args=[ours.child.pk]))
    assert not EntrySeen.objects.filter(user=ours.manager).exists()


# --- Filters and the query count --------------------------------------------------------------


def test_the_timeline_filters_by_domain_and_perspective(ours):
    observation(ours, text="Over taal", domain=domain("language"))
    observation(ours, text="Over motoriek", domain=domain("motor"))
    home_entry(ours, text="Van thuis")
    client = client_for(ours.professional)
    url = reverse("portfolios:timeline", args=[ours.child.pk])
    page = client.get(url, {"domain": domain("motor").pk}).content.decode()
    assert "Over motoriek" in page and "Over taal" not in page and "Van thuis" not in page
    page = client.get(url, {"perspective": "parent"}).content.decode()
    assert "Van thuis" in page and "Over taal" not in page
    page = client.get(url, {"perspective": "nonsense", "domain": "x"}).content.decode()
    assert "Van thuis" in page and "Over taal" in page


def _fill(ours, count: int) -> None:
    entries = []
    for number in range(count):
        perspective = Perspective.PARENT if number % 2 else Perspective.PROFESSIONAL
        author = ours.parent if number % 2 else ours.professional
        entries.append(
            PortfolioEntry(
                child=ours.child,
                author=author,
                perspective=perspective,
                domain=domain(),
                observed_on=timezone.localdate() - datetime.timedelta(days=number),
                text=f"Entry {number}",
                shared_at=timezone.now(),
            )
        )
    PortfolioEntry.objects.bulk_create(entries)
    for entry in entries[:10]:
        with_photo(entry)
        ResponseFactory(
            entry=entry,
            author=ours.parent if entry.perspective == Perspective.PROFESSIONAL else ours.professional,
            perspective=Perspective.PARENT
            if entry.perspective == Perspective.PROFESSIONAL
            else Perspective.PROFESSIONAL,
        )
        EntrySeen.objects.create(entry=entry, user=ours.parent)


@pytest.mark.parametrize("count", [10, 200])
@pytest.mark.parametrize("role", ["professional", "parent"])
def test_the_timeline_needs_the_same_number_of_queries_for_10_and_200_entries(
    count, role, ours, django_assert_max_num_queries
):
    consent(ours)
    _fill(ours, count)
    client = client_for(getattr(ours, role))
    url = reverse("portfolios:timeline", args=[ours.child.pk])
    with django_assert_max_num_queries(17):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.count(b'class="portfolio-thumb"') == 10


def test_the_child_page_links_to_the_portfolio(ours):
    observation(ours)
    for user in (ours.parent, ours.professional):
        page = client_for(user).get(reverse("families:child_detail", args=[ours.child.pk]))
        assert reverse("portfolios:timeline", args=[ours.child.pk]).encode() in page.content


def test_the_admin_lists_entries_and_opens_an_entry_and_a_domain(ours, org_admin):
    entry = observation(ours)
    with_photo(entry)
    ResponseFactory(entry=entry, author=ours.parent)
    client = client_for(org_admin)
    listing = client.get(reverse("admin:portfolios_portfolioentry_changelist"))
    assert listing.status_code == 200 and entry.text.encode() not in listing.content
    assert client.get(reverse("admin:portfolios_portfolioentry_change", args=[entry.pk])).status_code == 200
    assert client.get(reverse("admin:portfolios_domain_change", args=[domain().pk])).status_code == 200
    response = client.post(
        reverse("admin:portfolios_domain_add"), {"name": "Rekenen", "is_active": "on", "position": "9"}
    )
    assert response.status_code == 302
    assert str(Domain.objects.get(name="Rekenen")) == "Rekenen"


def test_the_timeline_tells_staff_whether_the_school_may_get_the_pdf(ours):
    url = reverse("portfolios:timeline", args=[ours.child.pk])
    staff, parent = english_client_for(ours.professional), english_client_for(ours.parent)
    assert "Only with the parents' consent." in staff.get(url).content.decode()

    Consent.objects.create(child=ours.child, kind=Consent.Kind.SCHOOL_TRANSFER, given=True, decided_by=ours.parent)
    assert "The parents gave their consent on" in staff.get(url).content.decode()
    assert b"PDF for the primary school" not in parent.get(url).content
    assert b"Download as PDF" in parent.get(url).content

    Consent.objects.create(child=ours.child, kind=Consent.Kind.SCHOOL_TRANSFER, given=False, decided_by=ours.parent)
    assert "The parents withdrew their consent on" in staff.get(url).content.decode()
