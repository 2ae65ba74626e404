"""Parents keep the family profile current; the mentor sees what changed and marks it seen."""

import pytest
from django.urls import reverse
from django.utils import translation

from families.models import FamilyProfileChange, HomeLanguage
from families.services.consents import (
    ProfileValues,
    family_profile_update,
    profile_change_mark_seen,
    unseen_profile_changes_for,
)
from tests.conftest import english_client_for as client_for
from tests.factories import ChildFactory, GuardianFactory, HomeLanguageFactory, PlacementFactory, UserFactory

pytestmark = pytest.mark.django_db


def _user(role, ours, outsider, org_admin):
    return {"outsider": outsider, "org_admin": org_admin}.get(role) or getattr(ours, role)


def _guardian(side):
    return side.family.guardians.get(user=side.parent)


def _profile_url(side) -> str:
    return reverse("families:profile_edit", args=[side.family.pk])


def _form_data(side, *, languages: tuple[tuple[str, str], ...] = (), extra: dict | None = None) -> dict:
    """What the profile page posts: the family's stored languages first, then a new row."""
    guardian = _guardian(side)
    stored = list(side.family.home_languages.order_by("pk"))
    data = {
        "family-preferred_language": side.family.preferred_language,
        "family-interpreter_needed": "on" if side.family.interpreter_needed else "",
        "me-phone": guardian.phone,
        "me-preferred_language": guardian.preferred_language,
        "languages-TOTAL_FORMS": str(len(stored) + len(languages)),
        "languages-INITIAL_FORMS": str(len(stored)),
        "languages-MIN_NUM_FORMS": "0",
        "languages-MAX_NUM_FORMS": "1000",
    }
    for index, language in enumerate(stored):
        data[f"languages-{index}-id"] = str(language.pk)
        data[f"languages-{index}-family"] = str(side.family.pk)
        data[f"languages-{index}-language"] = language.language
        data[f"languages-{index}-spoken_by"] = language.spoken_by
    for offset, (language, spoken_by) in enumerate(languages, start=len(stored)):
        data[f"languages-{offset}-language"] = language
        data[f"languages-{offset}-spoken_by"] = spoken_by
    data.update(extra or {})
    return data


def _change(side, **changes) -> FamilyProfileChange:
    return FamilyProfileChange.objects.create(
        family=side.family, changed_by=side.parent, changes=changes or {"Phone": ["1", "2"]}
    )


# --- Who reaches the profile page ----------------------------------------------------------------


def test_the_profile_page_requires_login(ours):
    response = client_for(None).get(_profile_url(ours))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("role", "side", "status"),
    [
        ("outsider", "ours", 404),
        ("parent", "ours", 200),
        ("parent", "theirs", 404),
        ("professional", "ours", 403),
        ("professional", "theirs", 404),
        ("manager", "ours", 403),
        ("manager", "theirs", 404),
        ("org_admin", "ours", 403),
        ("org_admin", "theirs", 403),
    ],
)
def test_the_profile_page_is_for_the_familys_own_parents(ours, theirs, outsider, org_admin, role, side, status):
    target = {"ours": ours, "theirs": theirs}[side]
    client = client_for(_user(role, ours, outsider, org_admin))

    assert client.get(_profile_url(target)).status_code == status
    posted = client.post(_profile_url(target), _form_data(target, extra={"me-phone": "06 99999999"}))
    assert posted.status_code == (302 if status == 200 else status)
    assert FamilyProfileChange.objects.filter(family=target.family).count() == (1 if status == 200 else 0)


def test_a_parent_cannot_reach_another_family_by_changing_the_uuid(ours, theirs):
    client = client_for(ours.parent)
    phone = _guardian(theirs).phone
    data = _form_data(theirs, extra={"me-phone": "06 11111111"})

    assert client.get(_profile_url(theirs)).status_code == 404
    assert client.post(_profile_url(theirs), data).status_code == 404
    assert _guardian(theirs).phone == phone
    assert not FamilyProfileChange.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [("outsider", 403), ("professional", 403), ("manager", 403), ("org_admin", 403)],
)
def test_only_parents_have_a_family_of_their_own(ours, outsider, org_admin, role, status):
    response = client_for(_user(role, ours, outsider, org_admin)).get(reverse("families:profile_mine"))
    assert response.status_code == status


def test_my_family_leads_a_parent_to_their_own_family(ours, theirs):
    response = client_for(ours.parent).get(reverse("families:profile_mine"))
    assert response.url == _profile_url(ours)


def test_a_parent_in_two_households_chooses_which_family(ours, theirs):
    GuardianFactory(family=theirs.family, user=ours.parent)

    response = client_for(ours.parent).get(reverse("families:profile_mine"))

    assert response.status_code == 200
    content = response.content.decode()
    assert _profile_url(ours) in content
    assert _profile_url(theirs) in content


# --- Saving the profile ----------------------------------------------------------------------------


def test_the_page_shows_the_current_profile(ours):
    HomeLanguageFactory(family=ours.family, language="tr", spoken_by="father to the child")

    response = client_for(ours.parent).get(_profile_url(ours))

    content = response.content.decode()
    assert 'value="father to the child"' in content
    assert response.context["languages"].forms[0].instance.language == "tr"


def test_a_parent_changes_the_home_languages_and_the_mentor_reads_labels_not_codes(ours):
    HomeLanguageFactory(family=ours.family, language="nl", spoken_by="")
    data = _form_data(ours, languages=(("tr", "mother to the child"),))

    response = client_for(ours.parent).post(_profile_url(ours), data)

    assert response.status_code == 302
    assert response.url == reverse("families:parent_home")
    assert set(ours.family.home_languages.values_list("language", "spoken_by")) == {
        ("nl", ""),
        ("tr", "mother to the child"),
    }
    change = FamilyProfileChange.objects.get()
    assert change.family == ours.family
    assert change.changed_by == ours.parent
    assert change.seen_at is None
    with translation.override("nl"):
        label = str(translation.gettext("Home languages"))
        dutch, turkish = translation.gettext("Dutch"), translation.gettext("Turkish")
    assert change.changes == {label: [dutch, f"{dutch}; {turkish} (mother to the child)"]}


def test_removing_a_language_and_changing_contact_details_are_recorded_readably(ours):
    HomeLanguageFactory(family=ours.family, language="ar", spoken_by="mother")
    guardian = _guardian(ours)
    data = _form_data(
        ours,
        extra={
            "languages-0-DELETE": "on",
            "family-preferred_language": "ar",
            "family-interpreter_needed": "on",
            "me-phone": "+31 6 12345678",
            "me-preferred_language": "en",
        },
    )

    with translation.override("en"):
        client_for(ours.parent).post(_profile_url(ours), data)

    assert not ours.family.home_languages.exists()
    ours.family.refresh_from_db()
    assert ours.family.preferred_language == "ar"
    assert ours.family.interpreter_needed is True
    guardian.refresh_from_db()
    assert guardian.phone == "+31 6 12345678"
    assert guardian.preferred_language == "en"
    changes = FamilyProfileChange.objects.get().changes
    values = [value for pair in changes.values() for value in pair]
    assert len(changes) == 5
    assert not {"ar", "en", "nl", "True", "False"} & set(values)  # labels, never codes


def test_saving_without_changes_records_nothing(ours):
    HomeLanguageFactory(family=ours.family, language="pl", spoken_by="everyone")

    response = client_for(ours.parent).post(_profile_url(ours), _form_data(ours), follow=True)

    assert not FamilyProfileChange.objects.exists()
    assert "Nothing was changed." in response.content.decode()


def test_an_invalid_phone_number_is_refused_and_everything_typed_is_kept(ours):
    data = _form_data(ours, languages=(("so", "grandmother"),), extra={"me-phone": "call me maybe"})

    response = client_for(ours.parent).post(_profile_url(ours), data)

    assert response.status_code == 200
    assert response.context["guardian_form"].errors["phone"] == [
        "Please enter a phone number of 8 to 15 digits, for example 06 12345678."
    ]
    content = response.content.decode()
    assert 'value="call me maybe"' in content
    assert 'value="grandmother"' in content
    assert '<option value="so" selected>' in content
    assert "Not saved yet" in content
    assert not HomeLanguage.objects.filter(family=ours.family).exists()
    assert not FamilyProfileChange.objects.exists()


def test_a_language_listed_twice_gets_a_message_at_the_second(ours):
    HomeLanguageFactory(family=ours.family, language="ar")

    response = client_for(ours.parent).post(_profile_url(ours), _form_data(ours, languages=(("ar", "father"),)))

    assert response.status_code == 200
    forms = response.context["languages"].forms
    assert forms[1].errors["language"] == ["This language is already in the list."]
    assert 'value="father"' in response.content.decode()
    assert ours.family.home_languages.count() == 1


def test_an_untouched_empty_row_adds_no_language(ours):
    data = _form_data(ours, languages=(("", ""),))

    client_for(ours.parent).post(_profile_url(ours), data)

    assert not ours.family.home_languages.exists()


def test_the_service_refuses_a_parent_of_another_family(ours, theirs):
    values = ProfileValues("nl", False, "", "nl", ())
    with pytest.raises(ValueError):
        family_profile_update(family=ours.family, guardian=_guardian(theirs), user=theirs.parent, values=values)


# --- The mentor sees what changed ---------------------------------------------------------------


def test_the_mentor_sees_an_unseen_change_highlighted_with_a_seen_button(ours):
    change = _change(ours, **{"Home languages": ["Dutch", "Dutch; Turkish"]})

    response = client_for(ours.professional).get(reverse("families:child_detail", args=[ours.child.pk]))

    assert response.context["profile_changes"] == [change]
    content = response.content.decode()
    assert "Changes by the parents" in content
    assert "Dutch; Turkish" in content
    assert "bg-warning-subtle" in content
    assert reverse("families:profile_change_seen", args=[ours.child.pk, change.pk]) in content


def test_a_manager_reads_the_changes_but_has_no_seen_button(ours):
    change = _change(ours)

    response = client_for(ours.manager).get(reverse("families:child_detail", args=[ours.child.pk]))

    assert response.context["profile_changes"] == [change]
    assert reverse("families:profile_change_seen", args=[ours.child.pk, change.pk]) not in response.content.decode()


def test_parents_do_not_see_the_change_list(ours):
    _change(ours)

    response = client_for(ours.parent).get(reverse("families:child_detail", args=[ours.child.pk]))

    assert "profile_changes" not in response.context
    assert "Changes by the parents" not in response.content.decode()


def test_unseen_changes_come_first(ours):
    seen = _change(ours)
    profile_change_mark_seen(change=seen, user=ours.professional)
    unseen = _change(ours)
    seen_later = _change(ours)
    profile_change_mark_seen(change=seen_later, user=ours.professional)

    response = client_for(ours.professional).get(reverse("families:child_detail", args=[ours.child.pk]))

    assert response.context["profile_changes"] == [unseen, seen_later, seen]


def test_the_seen_button_requires_login(ours):
    change = _change(ours)
    response = client_for(None).post(reverse("families:profile_change_seen", args=[ours.child.pk, change.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("role", "side", "status"),
    [
        ("outsider", "ours", 404),
        ("parent", "ours", 403),
        ("parent", "theirs", 404),
        ("professional", "ours", 302),
        ("professional", "theirs", 404),
        ("manager", "ours", 403),
        ("manager", "theirs", 404),
        ("org_admin", "ours", 302),
        ("org_admin", "theirs", 302),
    ],
)
def test_only_the_childs_professionals_mark_a_change_seen(ours, theirs, outsider, org_admin, role, side, status):
    target = {"ours": ours, "theirs": theirs}[side]
    change = _change(target)
    user = _user(role, ours, outsider, org_admin)

    response = client_for(user).post(reverse("families:profile_change_seen", args=[target.child.pk, change.pk]))

    assert response.status_code == status
    change.refresh_from_db()
    assert (change.seen_by == user) is (status == 302)


def test_marking_seen_answers_only_to_post(ours):
    change = _change(ours)
    url = reverse("families:profile_change_seen", args=[ours.child.pk, change.pk])
    assert client_for(ours.professional).get(url).status_code == 405


def test_a_change_of_another_family_cannot_be_marked_through_an_own_child(ours, theirs):
    foreign = _change(theirs)

    response = client_for(ours.professional).post(
        reverse("families:profile_change_seen", args=[ours.child.pk, foreign.pk])
    )

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.seen_at is None


def test_htmx_gets_the_change_back_as_seen(ours):
    change = _change(ours)

    response = client_for(ours.professional).post(
        reverse("families:profile_change_seen", args=[ours.child.pk, change.pk]), headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith(f'<li id="profile-change-{change.pk}"')
    assert "Seen by" in content
    assert ours.professional.get_full_name() in content
    assert "Mark as seen" not in content


def test_the_first_colleague_to_mark_it_seen_is_remembered(ours):
    change = _change(ours)
    colleague = UserFactory()
    profile_change_mark_seen(change=change, user=ours.professional)

    profile_change_mark_seen(change=change, user=colleague)

    change.refresh_from_db()
    assert change.seen_by == ours.professional


def test_unseen_profile_changes_for_lists_the_mentors_families_only(ours, theirs):
    own = _change(ours)
    _change(theirs)
    second_child = ChildFactory(family=ours.family)
    PlacementFactory(child=second_child, group=ours.group, mentor=ours.professional)

    assert list(unseen_profile_changes_for(ours.professional)) == [own]
    assert list(unseen_profile_changes_for(ours.manager)) == []
    assert list(unseen_profile_changes_for(theirs.professional)) != [own]

    profile_change_mark_seen(change=own, user=ours.professional)
    assert list(unseen_profile_changes_for(ours.professional)) == []


def test_unseen_profile_changes_for_leaves_out_children_the_mentor_no_longer_has(ours):
    _change(ours)
    placement = ours.child.placements.get()
    placement.mentor = UserFactory()
    placement.save()

    assert list(unseen_profile_changes_for(ours.professional)) == []
