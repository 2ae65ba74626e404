"""The family pages: a parent's children, one child."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from contacts.models import Topic
from tests.activities.factories import (
    ActivityTranslationFactory,
    GroupThemeFactory,
    HomeActivityFactory,
    ThemeWordFactory,
    WordTranslationFactory,
)
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
    GuardianFactory,
    HomeLanguageFactory,
    PlacementFactory,
    StaffAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _child_page(user, child, *, language: str | None = None):
    client = client_for(user)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse("families:child_detail", args=[child.pk]))


@pytest.fixture
def co_parent(ours):
    """A second guardian of our family, with contact details."""
    return GuardianFactory(
        family=ours.family,
        user=None,
        first_name="Tweede",
        email="tweede.ouder@example.test",
        phone="06-12345678",
    )


# --- A parent's home -----------------------------------------------------------------


def test_parent_home_requires_login(db):
    response = client_for(None).get(reverse("families:parent_home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_parent_home_shows_the_parents_children_with_group_and_mentor(ours, theirs):
    response = client_for(ours.parent).get(reverse("families:parent_home"))

    assert response.status_code == 200
    content = response.content.decode()
    assert ours.child.first_name in content
    assert ours.group.name in content
    assert ours.location.name in content
    assert ours.professional.get_full_name() in content
    assert reverse("families:child_detail", args=[ours.child.pk]) in content


def test_parent_home_hides_other_families_children(ours, theirs):
    content = client_for(ours.parent).get(reverse("families:parent_home")).content.decode()

    assert theirs.child.first_name not in content
    assert str(theirs.child.pk) not in content
    assert theirs.group.name not in content


def test_parent_home_shows_every_child_of_the_family_once(ours):
    sibling = ChildFactory(family=ours.family, first_name="Broertje")
    GuardianFactory(family=ours.family, user=None, email="")

    response = client_for(ours.parent).get(reverse("families:parent_home"))

    children = list(response.context["children"])
    assert len(children) == 2
    assert set(children) == {ours.child, sibling}


def test_parent_home_shows_a_child_without_a_placement(ours):
    ChildFactory(family=ours.family, first_name="Baby")
    content = client_for(ours.parent).get(reverse("families:parent_home")).content.decode()
    assert "Baby" in content


def test_parent_home_refuses_staff_who_are_no_parent(ours):
    response = client_for(ours.professional).get(reverse("families:parent_home"))
    assert response.status_code == 403
    assert ours.child.first_name not in response.content.decode()


# --- One child ----------------------------------------------------------------------------


def test_child_page_shows_the_child_group_and_mentor(ours):
    response = _child_page(ours.parent, ours.child)

    assert response.status_code == 200
    content = response.content.decode()
    assert ours.child.full_name in content
    assert ours.group.name in content
    assert ours.professional.get_full_name() in content


@pytest.mark.parametrize("role", ["professional", "manager"])
def test_child_page_shows_guardians_contact_details_to_staff(ours, co_parent, role):
    response = _child_page(getattr(ours, role), ours.child)

    content = response.content.decode()
    assert response.context["as_staff"]
    assert "Tweede" in content
    assert "tel:06-12345678" in content
    assert "tweede.ouder@example.test" in content
    assert ours.parent.email in content


def test_child_page_shows_guardians_contact_details_to_the_admin(ours, co_parent, org_admin):
    content = _child_page(org_admin, ours.child).content.decode()
    assert "06-12345678" in content
    assert "tweede.ouder@example.test" in content


def test_child_page_shows_a_parent_the_guardians_but_not_their_contact_details(ours, co_parent):
    response = _child_page(ours.parent, ours.child)

    content = response.content.decode()
    assert not response.context["as_staff"]
    assert "Tweede" in content
    assert "06-12345678" not in content
    assert "tweede.ouder@example.test" not in content


def test_child_page_shows_home_languages_to_staff_only(ours):
    HomeLanguageFactory(family=ours.family, language="ar")

    staff = _child_page(ours.professional, ours.child, language="en").content.decode()
    parent = _child_page(ours.parent, ours.child, language="en").content.decode()

    assert "Home languages" in staff
    assert "Home languages" not in parent


def test_child_page_links_a_parent_to_the_siblings(ours):
    sibling = ChildFactory(family=ours.family, first_name="Zusje")
    content = _child_page(ours.parent, ours.child).content.decode()
    assert "Zusje" in content
    assert reverse("families:child_detail", args=[sibling.pk]) in content


def test_child_page_shows_staff_only_the_siblings_they_may_see(ours):
    ChildFactory(family=ours.family, first_name="Thuisblijver")
    content = _child_page(ours.professional, ours.child).content.decode()
    assert "Thuisblijver" not in content


def test_child_page_links_staff_to_the_group_but_not_parents(ours):
    group_url = reverse("groups:group_detail", args=[ours.group.pk])
    assert group_url in _child_page(ours.professional, ours.child).content.decode()
    assert group_url not in _child_page(ours.parent, ours.child).content.decode()


def test_child_page_of_a_child_whose_placement_ended_answers_404_to_the_professional(ours):
    left = ChildFactory()
    PlacementFactory(child=left, group=ours.group, ended=True)
    assert _child_page(ours.professional, left).status_code == 404
    assert _child_page(ours.manager, left).status_code == 200


def test_child_page_of_another_family_answers_404_without_leaking_the_name(ours, theirs):
    response = _child_page(ours.parent, theirs.child)
    assert response.status_code == 404
    assert theirs.child.first_name not in response.content.decode()


def test_a_professional_who_is_also_a_parent_gets_no_staff_view_of_their_own_child(ours, theirs):
    GuardianFactory(user=ours.professional, family=theirs.family, phone="")
    GuardianFactory(family=theirs.family, user=None, email="", phone="06-99999999")

    response = _child_page(ours.professional, theirs.child)

    assert response.status_code == 200
    assert not response.context["as_staff"]
    assert "06-99999999" not in response.content.decode()


# --- Query counts do not grow with the number of rows -------------------------------------

# Session, user, the user's assignments and guardianships (the access scope), the unread
# notifications and unread messages in the navigation, then the page's own: five for the parent's
# home (children with their agreements and latest summary, placements, upcoming bookings,
# unanswered consents, unread announcements); for the
# child page the child, placements, two access checks (staff, may write), guardians, home languages
# and siblings, then one or two per section (intake, home visits, consents, the parents' profile
# changes) and six for contact (the due date with the routine, timeline and its topics, open
# agreements, open requests, the next booking) and the latest messages with who read them.
# The parent home: 11 for the children and their contact, 3 for this week's home activities
# and 5 for the current theme's words (1 when no group works in a theme).
MAX_PARENT_HOME_QUERIES = 19
MAX_CHILD_PAGE_QUERIES = 26
SIZES = [pytest.param(3, id="3-of-each"), pytest.param(30, id="30-of-each")]


@pytest.mark.parametrize("size", SIZES)
def test_parent_home_needs_a_fixed_number_of_queries(ours, size, django_assert_max_num_queries):
    for _ in range(size):
        child = ChildFactory(family=ours.family)
        group = GroupFactory(location=ours.location)
        PlacementFactory(child=child, group=group, mentor=UserFactory())
        PlacementFactory(child=child, group=ours.group, start_date=timezone.localdate() + datetime.timedelta(days=9))
        moment = ContactMomentFactory(child=child, shared_summary="Fijne week", summary_shared=True)
        AgreementFactory(contact_moment=moment)
        BookingFactory(child=child, slot=ConversationSlotFactory(mentor=ours.professional))
        theme = GroupThemeFactory(group=group).theme
        WordTranslationFactory(word=ThemeWordFactory(theme=theme))
        HomeActivityFactory(group=ours.group, activity=ActivityTranslationFactory().activity)
    client = client_for(ours.parent)

    with django_assert_max_num_queries(MAX_PARENT_HOME_QUERIES):
        response = client.get(reverse("families:parent_home"))

    assert len(response.context["children"]) == size + 1
    assert len(response.context["home_activity_cards"]) == size
    assert len(response.context["theme_cards"]) == size


@pytest.mark.parametrize("size", SIZES)
def test_child_page_needs_a_fixed_number_of_queries(ours, size, django_assert_max_num_queries):
    for index in range(size):
        GuardianFactory(family=ours.family, user=UserFactory() if index % 2 else None, email=f"g{index}@example.test")
        HomeLanguageFactory(family=ours.family, language=f"x{index}")
        PlacementFactory(child=ChildFactory(family=ours.family), group=ours.group)
        group = GroupFactory(location=ours.location)
        StaffAssignmentFactory(user=ours.professional, group=group)
        PlacementFactory(child=ours.child, group=group, mentor=UserFactory())
        moment = ContactMomentFactory(child=ours.child, professional=UserFactory(), summary_shared=index % 2 == 0)
        moment.topics.set(Topic.objects.all()[: index % 4])
        AgreementFactory(contact_moment=moment, owner_professional=UserFactory())
        ConversationRequestFactory(child=ours.child, requested_by=ours.parent)
        BookingFactory(child=ours.child, slot=ConversationSlotFactory(mentor=ours.professional))
    ContactRoutineFactory(child=ours.child)
    client = client_for(ours.professional)

    with django_assert_max_num_queries(MAX_CHILD_PAGE_QUERIES):
        response = client.get(reverse("families:child_detail", args=[ours.child.pk]))

    assert len(response.context["siblings"]) == size
    assert len(response.context["child"].current_placements) == size + 1
    assert len(response.context["contact_timeline"]) == min(size, 20)
    assert len(response.context["contact_agreements"]) == size


@pytest.mark.parametrize("size", SIZES)
def test_child_page_for_a_parent_needs_a_fixed_number_of_queries(ours, size, django_assert_max_num_queries):
    guardian = ours.parent.guardianships.get()
    for _ in range(size):
        moment = ContactMomentFactory(
            child=ours.child, professional=UserFactory(), shared_summary="Fijn", summary_shared=True
        )
        AgreementFactory(contact_moment=moment, owner_professional=None, owner_guardian=guardian)
        ConversationRequestFactory(child=ours.child, requested_by=ours.parent)
    ContactRoutineFactory(child=ours.child)
    BookingFactory(child=ours.child, slot=ConversationSlotFactory(mentor=ours.professional))
    client = client_for(ours.parent)

    with django_assert_max_num_queries(MAX_CHILD_PAGE_QUERIES):
        response = client.get(reverse("families:child_detail", args=[ours.child.pk]))

    assert len(response.context["contact_agreements"]) == size
