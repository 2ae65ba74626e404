"""The staff pages: a professional's groups, a manager's locations, one group."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from groups.models import StaffAssignment
from tests.conftest import client_for
from tests.contacts.factories import (
    AgreementFactory,
    BookingFactory,
    ContactMomentFactory,
    ContactRoutineFactory,
    ConversationRequestFactory,
    ConversationSlotFactory,
)
from tests.factories import (
    ChildFactory,
    GroupFactory,
    PlacementFactory,
    StaffAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _ended_placement(group):
    return PlacementFactory(child=ChildFactory(first_name="Vertrokken"), group=group, ended=True)


# --- A professional's home ---------------------------------------------------------


def test_staff_home_requires_login(db):
    response = client_for(None).get(reverse("groups:staff_home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_staff_home_shows_the_professionals_groups_with_their_children(ours, theirs):
    response = client_for(ours.professional).get(reverse("groups:staff_home"))

    assert response.status_code == 200
    content = response.content.decode()
    assert ours.group.name in content
    assert ours.child.full_name in content
    assert reverse("groups:group_detail", args=[ours.group.pk]) in content
    assert reverse("families:child_detail", args=[ours.child.pk]) in content


def test_staff_home_hides_other_groups_and_their_children(ours, theirs):
    content = client_for(ours.professional).get(reverse("groups:staff_home")).content.decode()

    assert theirs.group.name not in content
    assert theirs.child.first_name not in content
    assert str(theirs.child.pk) not in content


def test_staff_home_hides_another_group_of_the_same_location(ours):
    neighbour = GroupFactory(location=ours.location, name="Buurgroep")
    PlacementFactory(child=ChildFactory(first_name="Buurkind"), group=neighbour)

    content = client_for(ours.professional).get(reverse("groups:staff_home")).content.decode()

    assert "Buurgroep" not in content
    assert "Buurkind" not in content


def test_staff_home_lists_the_professionals_mentor_children(ours):
    colleague = UserFactory(first_name="Collega")
    StaffAssignmentFactory(user=colleague, group=ours.group)
    other = PlacementFactory(child=ChildFactory(first_name="Anderkind"), group=ours.group, mentor=colleague)

    response = client_for(ours.professional).get(reverse("groups:staff_home"))

    mentor_children = [placement.child for placement in response.context["mentor_placements"]]
    assert mentor_children == [ours.child]
    content = response.content.decode()
    assert 'id="mentor-heading"' in content
    assert other.child.full_name in content, "the whole group is listed too"
    assert "Collega" in content


def test_staff_home_shows_no_mentor_section_without_mentor_children(ours):
    colleague = UserFactory()
    StaffAssignmentFactory(user=colleague, group=ours.group)

    response = client_for(colleague).get(reverse("groups:staff_home"))

    assert response.context["mentor_placements"] == []
    assert 'id="mentor-heading"' not in response.content.decode()
    assert ours.child.full_name in response.content.decode()


def test_staff_home_leaves_out_children_whose_placement_ended(ours):
    _ended_placement(ours.group)
    content = client_for(ours.professional).get(reverse("groups:staff_home")).content.decode()
    assert "Vertrokken" not in content


def test_staff_home_leaves_out_inactive_groups(ours):
    ours.group.is_active = False
    ours.group.save()
    content = client_for(ours.professional).get(reverse("groups:staff_home")).content.decode()
    assert ours.child.full_name not in content


def test_staff_home_refuses_a_parent(ours, theirs):
    response = client_for(ours.parent).get(reverse("groups:staff_home"))
    assert response.status_code == 403
    assert ours.group.name not in response.content.decode()


def test_staff_home_of_a_professional_for_a_whole_location_shows_all_its_groups(ours, theirs):
    flex = UserFactory()
    StaffAssignmentFactory(user=flex, group=None, location=ours.location)
    neighbour = GroupFactory(location=ours.location, name="Buurgroep")

    content = client_for(flex).get(reverse("groups:staff_home")).content.decode()

    assert ours.group.name in content
    assert neighbour.name in content
    assert theirs.group.name not in content


# --- What the professional picks up on their home -----------------------------------------------


def _at_noon(days: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _home(user):
    return client_for(user, language="en").get(reverse("groups:staff_home"))


def test_staff_home_leads_with_the_mentor_children_whose_contact_is_due(ours, theirs, settings):
    settings.CONTACT_DEFAULT_EVERY_WEEKS = 6
    ContactMomentFactory(child=ours.child, professional=ours.professional, occurred_at=_at_noon(-1))
    late = PlacementFactory(child=ChildFactory(first_name="Laat"), group=ours.group, mentor=ours.professional)
    ContactMomentFactory(child=late.child, professional=ours.professional, occurred_at=_at_noon(-50))
    soon = PlacementFactory(child=ChildFactory(first_name="Bijna"), group=ours.group, mentor=ours.professional)
    ContactMomentFactory(child=soon.child, professional=ours.professional, occurred_at=_at_noon(-40))
    colleague = UserFactory()
    StaffAssignmentFactory(user=colleague, group=ours.group)
    PlacementFactory(child=ChildFactory(first_name="Collegakind"), group=ours.group, mentor=colleague)

    response = _home(ours.professional)

    due = response.context["contact_due"]
    assert [placement.child.first_name for placement in due] == ["Laat", "Bijna"]
    content = response.content.decode()
    assert (
        content.index('id="due-heading"')
        < content.index('id="bookings-heading"')
        < content.index(f'id="group-{ours.group.pk}"')
    )
    section = content[content.index('id="due-heading"') : content.index('id="bookings-heading"')]
    assert "8 days overdue" in section
    assert "due this week" in section
    assert "Collegakind" not in section
    quick_log = reverse("contacts:quick_log", args=[late.child.pk])
    assert f'hx-get="{quick_log}" hx-target="#quick-log-{late.child.pk}"' in section
    assert f'href="{quick_log}?next={reverse("groups:staff_home")}"' in section
    assert reverse("families:child_detail", args=[late.child.pk]) in section


def test_staff_home_says_so_when_no_contact_is_due(ours):
    ContactMomentFactory(child=ours.child, professional=ours.professional, occurred_at=_at_noon(-1))

    response = _home(ours.professional)

    assert response.context["contact_due"] == []
    assert "No contact with the parents of your mentor children is due this week." in response.content.decode()


def test_staff_home_lists_open_agreements_the_professionals_own_first_with_a_done_button(ours, theirs):
    colleague = UserFactory(first_name="Collega", last_name="Jansen")
    moment = ContactMomentFactory(child=ours.child, professional=colleague)
    AgreementFactory(contact_moment=moment, owner_professional=colleague, description="Boekje meegeven")
    mine = AgreementFactory(
        contact_moment=moment,
        owner_professional=ours.professional,
        description="Logopedie navragen",
        due_on=timezone.localdate() - datetime.timedelta(days=2),
    )
    AgreementFactory(contact_moment=moment, description="Al gedaan", done_at=timezone.now())
    AgreementFactory(contact_moment=ContactMomentFactory(child=theirs.child), description="Hun afspraak")

    response = _home(ours.professional)

    assert [agreement.description for agreement in response.context["agreements"]] == [
        "Logopedie navragen",
        "Boekje meegeven",
    ]
    content = response.content.decode()
    section = content[content.index('id="agreements-heading"') :]
    assert "Collega Jansen" in section
    assert "overdue" in section[: section.index("Boekje meegeven")]
    assert f'formaction="{reverse("contacts:agreement_done", args=[mine.pk])}"' in section
    assert "Al gedaan" not in content
    assert "Hun afspraak" not in content


def test_staff_home_lists_parents_asking_for_a_conversation_with_a_handled_button(ours, theirs):
    asked = ConversationRequestFactory(child=ours.child, reason="Over het slapen")
    ConversationRequestFactory(child=ours.child, reason="Al besproken", handled_at=timezone.now())
    ConversationRequestFactory(child=theirs.child, reason="Hun vraag")

    content = _home(ours.professional).content.decode()

    section = content[content.index('id="requests-heading"') :]
    assert "Over het slapen" in section
    assert ours.child.full_name in section
    assert f'formaction="{reverse("contacts:request_handled", args=[asked.pk])}"' in section
    assert "Al besproken" not in content
    assert "Hun vraag" not in content


def test_staff_home_lists_the_conversations_booked_in_the_next_two_weeks(ours):
    starts_at = timezone.localtime(timezone.now() + datetime.timedelta(days=3)).replace(
        hour=19, minute=15, second=0, microsecond=0
    )
    slot = ConversationSlotFactory(
        mentor=ours.professional, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(minutes=15)
    )
    BookingFactory(slot=slot, child=ours.child)
    far = ConversationSlotFactory(mentor=ours.professional, starts_at=starts_at + datetime.timedelta(days=20))
    BookingFactory(slot=far, child=ChildFactory(first_name="Verweg"))

    response = _home(ours.professional)

    assert [booking.slot for booking in response.context["bookings"]] == [slot]
    content = response.content.decode()
    section = content[content.index('id="bookings-heading"') :]
    assert "19:15" in section
    assert ours.child.full_name in section
    assert reverse("contacts:slot_list") in section
    assert "Verweg" not in content


def test_staff_home_hides_the_empty_agreement_and_request_sections(ours):
    content = _home(ours.professional).content.decode()

    assert 'id="agreements-heading"' not in content
    assert 'id="requests-heading"' not in content
    assert "No conversations booked in the coming two weeks." in content


# --- A manager's home ------------------------------------------------------------------


def _counts(response) -> dict[str, int]:
    return {
        group.name: group.children_count
        for location in response.context["locations"]
        for group in location.active_groups
    }


def test_manager_home_shows_the_managers_locations_with_child_counts_per_group(ours, theirs):
    second = GroupFactory(location=ours.location, name="Tweede groep")
    for _ in range(3):
        PlacementFactory(group=second)
    GroupFactory(location=ours.location, name="Lege groep")
    _ended_placement(ours.group)

    response = client_for(ours.manager).get(reverse("groups:manager_home"))

    assert response.status_code == 200
    assert _counts(response) == {ours.group.name: 1, "Tweede groep": 3, "Lege groep": 0}
    content = response.content.decode()
    assert ours.location.name in content
    assert '<td class="text-end">3</td>' in content
    assert reverse("groups:group_detail", args=[second.pk]) in content


def test_manager_home_counts_a_child_placed_twice_in_a_group_once(ours):
    PlacementFactory(child=ours.child, group=ours.group, start_date=timezone.localdate() + datetime.timedelta(days=30))
    response = client_for(ours.manager).get(reverse("groups:manager_home"))
    assert _counts(response)[ours.group.name] == 1


def test_manager_home_hides_other_locations(ours, theirs):
    content = client_for(ours.manager).get(reverse("groups:manager_home")).content.decode()
    assert theirs.location.name not in content
    assert theirs.group.name not in content


def test_manager_home_shows_the_admin_every_location(ours, theirs, org_admin):
    response = client_for(org_admin).get(reverse("groups:manager_home"))

    assert _counts(response) == {ours.group.name: 1, theirs.group.name: 1}
    content = response.content.decode()
    assert ours.location.name in content
    assert theirs.location.name in content


def test_manager_home_refuses_a_professional(ours):
    response = client_for(ours.professional).get(reverse("groups:manager_home"))
    assert response.status_code == 403
    assert ours.location.name not in response.content.decode()


# --- One group ---------------------------------------------------------------------------


def test_group_page_lists_the_children_and_their_mentor(ours):
    response = client_for(ours.professional).get(reverse("groups:group_detail", args=[ours.group.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    assert ours.group.name in content
    assert ours.location.name in content
    assert ours.child.full_name in content
    assert ours.professional.get_full_name() in content
    assert reverse("families:child_detail", args=[ours.child.pk]) in content


def test_group_page_marks_a_child_without_a_mentor(ours):
    PlacementFactory(child=ChildFactory(first_name="Zondermentor"), group=ours.group, mentor=None)
    client = client_for(ours.manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    content = client.get(reverse("groups:group_detail", args=[ours.group.pk])).content.decode()

    assert "Zondermentor" in content
    assert "no mentor" in content


def test_group_page_leaves_out_children_whose_placement_ended(ours):
    _ended_placement(ours.group)
    content = client_for(ours.manager).get(reverse("groups:group_detail", args=[ours.group.pk])).content.decode()
    assert "Vertrokken" not in content


def test_group_page_of_another_location_answers_404_to_its_manager(ours, theirs):
    response = client_for(theirs.manager).get(reverse("groups:group_detail", args=[ours.group.pk]))
    assert response.status_code == 404
    assert ours.child.first_name not in response.content.decode()


def test_group_page_of_an_unknown_group_answers_404(org_admin):
    assert client_for(org_admin).get(reverse("groups:group_detail", args=[999999])).status_code == 404


# --- Query counts do not grow with the number of rows ---------------------------------------

# Session, user, the user's assignments and guardianships (the access scope), the unread
# notifications and unread messages in the navigation, then the page's own: two on the manager home; three on the
# group page (the group, its children with their contact status, which of them the user may
# log contact for); seven on the staff home (groups, their children, the parents' unseen
# profile changes, contact due, open agreements, parents' requests, booked conversations).
MAX_QUERIES = 7
GROUP_PAGE_QUERIES = 9
STAFF_HOME_QUERIES = 13
SIZES = [pytest.param(10, id="10-children-per-group"), pytest.param(100, id="100-children-per-group")]


def _fill(ours, children_per_group: int, groups: int = 3) -> None:
    """Several groups at our location, each with children and mentors, the professional in all;
    contacts, routines, agreements, parents' requests and booked conversations in the mix."""
    mentor = UserFactory()
    for index in range(groups):
        group = ours.group if index == 0 else GroupFactory(location=ours.location)
        if index:
            StaffAssignmentFactory(user=ours.professional, group=group)
            StaffAssignmentFactory(user=mentor, group=group)
        for child_index in range(children_per_group):
            placement = PlacementFactory(group=group, mentor=ours.professional if child_index % 2 else mentor)
            _contact_history(placement.child, ours.professional, child_index)
        _ended_placement(group)


def _contact_history(child, professional, number: int) -> None:
    if number % 3 == 0:
        return
    moment = ContactMomentFactory(
        child=child, professional=professional, occurred_at=timezone.now() - datetime.timedelta(days=number)
    )
    if number % 2:
        ContactRoutineFactory(child=child, every_weeks=1 + number % 12)
        AgreementFactory(contact_moment=moment, owner_professional=professional)
    if number % 4 == 1:
        ConversationRequestFactory(child=child)
    if number % 5 == 1:
        starts_at = timezone.now() + datetime.timedelta(days=1 + number % 10, minutes=number)
        slot = ConversationSlotFactory(
            mentor=professional, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(minutes=10)
        )
        BookingFactory(slot=slot, child=child)


@pytest.mark.parametrize("children_per_group", SIZES)
def test_staff_home_needs_a_fixed_number_of_queries(ours, children_per_group, django_assert_max_num_queries):
    _fill(ours, children_per_group)
    client = client_for(ours.professional)

    with django_assert_max_num_queries(STAFF_HOME_QUERIES):
        response = client.get(reverse("groups:staff_home"))

    assert len(response.context["mentor_placements"]) == 3 * (children_per_group // 2) + 1
    assert response.context["contact_due"] and response.context["agreements"]
    assert response.context["requests"] and response.context["bookings"]


@pytest.mark.parametrize("children_per_group", SIZES)
def test_manager_home_needs_a_fixed_number_of_queries(ours, theirs, children_per_group, django_assert_max_num_queries):
    _fill(ours, children_per_group)
    _fill(theirs, children_per_group)
    StaffAssignmentFactory(
        user=ours.manager, role=StaffAssignment.Role.LOCATION_MANAGER, group=None, location=theirs.location
    )
    client = client_for(ours.manager)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("groups:manager_home"))

    assert sum(_counts(response).values()) == 2 * 3 * children_per_group + 2


@pytest.mark.parametrize("children_per_group", SIZES)
def test_group_page_needs_a_fixed_number_of_queries(ours, children_per_group, django_assert_max_num_queries):
    _fill(ours, children_per_group, groups=1)
    client = client_for(ours.professional)

    with django_assert_max_num_queries(GROUP_PAGE_QUERIES):
        response = client.get(reverse("groups:group_detail", args=[ours.group.pk]))

    assert len(response.context["placements"]) == children_per_group + 1
