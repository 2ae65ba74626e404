"""The family pages: a parent's children, one child."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from contacts.models import Topic
from families.models import Consent, FamilyProfileChange, HomeVisit, Intake
from families.services.consents import consent_decide
from messaging.services.conversations import message_post
from tests.activities.factories import (
    ActivityTranslationFactory,
    GroupThemeFactory,
    HomeActivityFactory,
    ThemeTranslationFactory,
    ThemeWordFactory,
    WordTranslationFactory,
)
from tests.conftest import client_for, english_client_for
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


def test_child_page_lists_siblings_guardians_and_agreements_in_order(ours):
    """The view puts them in order itself (not the database): by name, and by due date."""
    for first_name in ("Zusje", "anna", "Bram"):
        PlacementFactory(child=ChildFactory(family=ours.family, first_name=first_name), group=ours.group)
    GuardianFactory(family=ours.family, first_name="Xandra", last_name="Aalders")
    moment = ContactMomentFactory(child=ours.child, professional=ours.professional)
    today = timezone.localdate()
    for days, description in ((9, "Later"), (2, "Eerst"), (5, "Daarna")):
        AgreementFactory(contact_moment=moment, description=description, due_on=today + datetime.timedelta(days=days))
    response = _child_page(ours.professional, ours.child)
    assert [sibling.first_name for sibling in response.context["siblings"]] == ["anna", "Bram", "Zusje"]
    assert response.context["guardians"][0].first_name == "Xandra"
    agreements = [agreement.description for agreement in response.context["contact_agreements"]]
    assert agreements == ["Eerst", "Daarna", "Later"]
    content = response.content.decode()
    assert content.index("Eerst") < content.index("Daarna") < content.index("Later")


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


def test_child_page_of_a_child_out_of_reach_answers_404_though_a_sibling_is_in_reach(ours):
    at_home = ChildFactory(family=ours.family, first_name="Thuisblijver")
    assert _child_page(ours.professional, at_home).status_code == 404
    assert _child_page(ours.parent, at_home).status_code == 200


def test_child_page_of_an_unknown_child_answers_404(ours):
    url = reverse("families:child_detail", args=["00000000-0000-0000-0000-000000000000"])
    assert client_for(ours.parent).get(url).status_code == 404


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


def test_the_child_page_and_the_parent_home_show_the_unread_messages_in_the_navigation(ours):
    sibling = ChildFactory(family=ours.family)
    PlacementFactory(child=sibling, group=ours.group)
    for child, by in [(ours.child, ours.parent), (sibling, ours.parent), (ours.child, ours.professional)]:
        message_post(child=child, by=by, body="Hallo")
    navigation = '>{}<span class="visually-hidden"> unread messages</span></span></a>'
    messages_heading = '>{}<span class="visually-hidden"> unread messages</span></span></h2>'

    staff = english_client_for(ours.professional).get(reverse("families:child_detail", args=[ours.child.pk]))
    parent = english_client_for(ours.parent).get(reverse("families:child_detail", args=[ours.child.pk]))
    home = english_client_for(ours.parent).get(reverse("families:parent_home"))

    assert navigation.format(2) in staff.content.decode()
    assert messages_heading.format(1) in staff.content.decode()
    assert navigation.format(1) in parent.content.decode()
    assert messages_heading.format(1) in parent.content.decode()
    assert navigation.format(1) in home.content.decode()


# --- Query counts do not grow with the number of rows -------------------------------------

# Session, user, the user's assignments and guardianships (the access scope, one query) and
# the unread notifications in the navigation; the unread messages (and on the child page the
# notifications) come along with the page's own queries.
# The parent's home: the children (with their agreements, latest summary, next booking,
# unanswered consents and unread messages), their placements, the unread announcements, 5 for
# this week's home activities (the parent's placements and languages among them, read once for
# both cards) and 2 for the current theme's words (3 in a language other than Dutch, 1 when no
# group works in a theme).
# The child page: the family's children the user sees (with the access answers, the routine,
# the next booking, the unread messages and, for staff, the intake, the contact due date and
# the audit trail's link), placements, guardians, home visits, consents and the latest
# messages; for contact the timeline and its topics (staff) or the shared summaries (parents),
# open agreements and requests; for staff also the parents' profile changes and home languages.
MAX_PARENT_HOME_QUERIES = {"nl": 14, "ar": 15}
MAX_CHILD_PAGE_QUERIES = {"professional": 15, "manager": 15, "admin": 15, "parent": 12}
SIZES = [pytest.param(3, id="3-of-each"), pytest.param(30, id="30-of-each")]


@pytest.mark.parametrize("language", ["nl", "ar"])
@pytest.mark.parametrize("size", SIZES)
def test_parent_home_needs_a_fixed_number_of_queries(ours, size, language, django_assert_max_num_queries):
    """In Dutch, and in a language the themes, words and activities are translated into."""
    ours.parent.guardianships.update(preferred_language=language)
    for _ in range(size):
        child = ChildFactory(family=ours.family)
        group = GroupFactory(location=ours.location)
        PlacementFactory(child=child, group=group, mentor=UserFactory())
        PlacementFactory(child=child, group=ours.group, start_date=timezone.localdate() + datetime.timedelta(days=9))
        moment = ContactMomentFactory(child=child, shared_summary="Fijne week", summary_shared=True)
        AgreementFactory(contact_moment=moment)
        BookingFactory(child=child, slot=ConversationSlotFactory(mentor=ours.professional))
        theme = GroupThemeFactory(group=group).theme
        ThemeTranslationFactory(theme=theme)
        WordTranslationFactory(word=ThemeWordFactory(theme=theme))
        HomeActivityFactory(group=ours.group, activity=ActivityTranslationFactory().activity)
    client = client_for(ours.parent)

    with django_assert_max_num_queries(MAX_PARENT_HOME_QUERIES[language]):
        response = client.get(reverse("families:parent_home"))

    assert len(response.context["children"]) == size + 1
    assert sum(hasattr(child, "next_booking") for child in response.context["children"]) == size
    assert len(response.context["home_activity_cards"]) == size
    assert len(response.context["theme_cards"]) == size
    translated = language != "nl"
    assert all(bool(card.theme_translated) == translated for card in response.context["theme_cards"])
    assert all(bool(card.words[0].translation) == translated for card in response.context["theme_cards"])


def _fill_the_child_page(side, size: int) -> None:
    """`size` of everything the child page shows, for staff and for the parents."""
    guardian = side.parent.guardianships.get()
    today = timezone.localdate()
    for index in range(size):
        GuardianFactory(family=side.family, user=UserFactory() if index % 2 else None, email=f"g{index}@example.test")
        HomeLanguageFactory(family=side.family, language=f"x{index}")
        PlacementFactory(child=ChildFactory(family=side.family), group=side.group)
        group = GroupFactory(location=side.location)
        StaffAssignmentFactory(user=side.professional, group=group)
        PlacementFactory(child=side.child, group=group, mentor=UserFactory())
        moment = ContactMomentFactory(
            child=side.child, professional=UserFactory(), shared_summary="Fijn", summary_shared=index % 2 == 0
        )
        moment.topics.set(Topic.objects.all()[: index % 4])
        if index % 2:
            AgreementFactory(contact_moment=moment, owner_professional=UserFactory())
        else:
            AgreementFactory(contact_moment=moment, owner_professional=None, owner_guardian=guardian)
        ConversationRequestFactory(child=side.child, requested_by=side.parent)
        BookingFactory(child=side.child, slot=ConversationSlotFactory(mentor=side.professional))
        HomeVisit.objects.create(
            child=side.child,
            professional=UserFactory(),
            planned_for=timezone.now() - datetime.timedelta(days=index + 1),
            status=HomeVisit.Status.DONE,
            summary_for_parents="Samenvatting",
            summary_shared=True,
        )
        consent_decide(
            child=side.child, kind=Consent.Kind.GROUP_PHOTOS, given=index % 2 == 0, user=side.parent, guardian=guardian
        )
        FamilyProfileChange.objects.create(family=side.family, changed_by=side.parent, changes={"Telefoon": ["1", "2"]})
        message_post(child=side.child, by=side.parent if index % 2 else side.professional, body=f"Bericht {index}")
    ContactRoutineFactory(child=side.child)
    Intake.objects.create(child=side.child, held_by=side.professional, held_on=today)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("role", ["professional", "manager", "admin", "parent"])
def test_child_page_needs_a_fixed_number_of_queries(ours, role, size, request, django_assert_max_num_queries):
    _fill_the_child_page(ours, size)
    user = request.getfixturevalue("org_admin") if role == "admin" else getattr(ours, role)
    client = client_for(user)

    with django_assert_max_num_queries(MAX_CHILD_PAGE_QUERIES[role]):
        response = client.get(reverse("families:child_detail", args=[ours.child.pk]))

    assert len(response.context["siblings"]) == size
    assert len(response.context["child"].current_placements) == size + 1
    assert len(response.context["contact_agreements"]) == (size if role != "parent" else (size + 1) // 2)
    assert len(response.context["home_visits"]) == size
    assert response.context["contact_next_booking"] is not None
    assert len(response.context["conversation_latest"]) == 3
    if role == "parent":
        assert len(response.context["contact_summaries"]) == min((size + 1) // 2, 10)
    else:
        assert len(response.context["contact_timeline"]) == min(size, 20)
        assert len(response.context["profile_changes"]) == min(size, 10)
        assert response.context["intake"] is not None
