"""Unread counts (the navigation, the inbox, the child page), read marks and "read by",
and the inbox's query count for 10 and 200 conversations."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from messaging.models import Message, ReadMark
from messaging.selectors import conversation_for, inbox_children, inbox_rows, unread_count
from messaging.services import conversations as services
from notifications.models import Notification
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

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _post(side, by, body: str = "Hallo") -> Message:
    return services.message_post(child=side.child, by=by, body=body)


def _ago(**delta) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


def _fresh(user: User) -> User:
    """The same user without the answers cached on the object (as in a new request)."""
    return User.objects.get(pk=user.pk)


# --- Counting ---------------------------------------------------------------------------


def test_messages_of_the_other_side_count_as_unread_until_the_conversation_is_opened(ours):
    _post(ours, ours.parent, "Een")
    _post(ours, ours.parent, "Twee")
    _post(ours, ours.professional, "Antwoord")
    assert unread_count(_fresh(ours.professional)) == 2
    assert unread_count(_fresh(ours.parent)) == 1
    client_for(ours.professional).get(reverse("messaging:conversation", args=[ours.child.pk]))
    assert unread_count(_fresh(ours.professional)) == 0
    assert unread_count(_fresh(ours.parent)) == 1


def test_withdrawn_and_own_messages_are_not_unread(ours):
    message = _post(ours, ours.parent)
    services.message_withdraw(message=message, by=ours.parent)
    assert unread_count(_fresh(ours.professional)) == 0
    assert unread_count(_fresh(ours.parent)) == 0


def test_the_other_parents_message_is_not_unread_for_a_parent(ours):
    other_parent = GuardianFactory(family=ours.family).user
    _post(ours, other_parent)
    assert unread_count(_fresh(ours.parent)) == 0
    assert unread_count(_fresh(ours.professional)) == 1


def test_managers_admins_and_other_groups_have_no_unread_messages(ours, theirs, org_admin, outsider):
    _post(ours, ours.parent)
    for user in (ours.manager, org_admin, outsider, theirs.professional, theirs.parent):
        assert unread_count(_fresh(user)) == 0


def test_a_guardian_whose_placement_ended_has_no_unread_messages(ours):
    _post(ours, ours.professional)
    assert unread_count(_fresh(ours.parent)) == 1
    ours.child.placements.update(end_date=timezone.localdate() - datetime.timedelta(days=1))
    assert unread_count(_fresh(ours.parent)) == 0


def test_the_unread_count_is_one_query(ours, theirs):
    _post(ours, ours.parent)
    _post(theirs, theirs.parent)
    user = _fresh(ours.professional)
    unread_count(user)  # the user's standing assignments, read once per request
    with CaptureQueriesContext(connection) as queries:
        assert unread_count(user) == 1
    assert len(queries) == 1


# --- Read marks ----------------------------------------------------------------------------


def test_a_read_mark_only_moves_forward(ours):
    later, earlier = _ago(minutes=1), _ago(minutes=10)
    services.conversation_read(child=ours.child, user=ours.parent, up_to=later)
    services.conversation_read(child=ours.child, user=ours.parent, up_to=earlier)
    assert ReadMark.objects.get().read_up_to == later
    services.conversation_read(child=ours.child, user=ours.parent, up_to=timezone.now())
    assert ReadMark.objects.get().read_up_to > later
    assert ReadMark.objects.count() == 1


def test_opening_the_conversation_marks_its_notifications_read(ours):
    _post(ours, ours.parent)
    assert Notification.objects.filter(recipient=ours.professional, read_at__isnull=True).exists()
    client_for(ours.professional).get(reverse("messaging:conversation", args=[ours.child.pk]))
    assert not Notification.objects.filter(recipient=ours.professional, read_at__isnull=True).exists()


def test_read_by_names_the_other_side_with_role_and_time(ours):
    colleague = UserFactory(first_name="Karin")
    StaffAssignmentFactory(user=colleague, group=ours.group)
    question = _post(ours, ours.parent)
    answer = _post(ours, ours.professional, "Antwoord")
    services.conversation_read(child=ours.child, user=colleague, up_to=_ago(seconds=-1))
    services.conversation_read(child=ours.child, user=ours.professional, up_to=timezone.now())
    services.conversation_read(child=ours.child, user=ours.parent, up_to=timezone.now())

    for_parent = conversation_for(_fresh(ours.parent), ours.child)
    readers = for_parent.readers_of(question)
    assert [(reader.name, str(reader.role)) for reader in readers] == [
        (ours.professional.first_name, "mentor"),
        ("Karin", "professional"),
    ]
    for_staff = conversation_for(_fresh(ours.professional), ours.child)
    assert [(reader.name, str(reader.role)) for reader in for_staff.readers_of(answer)] == [
        (ours.parent.first_name, "parent")
    ]
    # Staff's own read marks do not count as reading staff's message.
    assert "Karin" not in [reader.name for reader in for_staff.readers_of(answer)]


def test_the_writer_sees_read_by_on_the_page(ours):
    _post(ours, ours.parent)
    client_for(ours.professional).get(reverse("messaging:conversation", args=[ours.child.pk]))
    content = client_for(ours.parent).get(reverse("messaging:conversation", args=[ours.child.pk])).content.decode()
    assert f"Read by {ours.professional.first_name} (mentor)" in " ".join(content.split())


def test_a_manager_reading_along_is_not_a_reader(ours):
    question = _post(ours, ours.parent)
    client_for(ours.manager).get(reverse("messaging:conversation", args=[ours.child.pk]))
    assert conversation_for(_fresh(ours.parent), ours.child).readers_of(question) == []
    assert services.may_edit(question, _fresh(ours.parent))


# --- The navigation and the child page ---------------------------------------------------------


def test_the_navigation_shows_the_unread_count_to_parents_and_professionals(ours):
    _post(ours, ours.parent)
    _post(ours, ours.parent)
    content = client_for(ours.professional).get(reverse("messaging:inbox")).content.decode()
    assert reverse("messaging:inbox") in content
    assert '>2<span class="visually-hidden"> unread messages</span>' in content
    parent_page = client_for(ours.parent).get(reverse("messaging:inbox")).content.decode()
    assert "unread messages</span>" not in parent_page


def test_the_navigation_count_costs_nothing_for_anonymous_visitors(client):
    response = client.get(reverse("account_login"))
    assert "unread_messages" not in response.context


def test_the_child_page_shows_the_latest_messages_with_a_link(ours):
    _post(ours, ours.parent, "Eerste bericht")
    _post(ours, ours.professional, "Laatste bericht")
    url = reverse("families:child_detail", args=[ours.child.pk])
    for user in (ours.parent, ours.professional, ours.manager):
        content = client_for(user).get(url).content.decode()
        assert "Laatste bericht" in content, user
        assert reverse("messaging:conversation", args=[ours.child.pk]) in content


def test_the_child_page_shows_no_conversation_once_a_parents_access_ended(ours):
    _post(ours, ours.professional, "Tot ziens!")
    ours.child.placements.update(end_date=timezone.localdate() - datetime.timedelta(days=1))
    response = client_for(ours.parent).get(reverse("families:child_detail", args=[ours.child.pk]))
    assert response.status_code == 200  # the grace period of the child's records
    assert "Tot ziens!" not in response.content.decode()


# --- The inbox ------------------------------------------------------------------------------


def test_the_inbox_lists_unread_conversations_first(ours):
    quiet = ChildFactory(first_name="Aaron")
    PlacementFactory(child=quiet, group=ours.group)
    services.message_post(child=quiet, by=ours.professional, body="Oud bericht")
    _post(ours, ours.parent, "Nieuw van de ouder")
    rows = inbox_rows(list(inbox_children(_fresh(ours.professional))))
    assert [row.child for row in rows][:2] == [ours.child, quiet]
    assert (rows[0].unread, rows[1].unread) == (1, 0)
    assert rows[0].professionals[0] == (ours.professional.get_full_name(), True)


def test_the_parents_inbox_holds_their_conversations_and_announcements(ours, theirs):
    _post(ours, ours.professional, "Hoi!")
    content = client_for(ours.parent).get(reverse("messaging:inbox")).content.decode()
    assert ours.child.first_name in content and "Hoi!" in content
    assert theirs.child.first_name not in content
    assert "(mentor)" in content


def test_the_inbox_filters_per_group(ours):
    other_group = GroupFactory(location=ours.location, name="Groep twee")
    StaffAssignmentFactory(user=ours.professional, group=other_group)
    other_child = ChildFactory(first_name="Zoë")
    PlacementFactory(child=other_child, group=other_group)
    client = client_for(ours.professional)
    everything = client.get(reverse("messaging:inbox")).content.decode()
    assert ours.child.full_name in everything and other_child.full_name in everything
    filtered = client.get(reverse("messaging:inbox"), {"group": other_group.pk}).content.decode()
    assert other_child.full_name in filtered and ours.child.full_name not in filtered


def test_a_managers_inbox_reads_the_locations_conversations_without_counts(ours, theirs):
    _post(ours, ours.parent)
    content = client_for(ours.manager).get(reverse("messaging:inbox")).content.decode()
    assert ours.child.full_name in content and theirs.child.full_name not in content
    assert "unread messages" not in content


def _conversations(side, count: int) -> None:
    family = FamilyFactory()
    GuardianFactory(family=family)
    now = timezone.now()
    for number in range(count):
        child = ChildFactory(family=family, first_name=f"Kind {number:03}")
        PlacementFactory(child=child, group=side.group, mentor=side.professional)
        Message.objects.create(
            child=child,
            author=side.professional if number % 2 else None,
            side="staff" if number % 2 else "parents",
            body=f"Bericht {number}",
            created_at=now - datetime.timedelta(minutes=number),
        )


@pytest.mark.parametrize("count", [10, 200])
def test_the_inbox_keeps_its_query_count(ours, count, django_assert_max_num_queries):
    _conversations(ours, count)
    for user in (ours.professional, ours.manager, ours.parent):
        client = client_for(user)
        with django_assert_max_num_queries(15):
            assert client.get(reverse("messaging:inbox")).status_code == 200
