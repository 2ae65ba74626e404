"""Staff keep the family's records: register, edit, invite; parents keep access for a grace period."""

import datetime
import re

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from families.models import Child, Family, Guardian, Placement
from tests.conftest import client_for as _client_for
from tests.factories import (
    ChildFactory,
    GroupFactory,
    GuardianFactory,
    PlacementFactory,
    StaffAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def client_for(user):
    """A client that reads the pages in English, so the assertions below stay readable."""
    client = _client_for(user)
    client.cookies["samenspel_language"] = "en"
    return client


def _register_data(ours, **changes) -> dict:
    data = {
        "family-name": "Yilmaz",
        "family-home_languages": ["tr", "nl"],
        "family-preferred_language": "tr",
        "family-interpreter_needed": "on",
        "family-phone": "06 12345678",
        "family-street": "",
        "family-postcode": "",
        "family-city": "",
        "family-external_id": "",
        "guardian1-first_name": "Ayşe",
        "guardian1-last_name": "Yilmaz",
        "guardian1-relationship": "mother",
        "guardian1-email": "ayse.yilmaz@example.test",
        "guardian1-phone": "06 11111111",
        "guardian1-preferred_language": "tr",
        "guardian2-first_name": "Mehmet",
        "guardian2-last_name": "Yilmaz",
        "guardian2-relationship": "father",
        "guardian2-email": "mehmet.yilmaz@example.test",
        "guardian2-phone": "",
        "guardian2-preferred_language": "tr",
        "child-first_name": "Elif",
        "child-last_name": "Yilmaz",
        "child-birth_date": (TODAY() - datetime.timedelta(days=900)).isoformat(),
        "child-external_id": "",
        "placement-group": ours.group.pk,
        "placement-start_date": TODAY().isoformat(),
        "placement-end_date": "",
        "placement-mentor": ours.professional.pk,
    }
    data.update(changes)
    return data


REGISTER = reverse("families:family_register")


# --- Registering a family -------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [("professional", 200), ("manager", 200), ("parent", 403)])
def test_who_may_open_the_registration(ours, role, status):
    assert client_for(getattr(ours, role)).get(REGISTER).status_code == status


def test_the_registration_asks_anonymous_visitors_to_log_in_and_refuses_users_without_a_role(ours, outsider, org_admin):
    assert client_for(None).get(REGISTER).status_code == 302
    assert client_for(outsider).get(REGISTER).status_code == 403
    assert client_for(org_admin).get(REGISTER).status_code == 200


def test_a_professional_registers_a_family_with_two_parents_and_a_placed_child(ours):
    response = client_for(ours.professional).post(REGISTER, _register_data(ours))

    child = Child.objects.get(first_name="Elif")
    assert response.status_code == 302
    assert response.url == reverse("families:child_detail", args=[child.pk])
    family = child.family
    assert family.created_by == ours.professional
    assert family.interpreter_needed
    assert set(family.home_languages.values_list("language", flat=True)) == {"tr", "nl"}
    assert set(family.guardians.values_list("first_name", flat=True)) == {"Ayşe", "Mehmet"}
    placement = child.placements.get()
    assert (placement.group, placement.mentor) == (ours.group, ours.professional)
    assert Child.objects.visible_to(ours.professional).filter(pk=child.pk).exists()


def test_the_second_parent_may_be_left_empty(ours):
    empty = {key: "" for key in _register_data(ours) if key.startswith("guardian2-")}
    response = client_for(ours.professional).post(REGISTER, _register_data(ours, **empty))

    assert response.status_code == 302
    assert Family.objects.get(name="Yilmaz").guardians.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"guardian1-email": "ayse@"}, "guardian1-email", "Enter a valid email address"),
        ({"child-birth_date": "2099-01-01"}, "child-birth_date", "cannot be in the future"),
        ({"child-birth_date": "01-01-2020x"}, "child-birth_date", "Enter a valid date"),
        ({"placement-end_date": "2000-01-01"}, "placement-end_date", "cannot be before the start date"),
        ({"guardian2-email": "ayse.yilmaz@example.test"}, "guardian2-email", "own email address"),
        ({"child-first_name": ""}, "child-first_name", "This field is required"),
    ],
)
def test_bad_input_is_answered_at_the_field_and_keeps_what_was_typed(ours, changes, field, message):
    data = _register_data(ours, **changes)

    response = client_for(ours.professional).post(REGISTER, data)

    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert 'value="Ayşe"' in content, "what the user typed stays in the form"
    assert not Family.objects.filter(name="Yilmaz").exists(), "nothing is saved"


def test_an_email_of_a_parent_of_another_family_is_refused(ours, theirs):
    data = _register_data(ours, **{"guardian1-email": theirs.parent.email})

    response = client_for(ours.professional).post(REGISTER, data)

    assert "already used by another parent" in response.content.decode()
    assert not Family.objects.filter(name="Yilmaz").exists()


def test_a_mentor_from_another_group_is_refused(ours):
    colleague = UserFactory()
    StaffAssignmentFactory(user=colleague, group=GroupFactory(location=ours.location))

    response = client_for(ours.professional).post(REGISTER, _register_data(ours, **{"placement-mentor": colleague.pk}))

    assert "must be a professional of the group" in response.content.decode()


def test_a_professional_cannot_place_a_child_in_a_group_that_is_not_theirs(ours, theirs):
    data = _register_data(ours, **{"placement-group": theirs.group.pk, "placement-mentor": theirs.professional.pk})

    response = client_for(ours.professional).post(REGISTER, data)

    assert response.status_code == 200
    assert response.context["placement_form"].errors["group"]
    assert not Family.objects.filter(name="Yilmaz").exists()


# --- Editing the records ---------------------------------------------------------------------


def _pages(side) -> dict[str, str]:
    guardian = side.family.guardians.first()
    placement = side.child.placements.first()
    return {
        "family_edit": reverse("families:family_edit", args=[side.family.pk]),
        "guardian_add": reverse("families:guardian_add", args=[side.family.pk]),
        "child_add": reverse("families:child_add", args=[side.family.pk]),
        "guardian_edit": reverse("families:guardian_edit", args=[guardian.pk]),
        "child_edit": reverse("families:child_edit", args=[side.child.pk]),
        "placement_add": reverse("families:placement_add", args=[side.child.pk]),
        "placement_edit": reverse("families:placement_edit", args=[placement.pk]),
    }


PAGES = ["family_edit", "guardian_add", "child_add", "guardian_edit", "child_edit", "placement_add", "placement_edit"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    ("role", "own", "foreign"),
    [
        ("professional", 200, 404),
        ("manager", 200, 404),
        ("parent", 403, 404),
        ("org_admin", 200, 200),
        ("outsider", 404, 404),
        ("anonymous", 302, 302),
    ],
)
def test_each_role_on_own_and_foreign_records(ours, theirs, org_admin, outsider, page, role, own, foreign):
    user = {"org_admin": org_admin, "outsider": outsider, "anonymous": None}.get(role) or getattr(ours, role, None)
    client = client_for(user)

    assert client.get(_pages(ours)[page]).status_code == own
    assert client.get(_pages(theirs)[page]).status_code == foreign


def test_staff_edit_the_family_and_its_home_languages(ours):
    url = reverse("families:family_edit", args=[ours.family.pk]) + f"?child={ours.child.pk}"
    data = {"name": "Nieuwe naam", "home_languages": ["pl", "nl"], "preferred_language": "pl"}

    response = client_for(ours.professional).post(url, {**data, "child": str(ours.child.pk)})

    assert response.status_code == 302
    assert response.url == reverse("families:child_detail", args=[ours.child.pk])
    ours.family.refresh_from_db()
    assert ours.family.name == "Nieuwe naam"
    assert set(ours.family.home_languages.values_list("language", flat=True)) == {"pl", "nl"}


def test_a_parent_cannot_edit_their_family_through_the_staff_form(ours):
    url = reverse("families:family_edit", args=[ours.family.pk])

    response = client_for(ours.parent).post(url, {"name": "Gehackt", "preferred_language": "nl"})

    assert response.status_code == 403
    ours.family.refresh_from_db()
    assert ours.family.name != "Gehackt"


def test_staff_add_a_brother_who_is_placed_at_once(ours):
    url = reverse("families:child_add", args=[ours.family.pk])
    data = {
        "child-first_name": "Broer",
        "child-last_name": ours.family.name,
        "child-birth_date": (TODAY() - datetime.timedelta(days=400)).isoformat(),
        "placement-group": ours.group.pk,
        "placement-start_date": TODAY().isoformat(),
        "placement-mentor": ours.professional.pk,
    }

    response = client_for(ours.professional).post(url, data)

    brother = Child.objects.get(first_name="Broer")
    assert response.url == reverse("families:child_detail", args=[brother.pk])
    assert brother.family == ours.family
    assert brother.placements.get().group == ours.group


def test_ending_a_placement_before_it_starts_is_refused(ours):
    placement = ours.child.placements.get()
    url = reverse("families:placement_edit", args=[placement.pk])
    data = {
        "group": ours.group.pk,
        "start_date": placement.start_date.isoformat(),
        "end_date": (placement.start_date - datetime.timedelta(days=1)).isoformat(),
        "mentor": ours.professional.pk,
    }

    response = client_for(ours.professional).post(url, data)

    assert response.status_code == 200
    assert "cannot be before the start date" in response.content.decode()
    placement.refresh_from_db()
    assert placement.end_date is None


def test_a_guardian_email_used_by_another_parent_is_refused_on_edit(ours, theirs):
    guardian = GuardianFactory(family=ours.family, user=None, email="tweede@example.test")
    url = reverse("families:guardian_edit", args=[guardian.pk])
    data = {
        "first_name": guardian.first_name,
        "last_name": guardian.last_name,
        "relationship": "father",
        "email": theirs.parent.email,
        "preferred_language": "nl",
    }

    response = client_for(ours.professional).post(url, data)

    assert "already used by another parent" in response.content.decode()
    guardian.refresh_from_db()
    assert guardian.email == "tweede@example.test"


# --- Inviting parents -------------------------------------------------------------------------


def _invite(client, guardian):
    # Invitations are queued when the transaction commits; the test's transaction never does.
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("families:guardian_invite", args=[guardian.pk]))
    return client.get(response.url)


def test_inviting_a_parent_makes_a_login_and_mails_a_link_that_expires(ours, settings):
    guardian = GuardianFactory(family=ours.family, user=None, email="nieuwe.ouder@example.test", first_name="Noor")

    response = _invite(client_for(ours.professional), guardian)

    assert "An invitation is on its way to Noor" in response.content.decode()
    guardian.refresh_from_db()
    assert guardian.user is not None
    assert not guardian.user.has_usable_password()
    assert [message.to for message in mail.outbox] == [["nieuwe.ouder@example.test"]]
    assert str(settings.PASSWORD_RESET_TIMEOUT // 86400) in mail.outbox[0].body


def test_the_invited_parent_sets_a_password_and_sees_only_their_own_children(ours, theirs, client):
    guardian = GuardianFactory(family=ours.family, user=None, email="nieuwe.ouder@example.test")
    _invite(client_for(ours.professional), guardian)
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]

    form_page = client.get("/" + path, follow=True)
    set_password_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else "/" + path
    response = client.post(
        set_password_url, {"password1": "een-goed-wachtwoord-42", "password2": "een-goed-wachtwoord-42"}
    )
    assert response.status_code == 302
    assert client.login(email="nieuwe.ouder@example.test", password="een-goed-wachtwoord-42")

    home = client.get(reverse("home"), follow=True).content.decode()
    assert ours.child.first_name in home
    assert theirs.child.first_name not in home


def test_inviting_again_sends_a_new_link_until_the_parent_uses_the_portal(ours):
    guardian = GuardianFactory(family=ours.family, user=None, email="nieuwe.ouder@example.test")
    client = client_for(ours.professional)

    _invite(client, guardian)
    _invite(client, guardian)
    assert len(mail.outbox) == 2

    user = User.objects.get(email="nieuwe.ouder@example.test")
    user.set_password("een-goed-wachtwoord-42")
    user.last_login = timezone.now()
    user.save()
    response = _invite(client, guardian)

    assert len(mail.outbox) == 2
    assert "already uses the portal" in response.content.decode()


def test_a_parent_without_email_cannot_be_invited(ours):
    guardian = GuardianFactory(family=ours.family, user=None, email="")

    response = _invite(client_for(ours.professional), guardian)

    assert "Add an email address" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.parametrize("role", ["parent", "outsider"])
def test_parents_and_outsiders_cannot_invite(ours, outsider, role):
    guardian = GuardianFactory(family=ours.family, user=None, email="nieuwe.ouder@example.test")
    user = outsider if role == "outsider" else ours.parent

    response = client_for(user).post(reverse("families:guardian_invite", args=[guardian.pk]))

    assert response.status_code in (403, 404)
    assert mail.outbox == []


def test_inviting_needs_a_post(ours):
    guardian = ours.family.guardians.first()
    assert client_for(ours.professional).get(reverse("families:guardian_invite", args=[guardian.pk])).status_code == 405


# --- Parents after the last placement ended --------------------------------------------------


@pytest.mark.parametrize(("ended_days_ago", "visible"), [(0, True), (10, True), (30, True), (31, False), (200, False)])
def test_parents_keep_access_for_a_grace_period_after_the_last_placement(ours, settings, ended_days_ago, visible):
    settings.GUARDIAN_ACCESS_GRACE_DAYS = 30
    Placement.objects.filter(child=ours.child).update(
        start_date=TODAY() - datetime.timedelta(days=500), end_date=TODAY() - datetime.timedelta(days=ended_days_ago)
    )

    response = client_for(ours.parent).get(reverse("families:child_detail", args=[ours.child.pk]))

    assert response.status_code == (200 if visible else 404)


def test_a_new_placement_gives_parents_access_again(ours, settings):
    settings.GUARDIAN_ACCESS_GRACE_DAYS = 30
    Placement.objects.filter(child=ours.child).update(
        start_date=TODAY() - datetime.timedelta(days=500), end_date=TODAY() - datetime.timedelta(days=100)
    )
    PlacementFactory(child=ours.child, group=ours.group, start_date=TODAY() + datetime.timedelta(days=7))

    assert Child.objects.visible_to(ours.parent).filter(pk=ours.child.pk).exists()


def test_a_registered_child_not_yet_placed_is_visible_to_the_parents(ours):
    baby = ChildFactory(family=ours.family)
    assert Child.objects.visible_to(ours.parent).filter(pk=baby.pk).exists()


def test_guardians_of_the_family_are_listed_for_staff_with_invite_buttons(ours):
    GuardianFactory(family=ours.family, user=None, email="nieuwe.ouder@example.test", first_name="Noor")

    content = client_for(ours.professional).get(reverse("families:child_detail", args=[ours.child.pk])).content.decode()

    assert "Noor" in content
    assert reverse("families:guardian_invite", args=[Guardian.objects.get(first_name="Noor").pk]) in content


def test_parents_see_no_invite_or_edit_buttons(ours):
    content = client_for(ours.parent).get(reverse("families:child_detail", args=[ours.child.pk])).content.decode()

    assert "/invite/" not in content
    assert reverse("families:family_edit", args=[ours.family.pk]) not in content
