"""Announcements to all parents of a group: who may send, read and reply; read counts per
family; a private reply lands in the child's conversation; bad input; query counts."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import empty

from messaging.models import MESSAGE_MAX_LENGTH, Announcement, AnnouncementRead, Message
from messaging.services import announcements as services
from messaging.views.announcements import inbox_context
from photos.images import ProcessedPhoto, process_photo
from photos.storage import private_storage
from tests.conftest import english_client_for as client_for
from tests.factories import (
    ChildFactory,
    FamilyFactory,
    GroupFactory,
    GuardianFactory,
    PlacementFactory,
    StaffAssignmentFactory,
    UserFactory,
)
from tests.photos.samples import jpeg, upload

# These tests read English messages; Dutch is the default language.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ROLES = ("anonymous", "outsider", "parent", "professional", "manager", "org_admin")
LOGIN = "login"
DONE = "done"  # a redirect after the action took effect
TEXT = "Morgen gaan we naar de kinderboerderij. Graag laarzen mee!"


@pytest.fixture(autouse=True)
def private_media_root(settings, tmp_path):
    """Photos land in the test's own folder; the storage reads the setting once, so forget it."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    private_storage._wrapped = empty
    yield tmp_path
    private_storage._wrapped = empty


def _announcement(side, body: str = TEXT, **fields) -> Announcement:
    return Announcement.objects.create(group=side.group, author=side.professional, body=body, **fields)


def _photo() -> ProcessedPhoto:
    return process_photo(upload(jpeg()))


@pytest.fixture
def world(ours, theirs, org_admin, outsider) -> dict:
    _announcement(ours)
    _announcement(theirs)
    return {
        "ours": ours,
        "theirs": theirs,
        "anonymous": None,
        "outsider": outsider,
        "parent": ours.parent,
        "professional": ours.professional,
        "manager": ours.manager,
        "org_admin": org_admin,
    }


# --- Access per role ------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    label: str
    url: Callable
    method: str = "get"
    data: Callable = field(default=lambda side: {})
    side: str = "ours"
    took_effect: Callable = field(default=lambda side: False)


def _list_url(side):
    return reverse("messaging:announcement_list", args=[side.group.pk])


def _new_url(side):
    return reverse("messaging:announcement_new", args=[side.group.pk])


def _one(side) -> Announcement:
    return Announcement.objects.filter(group=side.group).earliest("pk")


def _detail_url(side):
    return reverse("messaging:announcement_detail", args=[_one(side).pk])


def _reply_url(side):
    return reverse("messaging:announcement_reply", args=[_one(side).pk])


def _withdraw_url(side):
    return reverse("messaging:announcement_withdraw", args=[_one(side).pk])


def _photo_url(side):
    announcement = _one(side)
    if not announcement.photo:
        photo = _photo()
        announcement.photo.save(photo.image.name, photo.image, save=False)
        announcement.photo_thumbnail.save(photo.thumbnail.name, photo.thumbnail)
    return reverse("messaging:announcement_photo", args=[announcement.pk])


def _sent_twice(side):
    return Announcement.objects.filter(group=side.group).count() == 2


def _replied(side):
    return Message.objects.filter(child=side.child, announcement=_one(side)).exists()


def _withdrawn(side):
    return _one(side).withdrawn_at is not None


def _statuses(*answers) -> dict:
    return dict(zip(ROLES, answers, strict=True))


# The list and the form are staff pages: parents get 404 as outsiders do. The announcement
# itself opens for the group's staff and its parents; only a parent replies (staff: 403),
# only the author withdraws (others who can see it: 403). Another location: 404.
TABLE = [
    (Case("list-own", _list_url), _statuses(LOGIN, 404, 404, 200, 200, 200)),
    (Case("list-foreign", _list_url, side="theirs"), _statuses(LOGIN, 404, 404, 404, 404, 200)),
    (Case("new-own", _new_url), _statuses(LOGIN, 404, 404, 200, 403, 403)),
    (Case("new-foreign", _new_url, side="theirs"), _statuses(LOGIN, 404, 404, 404, 404, 403)),
    (
        Case("new-post-own", _new_url, "post", lambda side: {"body": TEXT}, took_effect=_sent_twice),
        _statuses(LOGIN, 404, 404, DONE, 403, 403),
    ),
    (
        Case("new-post-foreign", _new_url, "post", lambda side: {"body": TEXT}, side="theirs", took_effect=_sent_twice),
        _statuses(LOGIN, 404, 404, 404, 404, 403),
    ),
    (Case("detail-own", _detail_url), _statuses(LOGIN, 404, 200, 200, 200, 200)),
    (Case("detail-foreign", _detail_url, side="theirs"), _statuses(LOGIN, 404, 404, 404, 404, 200)),
    (Case("reply-get-own", _reply_url), _statuses(LOGIN, 405, 405, 405, 405, 405)),
    (
        Case("reply-own", _reply_url, "post", lambda side: {"reply-body": "Komt goed!"}, took_effect=_replied),
        _statuses(LOGIN, 404, DONE, 403, 403, 403),
    ),
    (
        Case(
            "reply-foreign",
            _reply_url,
            "post",
            lambda side: {"reply-body": "Komt goed!"},
            side="theirs",
            took_effect=_replied,
        ),
        _statuses(LOGIN, 404, 404, 404, 404, 403),
    ),
    (
        Case("withdraw-own", _withdraw_url, "post", took_effect=_withdrawn),
        _statuses(LOGIN, 404, 403, DONE, 403, 403),
    ),
    (
        Case("withdraw-foreign", _withdraw_url, "post", side="theirs", took_effect=_withdrawn),
        _statuses(LOGIN, 404, 404, 404, 404, 403),
    ),
    (Case("photo-own", _photo_url), _statuses(LOGIN, 404, 200, 200, 200, 200)),
    (Case("photo-foreign", _photo_url, side="theirs"), _statuses(LOGIN, 404, 404, 404, 404, 200)),
]


@pytest.mark.parametrize(
    ("case", "role", "expected"),
    [pytest.param(case, role, answers[role], id=f"{case.label}-{role}") for case, answers in TABLE for role in ROLES],
)
def test_each_role_gets_the_expected_answer(world, case, role, expected):
    side = world[case.side]
    url = case.url(side)
    response = getattr(client_for(world[role]), case.method)(url, case.data(side))

    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    elif expected == DONE:
        assert response.status_code == 302
    else:
        assert response.status_code == expected
    assert case.took_effect(side) == (expected == DONE)


@pytest.fixture
def neighbours(ours) -> dict:
    """Next door at our location: another group with its own professional and parent, and
    a parent whose child left our group yesterday."""
    other_group = GroupFactory(location=ours.location, name="Andere groep")
    professional = UserFactory(first_name="Buurpm")
    StaffAssignmentFactory(user=professional, group=other_group)
    parent = UserFactory(first_name="Buurouder")
    guardian = GuardianFactory(user=parent)
    PlacementFactory(child=ChildFactory(family=guardian.family), group=other_group)
    former = UserFactory(first_name="Oudouder")
    former_guardian = GuardianFactory(user=former)
    PlacementFactory(child=ChildFactory(family=former_guardian.family), group=ours.group, ended=True)
    return {"professional": professional, "parent": parent, "former": former}


@pytest.mark.parametrize("who", ["professional", "parent", "former"])
def test_people_of_another_group_or_who_left_the_group_get_404_everywhere(ours, neighbours, who):
    announcement = _announcement(ours)
    _photo_url(ours)
    client = client_for(neighbours[who])
    pages = [
        ("get", reverse("messaging:announcement_list", args=[ours.group.pk])),
        ("get", reverse("messaging:announcement_new", args=[ours.group.pk])),
        ("get", reverse("messaging:announcement_detail", args=[announcement.pk])),
        ("post", reverse("messaging:announcement_reply", args=[announcement.pk])),
        ("post", reverse("messaging:announcement_withdraw", args=[announcement.pk])),
        ("get", reverse("messaging:announcement_photo", args=[announcement.pk])),
    ]

    for method, url in pages:
        response = getattr(client, method)(url, {"reply-body": "Hallo"} if method == "post" else {})
        assert response.status_code == 404, url
    assert not AnnouncementRead.objects.exists()
    assert not Message.objects.exists()
    assert Announcement.objects.get().withdrawn_at is None


def test_a_professional_assigned_to_the_whole_location_may_send_to_each_of_its_groups(ours):
    flexible = UserFactory(first_name="Flex")
    StaffAssignmentFactory(user=flexible, group=None, location=ours.location)

    response = client_for(flexible).post(reverse("messaging:announcement_new", args=[ours.group.pk]), {"body": TEXT})

    assert response.status_code == 302
    assert Announcement.objects.get().author == flexible


def test_a_withdrawn_announcement_answers_404_to_parents_and_stays_for_staff(ours):
    announcement = _announcement(ours, withdrawn_at=timezone.now())

    assert (
        client_for(ours.parent).get(reverse("messaging:announcement_detail", args=[announcement.pk])).status_code == 404
    )
    assert client_for(ours.parent).get(_photo_url(ours)).status_code == 404
    response = client_for(ours.professional).get(reverse("messaging:announcement_detail", args=[announcement.pk]))
    assert response.status_code == 200
    assert "Withdrawn on" in response.content.decode()
    assert not AnnouncementRead.objects.exists()


def test_an_announcement_without_a_photo_has_no_photo_to_serve(ours):
    announcement = _announcement(ours)

    response = client_for(ours.parent).get(reverse("messaging:announcement_photo", args=[announcement.pk]))

    assert response.status_code == 404


def test_the_photo_and_its_thumbnail_are_served_privately_to_the_parent(ours):
    _announcement(ours)
    url = _photo_url(ours)
    client = client_for(ours.parent)

    full = client.get(url)
    thumb = client.get(url, {"size": "thumb"})

    announcement = _one(ours)
    assert full["Content-Type"] == thumb["Content-Type"] == "image/jpeg"
    assert "no-store" in full["Cache-Control"]
    assert b"".join(full.streaming_content) == announcement.photo.open("rb").read()
    assert b"".join(thumb.streaming_content) == announcement.photo_thumbnail.open("rb").read()


def test_the_group_page_links_to_the_announcements_for_its_staff(ours):
    response = client_for(ours.manager).get(reverse("groups:group_detail", args=[ours.group.pk]))

    assert reverse("messaging:announcement_list", args=[ours.group.pk]) in response.content.decode()


# --- Sending ------------------------------------------------------------------------------


def test_the_professional_sends_an_announcement_with_a_photo_and_the_parents_are_notified(ours):
    from notifications.models import Notification

    client = client_for(ours.professional)

    response = client.post(
        reverse("messaging:announcement_new", args=[ours.group.pk]),
        {"body": f"  {TEXT}  ", "photo": upload(jpeg(), name="Emma_zwembad.jpg")},
    )

    announcement = Announcement.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("messaging:announcement_detail", args=[announcement.pk])
    assert (announcement.body, announcement.author, announcement.group) == (TEXT, ours.professional, ours.group)
    assert announcement.photo.name.endswith(".jpg") and "Emma" not in announcement.photo.name
    assert announcement.photo_thumbnail
    assert Notification.objects.filter(recipient=ours.parent).exists()
    assert not Notification.objects.filter(recipient=ours.professional).exists()


def test_a_photo_alone_is_enough(ours):
    announcement = services.announcement_post(group=ours.group, by=ours.professional, body="", photo=_photo())

    assert announcement.body == ""
    assert announcement.photo


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Write a message or add a photo."),
        ("   \n ", "Write a message or add a photo."),
        ("x" * 20_000, f"at most {MESSAGE_MAX_LENGTH} characters"),
    ],
    ids=["empty", "blank", "20000-characters"],
)
def test_bad_text_is_refused_with_a_clear_message_and_the_text_kept(ours, body, message):
    response = client_for(ours.professional).post(
        reverse("messaging:announcement_new", args=[ours.group.pk]), {"body": body}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"]["body"].value() == body
    assert not Announcement.objects.exists()


def test_a_file_that_is_not_a_photo_is_refused_and_the_text_kept(ours, private_media_root):
    response = client_for(ours.professional).post(
        reverse("messaging:announcement_new", args=[ours.group.pk]),
        {"body": TEXT, "photo": upload(b"%PDF-1.4 not a picture", name="uitje.jpg")},
    )

    assert response.status_code == 200
    assert "This file is not a photo." in response.content.decode()
    assert TEXT in response.content.decode()
    assert not Announcement.objects.exists()
    assert not any(path.is_file() for path in private_media_root.rglob("*"))


def test_only_a_professional_of_the_group_may_post(ours, theirs):
    for user in (ours.manager, theirs.professional, ours.parent):
        with pytest.raises(PermissionDenied):
            services.announcement_post(group=ours.group, by=user, body=TEXT)
    assert not Announcement.objects.exists()


# --- Reading and read counts ----------------------------------------------------------------


def test_opening_it_marks_it_read_once_for_the_parent_and_not_for_staff(ours):
    announcement = _announcement(ours)

    for _ in range(2):
        assert (
            client_for(ours.parent).get(reverse("messaging:announcement_detail", args=[announcement.pk])).status_code
            == 200
        )
    client_for(ours.professional).get(reverse("messaging:announcement_detail", args=[announcement.pk]))

    assert list(AnnouncementRead.objects.values_list("user", flat=True)) == [ours.parent.pk]


def test_marking_read_twice_keeps_one_row(ours):
    announcement = _announcement(ours)

    first = services.announcement_read(announcement=announcement, user=ours.parent)
    second = services.announcement_read(announcement=announcement, user=ours.parent)

    assert first.pk == second.pk
    assert AnnouncementRead.objects.count() == 1


def test_opening_it_marks_the_parents_notification_read(ours):
    from notifications.models import Notification

    announcement = services.announcement_post(group=ours.group, by=ours.professional, body=TEXT)
    client_for(ours.parent).get(reverse("messaging:announcement_detail", args=[announcement.pk]))

    assert Notification.objects.get(recipient=ours.parent).read_at is not None


@pytest.fixture
def three_families(ours, theirs):
    """Our group: the fixture's family (read by its one parent), family Twee whose two parents
    both read, family Drie who did not read. Around them: readers who must not count."""
    announcement = _announcement(ours)
    services.announcement_read(announcement=announcement, user=ours.parent)
    two = FamilyFactory(name="Twee")
    mother, father = GuardianFactory(family=two), GuardianFactory(family=two)
    PlacementFactory(child=ChildFactory(family=two, first_name="Bo"), group=ours.group)
    PlacementFactory(child=ChildFactory(family=two, first_name="Mo"), group=ours.group)
    three = FamilyFactory(name="Drie")
    GuardianFactory(family=three)
    PlacementFactory(child=ChildFactory(family=three, first_name="Jip"), group=ours.group)
    for parent in (mother.user, father.user):
        services.announcement_read(announcement=announcement, user=parent)
    # A family that left our group read it; staff read it; a parent of another group too.
    former = GuardianFactory()
    PlacementFactory(child=ChildFactory(family=former.family), group=ours.group, ended=True)
    for reader in (former.user, ours.professional, theirs.parent):
        AnnouncementRead.objects.create(announcement=announcement, user=reader)
    return announcement, {"ours": ours.family, "two": two, "three": three}


def test_a_family_counts_once_when_both_parents_read_and_only_placed_families_count(three_families):
    announcement, _families = three_families

    counted = services.with_read_counts(Announcement.objects.filter(pk=announcement.pk)).get()

    assert (counted.families_read, counted.families_total) == (2, 3)


def test_the_staff_page_shows_the_count_and_which_families_read_and_which_not(ours, three_families):
    announcement, families = three_families

    response = client_for(ours.professional).get(reverse("messaging:announcement_detail", args=[announcement.pk]))

    page = response.content.decode()
    assert "read by 2 of 3 families" in page
    assert {family.pk for family in response.context["families_done"]} == {families["ours"].pk, families["two"].pk}
    assert [family.pk for family in response.context["families_waiting"]] == [families["three"].pk]
    two = next(family for family in response.context["families_done"] if family.pk == families["two"].pk)
    assert sorted(child.first_name for child in two.placed_children) == ["Bo", "Mo"]


def test_the_list_shows_each_announcements_read_count_newest_first(ours, three_families):
    announcement, _families = three_families
    newer = _announcement(
        ours, body="Vrijdag is de groep dicht.", created_at=timezone.now() + datetime.timedelta(minutes=1)
    )

    response = client_for(ours.manager).get(reverse("messaging:announcement_list", args=[ours.group.pk]))

    shown = list(response.context["page"])
    assert [item.pk for item in shown] == [newer.pk, announcement.pk]
    assert [(item.families_read, item.families_total) for item in shown] == [(0, 3), (2, 3)]
    assert "read by 2 of 3 families" in response.content.decode()
    assert not response.context["may_post"]


# --- Replying privately ------------------------------------------------------------------------


def test_the_parents_reply_lands_in_the_childs_conversation(ours):
    announcement = _announcement(ours)

    response = client_for(ours.parent).post(
        reverse("messaging:announcement_reply", args=[announcement.pk]), {"reply-body": "Hij heeft geen laarzen."}
    )

    message = Message.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("messaging:conversation", args=[ours.child.pk])
    assert (message.child, message.author, message.side, message.announcement) == (
        ours.child,
        ours.parent,
        Message.Side.PARENTS,
        announcement,
    )
    assert message.body == "Hij heeft geen laarzen."
    assert AnnouncementRead.objects.filter(announcement=announcement, user=ours.parent).exists()


def test_a_parent_with_two_children_in_the_group_chooses_whose_conversation(ours):
    sibling = ChildFactory(family=ours.family, first_name="Zus")
    PlacementFactory(child=sibling, group=ours.group)
    announcement = _announcement(ours)
    client = client_for(ours.parent)
    url = reverse("messaging:announcement_reply", args=[announcement.pk])

    page = client.get(reverse("messaging:announcement_detail", args=[announcement.pk])).content.decode()
    missing = client.post(url, {"reply-body": "Wie?"})
    chosen = client.post(url, {"reply-body": "Zus is ziek.", "reply-child": sibling.pk})

    assert 'type="radio"' in page and "Zus" in page
    assert missing.status_code == 200
    assert missing.context["form"].errors["child"]
    assert chosen.status_code == 302
    assert Message.objects.get().child == sibling


def test_a_parent_cannot_reply_into_the_conversation_of_a_child_outside_the_group(ours):
    elsewhere = ChildFactory(family=ours.family, first_name="Broer")
    PlacementFactory(child=elsewhere, group=GroupFactory(location=ours.location))
    announcement = _announcement(ours)

    response = client_for(ours.parent).post(
        reverse("messaging:announcement_reply", args=[announcement.pk]),
        {"reply-body": "Hallo", "reply-child": elsewhere.pk},
    )

    assert response.status_code == 200
    assert not Message.objects.exists()
    with pytest.raises(ValidationError):
        services.announcement_reply(announcement=announcement, by=ours.parent, child=elsewhere, body="Hallo")


@pytest.mark.parametrize(
    ("body", "message"),
    [("", "Write a message or add a photo."), ("x" * 20_000, f"at most {MESSAGE_MAX_LENGTH} characters")],
    ids=["empty", "20000-characters"],
)
def test_a_bad_reply_is_refused_with_a_clear_message_and_nothing_saved(ours, body, message):
    announcement = _announcement(ours)

    response = client_for(ours.parent).post(
        reverse("messaging:announcement_reply", args=[announcement.pk]), {"reply-body": body}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Message.objects.exists()


# --- Withdrawing -----------------------------------------------------------------------------


def test_the_author_withdraws_and_parents_no_longer_see_it_anywhere(ours):
    announcement = _announcement(ours)
    colleague = UserFactory()
    StaffAssignmentFactory(user=colleague, group=ours.group)

    with pytest.raises(PermissionDenied):
        services.announcement_withdraw(announcement=announcement, by=colleague)
    response = client_for(ours.professional).post(reverse("messaging:announcement_withdraw", args=[announcement.pk]))

    announcement.refresh_from_db()
    assert response.status_code == 302
    assert announcement.withdrawn_at is not None
    assert inbox_context(ours.parent)["inbox_announcements"] == []
    assert services.unread_for_parent(ours.parent) == ([], False)
    assert Announcement.objects.filter(pk=announcement.pk).exists()


# --- The parent's inbox and home ---------------------------------------------------------------


def test_the_inbox_shows_the_latest_announcements_of_the_childs_groups_with_unread_marked(ours, theirs):
    old = _announcement(ours, body="Oud bericht", created_at=timezone.now() - datetime.timedelta(days=3))
    new = _announcement(ours, body="Nieuw bericht")
    _announcement(theirs, body="Van een andere locatie")
    services.announcement_read(announcement=old, user=ours.parent)

    context = inbox_context(ours.parent)
    html = render_to_string("messaging/announcements/_inbox_section.html", context)

    assert [(item.pk, item.is_read) for item in context["inbox_announcements"]] == [(new.pk, False), (old.pk, True)]
    assert context["inbox_announcements_unread"] == 1
    assert "Nieuw bericht" in html and "Van een andere locatie" not in html
    assert reverse("messaging:announcement_detail", args=[new.pk]) in html


def test_staff_and_outsiders_have_no_announcements_in_the_parents_inbox(ours, outsider):
    _announcement(ours)

    assert inbox_context(ours.professional)["inbox_announcements"] == []
    assert inbox_context(outsider)["inbox_announcements"] == []


def test_the_parents_home_shows_a_new_announcement_until_it_is_opened(ours):
    announcement = _announcement(ours)
    client = client_for(ours.parent)
    link = reverse("messaging:announcement_detail", args=[announcement.pk])

    before = client.get(reverse("families:parent_home")).content.decode()
    client.get(link)
    after = client.get(reverse("families:parent_home")).content.decode()

    assert "New announcement from the group" in before and link in before
    assert link not in after


# --- Query counts --------------------------------------------------------------------------------


def _families_in(group, count: int) -> None:
    for _ in range(count):
        guardian = GuardianFactory()
        PlacementFactory(child=ChildFactory(family=guardian.family), group=group)


def _announcements_read_by_all(side, count: int) -> None:
    users = list(
        services.families_placed_in(side.group.pk)
        .values_list("guardians__user", flat=True)
        .exclude(guardians__user=None)
    )
    for number in range(count):
        announcement = _announcement(side, body=f"Bericht {number}")
        AnnouncementRead.objects.bulk_create(
            AnnouncementRead(announcement=announcement, user_id=user) for user in users
        )


def test_the_list_needs_as_many_queries_for_100_announcements_and_families_as_for_10(
    ours, django_assert_max_num_queries
):
    client = client_for(ours.professional)
    url = reverse("messaging:announcement_list", args=[ours.group.pk])
    _families_in(ours.group, 9)
    _announcements_read_by_all(ours, 10)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(url).context["page"]) == 10

    _families_in(ours.group, 90)
    _announcements_read_by_all(ours, 90)
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)

    assert len(few) <= 10
    assert {(item.families_read, item.families_total) for item in response.context["page"]} == {(100, 100)}
    oldest = services.with_read_counts(Announcement.objects.filter(group=ours.group)).earliest("created_at", "pk")
    assert (oldest.families_read, oldest.families_total) == (10, 100)


def test_the_staff_page_needs_as_many_queries_for_100_families_as_for_10(ours, django_assert_max_num_queries):
    announcement = _announcement(ours)
    client = client_for(ours.professional)
    url = reverse("messaging:announcement_detail", args=[announcement.pk])
    _families_in(ours.group, 9)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).context["families_total"] == 10

    _families_in(ours.group, 90)
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)

    assert response.context["families_total"] == 100


def test_the_inbox_section_and_the_home_card_need_as_many_queries_for_100_as_for_10(
    ours, django_assert_max_num_queries
):
    for number in range(10):
        _announcement(ours, body=f"Bericht {number}")
    with CaptureQueriesContext(connection) as few:
        render_to_string("messaging/announcements/_inbox_section.html", inbox_context(ours.parent))
        services.unread_for_parent(ours.parent)

    for number in range(90):
        _announcement(ours, body=f"Bericht {number}")
    ours.parent.__dict__.pop("_samenspel_scope", None)
    with django_assert_max_num_queries(len(few)):
        render_to_string("messaging/announcements/_inbox_section.html", inbox_context(ours.parent))
        services.unread_for_parent(ours.parent)
