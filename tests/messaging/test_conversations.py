"""A child's conversation: who may read and write on every URL, posting with bad input,
editing until read, withdrawing within five minutes, nothing deleted, a message turned
into a contact moment once, live updates, and query counts at two sizes."""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import empty

from contacts.models import ContactMoment
from messaging.models import MESSAGE_MAX_LENGTH, Message, ReadMark
from messaging.services import conversations as services
from photos.images import process_photo
from photos.storage import private_storage
from tests.conftest import english_client_for as client_for
from tests.factories import ChildFactory, GroupFactory, GuardianFactory, PlacementFactory, UserFactory
from tests.photos.samples import jpeg, upload

# These tests read English messages; Dutch is the default language.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ROLES = ("anonymous", "outsider", "parent", "professional", "manager", "org_admin")
LOGIN = "login"
DONE = "done"  # a redirect after the action took effect
FROM_PARENT = "Rayan heeft vannacht slecht geslapen, misschien is hij wat moe."
FROM_GROUP = "Dank je! Hij heeft vanmiddag lekker geslapen."


@pytest.fixture(autouse=True)
def private_media_root(settings, tmp_path):
    """Photos land in the test's own folder; the storage reads the setting once, so forget it."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    private_storage._wrapped = empty
    yield tmp_path
    private_storage._wrapped = empty


def _post(side, by, body: str = FROM_PARENT, **options) -> Message:
    return services.message_post(child=side.child, by=by, body=body, **options)


def _ago(**delta) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


@pytest.fixture
def world(ours, theirs, org_admin, outsider) -> dict:
    for side in (ours, theirs):
        _post(side, side.parent, photo=process_photo(upload(jpeg())))
        _post(side, side.professional, FROM_GROUP)
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


@dataclass(frozen=True)
class Case:
    label: str
    url: Callable
    method: str = "get"
    data: Callable = field(default=lambda side: {})
    side: str = "ours"
    took_effect: Callable = field(default=lambda side: False)


def _parents_message(side) -> Message:
    return side.child.messages.get(side=Message.Side.PARENTS)


def _groups_message(side) -> Message:
    return side.child.messages.get(side=Message.Side.STAFF)


def _inbox(side):
    return reverse("messaging:inbox")


def _conversation(side):
    return reverse("messaging:conversation", args=[side.child.pk])


def _updates(side):
    return reverse("messaging:conversation_updates", args=[side.child.pk])


def _edit_parents(side):
    return reverse("messaging:message_edit", args=[_parents_message(side).pk])


def _edit_groups(side):
    return reverse("messaging:message_edit", args=[_groups_message(side).pk])


def _withdraw_parents(side):
    return reverse("messaging:message_withdraw", args=[_parents_message(side).pk])


def _withdraw_groups(side):
    return reverse("messaging:message_withdraw", args=[_groups_message(side).pk])


def _to_contact(side):
    return reverse("messaging:message_to_contact", args=[_parents_message(side).pk])


def _photo(side):
    return reverse("messaging:message_photo", args=[_parents_message(side).pk])


def _thumbnail(side):
    return _photo(side) + "?size=thumb"


def _posted(side):
    return side.child.messages.count() == 3


def _edited(side):
    return side.child.messages.filter(body="Nog een zin erbij.").exists()


def _withdrawn(side):
    return side.child.messages.filter(withdrawn_at__isnull=False).exists()


def _made_contact(side):
    return ContactMoment.objects.filter(child=side.child, kind=ContactMoment.Kind.MESSAGE).exists()


def _statuses(*answers) -> dict:
    return dict(zip(ROLES, answers, strict=True))


OWN_READ = _statuses(LOGIN, 404, 200, 200, 200, 200)
FOREIGN_READ = _statuses(LOGIN, 404, 404, 404, 404, 200)

# Parents and the group's professionals write; managers and admins read along (403 on
# writes); another location's conversation answers 404. An admin may turn a message into a
# contact moment, as they may log any contact moment (access.can_log_contact).
TABLE = [
    (Case("inbox", _inbox), _statuses(LOGIN, 403, 200, 200, 200, 200)),
    (Case("conversation-own", _conversation), OWN_READ),
    (Case("conversation-foreign", _conversation, side="theirs"), FOREIGN_READ),
    (
        Case("post-own", _conversation, "post", lambda side: {"body": "Tot morgen!"}, took_effect=_posted),
        _statuses(LOGIN, 404, DONE, DONE, 403, 403),
    ),
    (
        Case("post-foreign", _conversation, "post", lambda side: {"body": "Hallo"}, side="theirs"),
        _statuses(LOGIN, 404, 404, 404, 404, 403),
    ),
    (Case("updates-own", _updates), OWN_READ),
    (Case("updates-foreign", _updates, side="theirs"), FOREIGN_READ),
    (Case("edit-parents-own", _edit_parents), _statuses(LOGIN, 404, 200, 403, 403, 403)),
    (Case("edit-groups-own", _edit_groups), _statuses(LOGIN, 404, 403, 200, 403, 403)),
    (Case("edit-foreign", _edit_parents, side="theirs"), _statuses(LOGIN, 404, 404, 404, 404, 403)),
    (
        Case(
            "edit-post-parents-own",
            _edit_parents,
            "post",
            lambda side: {"body": "Nog een zin erbij."},
            took_effect=_edited,
        ),
        _statuses(LOGIN, 404, DONE, 403, 403, 403),
    ),
    (
        Case(
            "edit-post-groups-own",
            _edit_groups,
            "post",
            lambda side: {"body": "Nog een zin erbij."},
            took_effect=_edited,
        ),
        _statuses(LOGIN, 404, 403, DONE, 403, 403),
    ),
    (
        Case("withdraw-parents-own", _withdraw_parents, "post", took_effect=_withdrawn),
        _statuses(LOGIN, 404, DONE, 403, 403, 403),
    ),
    (
        Case("withdraw-groups-own", _withdraw_groups, "post", took_effect=_withdrawn),
        _statuses(LOGIN, 404, 403, DONE, 403, 403),
    ),
    (
        Case("withdraw-foreign", _withdraw_parents, "post", side="theirs"),
        _statuses(LOGIN, 404, 404, 404, 404, 403),
    ),
    (
        Case("to-contact-own", _to_contact, "post", took_effect=_made_contact),
        _statuses(LOGIN, 404, 403, DONE, 403, DONE),
    ),
    (
        Case("to-contact-foreign", _to_contact, "post", side="theirs", took_effect=_made_contact),
        _statuses(LOGIN, 404, 404, 404, 404, DONE),
    ),
    (Case("photo-own", _photo), OWN_READ),
    (Case("thumbnail-own", _thumbnail), OWN_READ),
    (Case("photo-foreign", _photo, side="theirs"), FOREIGN_READ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("case", "expected"), TABLE, ids=[case.label for case, _ in TABLE])
def test_each_role_gets_what_the_access_rule_allows(world, case, expected, role):
    side = world[case.side]
    client = client_for(world[role])
    url = case.url(side)
    response = getattr(client, case.method)(url, case.data(side))
    want = expected[role]
    if want == LOGIN:
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    elif want == DONE:
        assert response.status_code == 302, response.content[:500]
        assert reverse("account_login") not in response["Location"]
        assert case.took_effect(side)
    else:
        assert response.status_code == want
        if case.method == "post":
            assert not case.took_effect(side)


def test_a_guardian_loses_the_conversation_when_the_placement_ends(world):
    ours = world["ours"]
    parents_message = _parents_message(ours)
    client = client_for(ours.parent)
    assert client.get(_conversation(ours)).status_code == 200
    ours.child.placements.update(end_date=timezone.localdate() - datetime.timedelta(days=1))

    for url in (_conversation(ours), _updates(ours), _edit_parents(ours), _photo(ours), _thumbnail(ours)):
        assert client.get(url).status_code == 404, url
    for url in (_conversation(ours), _edit_parents(ours), _withdraw_parents(ours), _to_contact(ours)):
        assert client.post(url, {"body": "Nog iets"}).status_code == 404, url
    assert Message.objects.filter(child=ours.child).count() == 2
    parents_message.refresh_from_db()
    assert parents_message.withdrawn_at is None
    # The inbox no longer lists the child; the history stays for staff.
    assert ours.child.first_name not in client.get(_inbox(ours)).content.decode()
    assert client_for(ours.manager).get(_conversation(ours)).status_code == 200


def test_a_parent_cannot_reach_another_family_in_the_group_of_a_sibling(world):
    ours = world["ours"]
    sibling = ChildFactory(family=ours.family, first_name="Broertje")
    other_group = GroupFactory(location=ours.location, name="Groep broertje")
    PlacementFactory(child=sibling, group=other_group)
    classmate = ChildFactory(first_name="Klasgenoot")
    PlacementFactory(child=classmate, group=other_group)
    client = client_for(ours.parent)

    assert client.get(reverse("messaging:conversation", args=[sibling.pk])).status_code == 200
    for name in ("messaging:conversation", "messaging:conversation_updates"):
        assert client.get(reverse(name, args=[classmate.pk])).status_code == 404
    assert client.post(reverse("messaging:conversation", args=[classmate.pk]), {"body": "Hoi"}).status_code == 404
    assert not classmate.messages.exists()


def test_a_professional_of_another_group_in_the_same_location_gets_404(world):
    ours = world["ours"]
    colleague = UserFactory(email="pm.andere.groep@example.test")
    from tests.factories import StaffAssignmentFactory

    StaffAssignmentFactory(user=colleague, group=GroupFactory(location=ours.location))
    client = client_for(colleague)
    assert client.get(_conversation(ours)).status_code == 404
    assert client.post(_conversation(ours), {"body": "Hoi"}).status_code == 404
    assert client.get(_photo(ours)).status_code == 404


# --- Posting -------------------------------------------------------------------------


def test_a_parent_posts_a_message_on_the_parents_side(ours):
    message = _post(ours, ours.parent, "  Hallo groep!  ")
    assert (message.side, message.body, message.author) == (Message.Side.PARENTS, "Hallo groep!", ours.parent)


def test_the_groups_professional_posts_on_the_staff_side(ours):
    assert _post(ours, ours.professional, FROM_GROUP).side == Message.Side.STAFF


def test_a_manager_may_not_post(ours):
    with pytest.raises(PermissionDenied):
        _post(ours, ours.manager)


def test_an_empty_message_is_refused_with_a_clear_message_and_nothing_is_saved(ours):
    response = client_for(ours.parent).post(_conversation(ours), {"body": "   "})
    assert response.status_code == 200
    assert "Write a message or add a photo." in response.content.decode()
    assert not Message.objects.exists()


def test_a_message_of_20000_characters_is_refused_and_the_text_is_kept(ours):
    text = "Heel lang verhaal. " * 1053  # just over 20,000 characters
    assert len(text) >= 20_000
    response = client_for(ours.parent).post(_conversation(ours), {"body": text})
    assert response.status_code == 200
    content = response.content.decode()
    assert f"at most {MESSAGE_MAX_LENGTH} characters" in content
    assert text.strip() in content
    assert not Message.objects.exists()


def test_the_service_refuses_a_message_over_the_maximum_too(ours):
    with pytest.raises(ValidationError) as refusal:
        _post(ours, ours.parent, "x" * (MESSAGE_MAX_LENGTH + 1))
    assert "body" in refusal.value.message_dict
    assert not Message.objects.exists()


def test_a_file_that_is_not_a_photo_is_refused_and_the_text_is_kept(ours):
    response = client_for(ours.parent).post(
        _conversation(ours),
        {"body": "Kijk eens!", "photo": upload(b"%PDF-1.4 not a photo", "brief.pdf", "application/pdf")},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "This file is not a photo" in content
    assert "Kijk eens!" in content
    assert not Message.objects.exists()


def test_a_photo_alone_is_a_message_and_is_served_privately(ours):
    response = client_for(ours.parent).post(_conversation(ours), {"body": "", "photo": upload(jpeg())})
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.photo and message.photo_thumbnail
    served = client_for(ours.professional).get(_photo(ours))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert "no-store" in served["Cache-Control"]
    assert client_for(ours.professional).get(_thumbnail(ours)).status_code == 200


def test_posting_with_htmx_answers_a_fresh_composer_and_the_new_message(ours):
    before = _post(ours, ours.professional, FROM_GROUP)
    response = client_for(ours.parent).post(
        _conversation(ours), {"body": "Fijn, dank je!", "after": before.pk}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    message = Message.objects.get(body="Fijn, dank je!")
    assert 'id="composer"' in content
    assert 'hx-swap-oob="beforeend:#message-list"' in content
    assert f'id="message-{message.pk}"' in content
    assert f'id="message-{before.pk}"' not in content
    assert f'name="after" value="{message.pk}"' in content


def test_a_bad_post_with_htmx_keeps_the_text_in_the_composer(ours):
    response = client_for(ours.parent).post(
        _conversation(ours),
        {"body": "Zie foto", "photo": upload(b"no photo", "a.txt", "text/plain")},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "This file is not a photo" in content
    assert "Zie foto" in content
    assert "hx-swap-oob" not in content
    assert not Message.objects.exists()


# --- The conversation page -------------------------------------------------------------


def test_the_page_shows_both_sides_differently_with_author_role_and_time(ours):
    _post(ours, ours.parent)
    _post(ours, ours.professional, FROM_GROUP)
    content = client_for(ours.parent).get(_conversation(ours)).content.decode()
    assert FROM_PARENT in content and FROM_GROUP in content
    assert content.index(FROM_PARENT) < content.index(FROM_GROUP)  # oldest first
    assert re.search(r'class="message message-ours[^"]*"[^>]*>\s*<article[^>]*>\s*<header', content)
    assert "message-theirs" in content
    assert "(mentor)" in content
    assert f"{ours.professional.get_full_name()}</span>" in content


def test_opening_the_conversation_marks_it_read_for_participants_only(ours):
    _post(ours, ours.parent)
    client_for(ours.manager).get(_conversation(ours))
    assert not ReadMark.objects.exists()
    client_for(ours.professional).get(_conversation(ours))
    assert ReadMark.objects.get().user == ours.professional


def test_the_latest_fifty_messages_show_with_a_link_to_older_ones(ours):
    for number in range(55):
        Message.objects.create(
            child=ours.child,
            author=ours.parent,
            side="parents",
            body=f"Bericht {number:02}",
            created_at=_ago(minutes=60 - number),
        )
    content = client_for(ours.parent).get(_conversation(ours)).content.decode()
    assert "Bericht 54" in content and "Bericht 05" in content
    assert "Bericht 04" not in content
    first_shown = Message.objects.get(body="Bericht 05")
    assert f"?before={first_shown.pk}" in content

    older = client_for(ours.parent).get(_conversation(ours), {"before": first_shown.pk}).content.decode()
    assert "Bericht 00" in older and "Bericht 04" in older and "Bericht 05" not in older
    fragment = (
        client_for(ours.parent)
        .get(_conversation(ours), {"before": first_shown.pk}, headers={"HX-Request": "true"})
        .content.decode()
    )
    assert 'hx-swap-oob="afterbegin:#message-list"' in fragment and "Bericht 00" in fragment
    assert "<html" not in fragment


def test_staff_see_make_it_a_contact_moment_on_parents_messages_only(ours):
    parents = _post(ours, ours.parent)
    groups = _post(ours, ours.professional, FROM_GROUP)
    content = client_for(ours.professional).get(_conversation(ours)).content.decode()
    assert reverse("messaging:message_to_contact", args=[parents.pk]) in content
    assert reverse("messaging:message_to_contact", args=[groups.pk]) not in content
    for viewer in (ours.parent, ours.manager):
        assert "Make it a contact moment" not in client_for(viewer).get(_conversation(ours)).content.decode()


def test_a_manager_reads_along_without_a_composer(ours):
    _post(ours, ours.parent)
    content = client_for(ours.manager).get(_conversation(ours)).content.decode()
    assert FROM_PARENT in content
    assert 'id="composer"' not in content
    assert "not write in it" in content


# --- Editing and withdrawing -------------------------------------------------------------


def test_the_author_edits_a_message_nobody_read_yet(ours):
    message = _post(ours, ours.parent)
    response = client_for(ours.parent).post(
        reverse("messaging:message_edit", args=[message.pk]), {"body": "Hij is toch fit."}
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.body == "Hij is toch fit." and message.edited_at is not None
    assert "edited" in client_for(ours.professional).get(_conversation(ours)).content.decode()


def test_editing_after_the_other_side_read_it_is_refused(ours):
    message = _post(ours, ours.parent)
    client_for(ours.professional).get(_conversation(ours))
    with pytest.raises(ValidationError) as refusal:
        services.message_edit(message=message, by=ours.parent, body="Anders")
    assert refusal.value.message_dict["body"] == ["This message was already read; write a new one instead."]
    response = client_for(ours.parent).post(
        reverse("messaging:message_edit", args=[message.pk]), {"body": "Anders"}, follow=True
    )
    assert "This message was already read; write a new one instead." in response.content.decode()
    message.refresh_from_db()
    assert message.body == FROM_PARENT and message.edited_at is None


def test_the_other_parent_reading_it_does_not_block_an_edit(ours):
    other_parent = GuardianFactory(family=ours.family).user
    message = _post(ours, ours.parent)
    client_for(other_parent).get(_conversation(ours))
    assert services.message_edit(message=message, by=ours.parent, body="Anders").body == "Anders"


def test_the_edit_form_refuses_an_empty_text_and_20000_characters(ours):
    message = _post(ours, ours.parent)
    url = reverse("messaging:message_edit", args=[message.pk])
    client = client_for(ours.parent)
    assert "Write a message or add a photo." in client.post(url, {"body": " "}).content.decode()
    long = client.post(url, {"body": "a" * 20_000}).content.decode()
    assert f"at most {MESSAGE_MAX_LENGTH} characters" in long and "a" * 20_000 in long
    message.refresh_from_db()
    assert message.body == FROM_PARENT


def test_the_author_withdraws_within_five_minutes_and_nothing_is_deleted(ours):
    message = _post(ours, ours.parent, photo=process_photo(upload(jpeg())))
    response = client_for(ours.parent).post(reverse("messaging:message_withdraw", args=[message.pk]))
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.withdrawn_at is not None
    assert Message.objects.filter(pk=message.pk, body=FROM_PARENT).exists()  # the row stays
    for viewer in (ours.parent, ours.professional, ours.manager):
        content = client_for(viewer).get(_conversation(ours)).content.decode()
        assert "Message withdrawn" in content and FROM_PARENT not in content
        assert client_for(viewer).get(_photo(ours)).status_code == 404
    child_page = client_for(ours.professional).get(reverse("families:child_detail", args=[ours.child.pk]))
    assert FROM_PARENT not in child_page.content.decode()


def test_withdrawing_after_five_minutes_is_refused(ours):
    message = _post(ours, ours.parent)
    Message.objects.filter(pk=message.pk).update(created_at=_ago(minutes=6))
    message.refresh_from_db()
    with pytest.raises(ValidationError):
        services.message_withdraw(message=message, by=ours.parent)
    response = client_for(ours.parent).post(reverse("messaging:message_withdraw", args=[message.pk]), follow=True)
    assert "within 5 minutes" in response.content.decode()
    message.refresh_from_db()
    assert message.withdrawn_at is None


def test_withdrawing_with_htmx_answers_the_withdrawn_message(ours):
    message = _post(ours, ours.professional, FROM_GROUP)
    response = client_for(ours.professional).post(
        reverse("messaging:message_withdraw", args=[message.pk]), headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert f'id="message-{message.pk}"' in content and "Message withdrawn" in content and FROM_GROUP not in content


# --- A message becomes a contact moment ----------------------------------------------------


def test_a_parents_message_becomes_one_contact_moment_however_often_asked(ours):
    message = _post(ours, ours.parent)
    moment = services.message_to_contact(message=message, by=ours.professional)
    again = services.message_to_contact(message=message, by=ours.professional)
    assert moment.pk == again.pk
    assert ContactMoment.objects.count() == 1
    assert moment.kind == ContactMoment.Kind.MESSAGE
    assert moment.occurred_at == message.created_at
    assert moment.home_news == FROM_PARENT
    assert list(moment.guardians_present.all()) == [ours.parent.guardianships.get()]
    message.refresh_from_db()
    assert message.contact_moment == moment
    client = client_for(ours.professional)
    assert client.post(reverse("messaging:message_to_contact", args=[message.pk])).status_code == 302
    assert ContactMoment.objects.count() == 1
    content = client.get(_conversation(ours)).content.decode()
    assert reverse("contacts:contact_detail", args=[moment.pk]) in content


def test_a_groups_message_becomes_a_moment_about_the_childs_day(ours):
    message = _post(ours, ours.professional, FROM_GROUP)
    moment = services.message_to_contact(message=message, by=ours.professional)
    assert moment.child_experience == FROM_GROUP and moment.professional == ours.professional
    assert not moment.guardians_present.exists()


def test_a_withdrawn_message_does_not_become_a_contact_moment(ours):
    message = _post(ours, ours.parent)
    services.message_withdraw(message=message, by=ours.parent)
    with pytest.raises(ValidationError):
        services.message_to_contact(message=message, by=ours.professional)
    assert not ContactMoment.objects.exists()


# --- Live updates --------------------------------------------------------------------------


def _poll(client, side, state: dict):
    return client.get(_updates(side), state, headers={"HX-Request": "true"})


def _state_of(content: str) -> dict:
    return {
        name: re.search(rf'name="{name}" value="([^"]*)"', content).group(1) for name in ("after", "since", "checked")
    }


def test_the_poll_answers_204_until_something_happens_then_the_new_message(ours):
    _post(ours, ours.parent)
    parent = client_for(ours.parent)
    state = _state_of(parent.get(_conversation(ours)).content.decode())
    assert _poll(parent, ours, state).status_code == 204

    answer = _post(ours, ours.professional, FROM_GROUP)
    response = _poll(parent, ours, state)
    assert response.status_code == 200
    content = response.content.decode()
    assert FROM_GROUP in content and 'hx-swap-oob="beforeend:#message-list"' in content
    assert f'name="after" value="{answer.pk}"' in content
    # The parent saw the answer: read.
    assert ReadMark.objects.get(user=ours.parent).read_up_to >= answer.created_at


def test_the_poll_brings_the_read_mark_of_ones_own_message(ours):
    message = _post(ours, ours.parent)
    parent = client_for(ours.parent)
    state = _state_of(parent.get(_conversation(ours)).content.decode())
    assert "Sent, not read yet" in parent.get(_conversation(ours)).content.decode()

    client_for(ours.professional).get(_conversation(ours))
    response = _poll(parent, ours, state)
    assert response.status_code == 200
    content = response.content.decode()
    assert f'id="message-{message.pk}"' in content and 'hx-swap-oob="true"' in content
    assert f"Read by {ours.professional.first_name} (mentor)" in " ".join(content.split())
    assert _poll(parent, ours, _state_of(content)).status_code == 204


def test_the_poll_brings_a_withdrawal(ours):
    message = _post(ours, ours.parent)
    professional = client_for(ours.professional)
    state = _state_of(professional.get(_conversation(ours)).content.decode())
    services.message_withdraw(message=message, by=ours.parent)
    content = _poll(professional, ours, state).content.decode()
    assert "Message withdrawn" in content and FROM_PARENT not in content


def test_the_poll_ignores_a_garbled_state(ours):
    _post(ours, ours.parent)
    response = _poll(client_for(ours.parent), ours, {"after": "x", "since": "", "checked": "2025-13-45T99:00"})
    assert response.status_code == 200


# --- Query counts ----------------------------------------------------------------------------


def _conversation_of(side, count: int) -> None:
    now = timezone.now()
    Message.objects.bulk_create(
        Message(
            child=side.child,
            author=side.parent if number % 2 else side.professional,
            side="parents" if number % 2 else "staff",
            body=f"Bericht {number}",
            created_at=now - datetime.timedelta(minutes=count - number),
        )
        for number in range(count)
    )


@pytest.mark.parametrize("count", [10, 200])
def test_the_conversation_page_keeps_its_query_count(ours, count, django_assert_max_num_queries):
    _conversation_of(ours, count)
    client_for(ours.professional).get(_conversation(ours))  # a read mark of the other side
    for user in (ours.parent, ours.professional, ours.manager):
        client = client_for(user)
        with django_assert_max_num_queries(22):
            assert client.get(_conversation(ours)).status_code == 200


@pytest.mark.parametrize("count", [10, 200])
def test_the_poll_keeps_its_query_count(ours, count, django_assert_max_num_queries):
    _conversation_of(ours, count)
    client = client_for(ours.parent)
    state = {"after": 0, "since": 0, "checked": _ago(days=1).isoformat()}
    with django_assert_max_num_queries(18):
        assert _poll(client, ours, state).status_code == 200


# --- The admin --------------------------------------------------------------------------------


def test_the_admin_lists_messages_without_their_text_and_never_deletes_them(ours, org_admin):
    message = _post(ours, ours.parent)
    withdrawn = _post(ours, ours.parent, "Verkeerd gesprek")
    services.message_withdraw(message=withdrawn, by=ours.parent)
    client = client_for(org_admin)
    listing = client.get(reverse("admin:messaging_message_changelist")).content.decode()
    assert listing.count(ours.child.first_name) >= 2
    assert FROM_PARENT not in listing
    assert FROM_PARENT in client.get(reverse("admin:messaging_message_change", args=[message.pk])).content.decode()
    hidden = client.get(reverse("admin:messaging_message_change", args=[withdrawn.pk])).content.decode()
    assert "Verkeerd gesprek" not in hidden
    assert client.get(reverse("admin:messaging_message_delete", args=[message.pk])).status_code == 403
    assert client.get(reverse("admin:messaging_message_add")).status_code == 403
