"""The activity library: writing in Dutch, translations and their state, search and filters,
pictures, every page per role, the list's query count and the admin."""

import datetime

import pytest
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from activities import selectors
from activities.models import Activity, ActivityTranslation, LanguageGoal
from activities.services import library as services
from tests.activities.factories import (
    ActivityFactory,
    ActivityTranslationFactory,
    GroupThemeFactory,
    HomeActivityFactory,
    HomeActivityFeedbackFactory,
    ParentChildSessionFactory,
    SessionFamilyFactory,
    ThemeFactory,
    ThemeTranslationFactory,
    ThemeWordFactory,
    WordTranslationFactory,
    goal,
)
from tests.conftest import client_for, english_client_for
from tests.factories import HomeLanguageFactory
from tests.photos.samples import jpeg, upload

pytestmark = pytest.mark.django_db

TEXTS = {
    "title": "Samen soep maken",
    "materials": "Een pan\nGroente",
    "steps": "Pak de groente.\nNoem elke groente.\nDoe alles in de pan.",
    "modelling_tip": "Houd een wortel omhoog. Zeg: 'Dit is een wortel.'",
    "parent_role_tip": "Praat over wat je doet. Zo leert je kind nieuwe woorden.",
}
ARABIC = {
    "title": "نطبخ الحساء معًا",
    "materials": "قدر\nخضار",
    "steps": "خذ الخضار.\nسمِّ كل خضار.",
    "modelling_tip": "ارفع جزرة وقل: هذه جزرة.",
    "parent_role_tip": "تحدث عما تفعله.",
}


def later(activity: Activity) -> None:
    """Move the activity's clock back, so that a save afterwards is clearly later."""
    Activity.objects.filter(pk=activity.pk).update(updated_at=timezone.now() - datetime.timedelta(hours=1))
    ActivityTranslation.objects.filter(activity=activity).update(
        updated_at=timezone.now() - datetime.timedelta(minutes=30)
    )
    activity.refresh_from_db()


def activity_post(**overrides) -> dict:
    return {
        **TEXTS,
        "goals": [goal("new_words").pk, goal("telling").pk],
        "age_from_months": "30",
        "age_to_months": "48",
        "duration_minutes": "15",
        **overrides,
    }


# --- Services -------------------------------------------------------------------------------------


def test_a_professional_writes_an_activity_in_dutch_as_a_draft_with_its_goals(ours):
    activity = services.activity_create(by=ours.professional, goals=[goal("telling")], **TEXTS)

    assert activity.title == "Samen soep maken"
    assert not activity.is_published
    assert list(activity.goals.all()) == [goal("telling")]
    assert activity.created_by == ours.professional


def test_writing_an_activity_checks_every_part_first(ours, english):
    with pytest.raises(ValidationError) as error:
        services.activity_create(
            by=ours.professional,
            goals=[],
            **{**TEXTS, "steps": "  ", "title": ""},
            age_from_months=48,
            age_to_months=24,
        )

    problems = error.value.message_dict
    assert problems["title"] == ["Give the activity a title."]
    assert problems["steps"] == ["Write the steps, one short sentence per line."]
    assert problems["goals"] == ["Choose at least one language goal."]
    assert problems["age_to_months"] == ["The age range ends before it starts."]
    assert not Activity.objects.exists()


def test_a_retired_goal_cannot_be_chosen_for_a_new_activity(ours, english):
    retired = LanguageGoal.objects.create(name="Rijmen", is_active=False)
    with pytest.raises(ValidationError) as error:
        services.activity_create(by=ours.professional, goals=[retired], **TEXTS)
    assert "no longer in use" in error.value.message_dict["goals"][0]


def test_parents_and_outsiders_cannot_write_the_library(ours, outsider):
    for user in (ours.parent, outsider):
        with pytest.raises(PermissionDenied):
            services.activity_create(by=user, goals=[goal()], **TEXTS)


def test_changing_the_dutch_text_marks_translations_outdated(ours):
    activity = ActivityFactory()
    ActivityTranslationFactory(activity=activity, language="ar")
    later(activity)
    assert [state.state for state in selectors.translation_states(activity)] == [selectors.COMPLETE]

    services.activity_edit(
        activity=activity,
        by=ours.professional,
        **{**TEXTS, "title": activity.title},
        goals=[goal()],
        theme=None,
        age_from_months=24,
        age_to_months=48,
        duration_minutes=10,
    )

    activity.refresh_from_db()
    assert [state.state for state in selectors.translation_states(activity)] == [selectors.OUTDATED]


def test_changing_only_the_age_goals_or_publishing_keeps_translations_up_to_date(ours):
    activity = ActivityFactory(is_published=False)
    ActivityTranslationFactory(activity=activity, language="tr")
    later(activity)
    texts = {name: getattr(activity, name) for name in Activity.TEXT_FIELDS}

    services.activity_edit(
        activity=activity,
        by=ours.professional,
        **texts,
        goals=[goal("listening")],
        theme=ThemeFactory(),
        age_from_months=30,
        age_to_months=40,
        duration_minutes=20,
    )
    services.activity_publish(activity=activity, by=ours.professional, published=True)

    activity.refresh_from_db()
    assert activity.is_published and activity.age_from_months == 30
    assert [state.state for state in selectors.translation_states(activity)] == [selectors.COMPLETE]


def test_saving_the_translation_again_makes_it_up_to_date(ours):
    activity = ActivityFactory()
    ActivityTranslationFactory(activity=activity, language="ar")
    Activity.objects.filter(pk=activity.pk).update(updated_at=timezone.now() + datetime.timedelta(minutes=1))
    activity.refresh_from_db()
    assert selectors.translation_states(activity)[0].state == selectors.OUTDATED

    ActivityTranslation.objects.filter(activity=activity).update(
        updated_at=timezone.now() - datetime.timedelta(hours=1)
    )
    Activity.objects.filter(pk=activity.pk).update(updated_at=timezone.now() - datetime.timedelta(minutes=30))
    services.translation_save(activity=activity, language="ar", by=ours.professional, **ARABIC)

    activity = Activity.objects.prefetch_related("translations").get(pk=activity.pk)
    assert selectors.translation_states(activity)[0].state == selectors.COMPLETE
    assert activity.translations.get().title == ARABIC["title"]


def test_an_empty_translation_is_refused_with_a_clear_message(ours, english):
    activity = ActivityFactory()

    with pytest.raises(ValidationError) as error:
        services.translation_save(activity=activity, language="ar", by=ours.professional, **dict.fromkeys(ARABIC, "  "))

    assert "An empty translation cannot be saved" in error.value.messages[0]
    assert not ActivityTranslation.objects.exists()


def test_half_a_translation_is_refused_part_by_part(ours, english):
    activity = ActivityFactory()

    with pytest.raises(ValidationError) as error:
        services.translation_save(
            activity=activity, language="ar", by=ours.professional, **{**ARABIC, "modelling_tip": ""}
        )

    assert set(error.value.message_dict) == {"modelling_tip"}
    assert "Translate this part too" in error.value.message_dict["modelling_tip"][0]
    assert not ActivityTranslation.objects.exists()


def test_a_translation_into_dutch_or_an_unknown_language_is_refused(ours):
    activity = ActivityFactory()
    for language in ("nl", "other", "xx"):
        with pytest.raises(ValidationError):
            services.translation_save(activity=activity, language=language, by=ours.professional, **ARABIC)


def test_a_translation_can_be_deleted(ours):
    translation = ActivityTranslationFactory(language="pl")

    services.translation_delete(activity=translation.activity, language="pl", by=ours.professional)

    assert not ActivityTranslation.objects.exists()


def test_the_states_list_translations_and_the_languages_asked_for(db):
    activity = ActivityFactory()
    ActivityTranslationFactory(activity=activity, language="tr")

    states = selectors.translation_states(activity, ["ar", "tr", "nl", "other"])

    assert [(state.language, state.state) for state in states] == [("ar", "missing"), ("tr", "complete")]


def test_the_languages_asked_for_are_those_of_the_families(ours, theirs):
    HomeLanguageFactory(family=ours.family, language="ar")
    HomeLanguageFactory(family=theirs.family, language="nl")
    guardian = theirs.family.guardians.get()
    guardian.preferred_language = "pl"
    guardian.save()

    assert selectors.wanted_languages() == ["ar", "pl"]


# --- Search and filters ---------------------------------------------------------------------------


def test_the_library_searches_dutch_titles_steps_and_translations(db):
    soup = ActivityFactory(title="Soep maken", steps="Roer in de pan.")
    ball = ActivityFactory(title="Balletje rollen", steps="Rol de bal naar elkaar.")
    ActivityTranslationFactory(activity=ball, language="tr", title="Top yuvarlama", steps="Topu yuvarla.")

    def found(words):
        return set(selectors.library(selectors.LibraryFilters(search=words)))

    assert found("soep") == {soup}
    assert found("pan") == {soup}
    assert found("yuvarla") == {ball}
    assert found("البحث") == set()


def test_the_library_filters_by_theme_goal_and_the_childs_age(db):
    autumn = ThemeFactory(name="Herfst")
    young = ActivityFactory(theme=autumn, goals=[goal("listening")], age_from_months=18, age_to_months=30)
    old = ActivityFactory(goals=[goal("telling"), goal("listening")], age_from_months=36, age_to_months=48)

    def found(**filters):
        return set(selectors.library(selectors.LibraryFilters(**filters)))

    assert found(theme=autumn) == {young}
    assert found(goal=goal("telling")) == {old}
    assert found(goal=goal("listening")) == {young, old}
    assert found(age_months=24) == {young}
    assert found(age_months=36) == {old}
    assert found(age_months=60) == set()


def test_the_library_page_filters_by_goal_from_the_query_string(ours):
    ActivityFactory(title="Vertelplaat", goals=[goal("telling")])
    ActivityFactory(title="Luisterspel", goals=[goal("listening")])

    page = client_for(ours.professional).get(reverse("activities:library"), {"goal": goal("telling").pk})

    assert b"Vertelplaat" in page.content
    assert b"Luisterspel" not in page.content


def test_nonsense_filters_are_ignored_rather_than_an_error(ours):
    ActivityFactory(title="Vertelplaat")
    response = client_for(ours.professional).get(
        reverse("activities:library"), {"goal": "abc", "theme": "999", "age": "-3", "page": "x"}
    )
    assert response.status_code == 200
    assert b"Vertelplaat" in response.content


# --- Pages per role ------------------------------------------------------------------------------

LIBRARY_READERS = {"professional": 200, "manager": 200, "org_admin": 200, "parent": 403, "outsider": 403}


def _user(role, ours, org_admin, outsider):
    return {"org_admin": org_admin, "outsider": outsider}.get(role) or getattr(ours, role)


@pytest.mark.parametrize(("role", "expected"), LIBRARY_READERS.items())
@pytest.mark.parametrize("page", ["library", "activity_new", "activity_detail", "activity_edit", "translation_edit"])
def test_only_staff_reach_the_library_pages(ours, org_admin, outsider, role, expected, page):
    activity = ActivityFactory()
    args = {"library": [], "activity_new": [], "translation_edit": [activity.pk, "ar"]}.get(page, [activity.pk])

    response = client_for(_user(role, ours, org_admin, outsider)).get(reverse(f"activities:{page}", args=args))

    assert response.status_code == expected


def test_the_library_sends_anonymous_visitors_to_the_login(db):
    response = client_for(None).get(reverse("activities:library"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_an_unknown_activity_or_language_answers_404(ours):
    import uuid

    client = client_for(ours.professional)
    activity = ActivityFactory()
    assert client.get(reverse("activities:activity_detail", args=[uuid.uuid4()])).status_code == 404
    assert client.get(reverse("activities:translation_edit", args=[activity.pk, "xx"])).status_code == 404
    assert client.get(reverse("activities:translation_edit", args=[activity.pk, "nl"])).status_code == 404


def test_a_parent_cannot_publish_or_translate(ours):
    activity = ActivityFactory(is_published=False)
    client = client_for(ours.parent)

    assert (
        client.post(reverse("activities:activity_publish", args=[activity.pk]), {"published": "1"}).status_code == 403
    )
    assert client.post(reverse("activities:translation_edit", args=[activity.pk, "ar"]), ARABIC).status_code == 403
    activity.refresh_from_db()
    assert not activity.is_published
    assert not ActivityTranslation.objects.exists()


def test_the_library_links_from_the_staff_navigation_only(ours):
    url = reverse("activities:library").encode()
    assert url in client_for(ours.professional).get(reverse("groups:staff_home")).content
    assert url not in client_for(ours.parent).get(reverse("families:parent_home")).content


# --- Writing through the pages -------------------------------------------------------------------------


def test_a_professional_writes_an_activity_through_the_form(ours):
    response = client_for(ours.professional).post(reverse("activities:activity_new"), activity_post())

    activity = Activity.objects.get()
    assert response.url == reverse("activities:activity_detail", args=[activity.pk])
    assert set(activity.goals.all()) == {goal("new_words"), goal("telling")}
    assert activity.duration_minutes == 15


def test_the_form_keeps_what_was_typed_and_says_what_is_missing(ours):
    response = english_client_for(ours.professional).post(
        reverse("activities:activity_new"), activity_post(steps="", goals=[])
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Write the steps, one short sentence per line." in content
    assert "Samen soep maken" in content
    assert not Activity.objects.exists()


def test_the_detail_page_shows_goals_steps_and_tips_numbered(ours):
    activity = ActivityFactory(goals=[goal("telling")])

    content = english_client_for(ours.professional).get(reverse("activities:activity_detail", args=[activity.pk]))

    html = content.content.decode()
    assert "Telling" in html
    assert '<ol class="activity-steps"><li>Ga samen naar buiten.</li><li>Zoek drie blaadjes.</li>' in html
    assert activity.modelling_tip.split("'")[0] in html
    assert "The parent&#x27;s role" in html or "The parent's role" in html


def test_the_detail_page_shows_an_arabic_translation_right_to_left(ours):
    translation = ActivityTranslationFactory(language="ar")
    url = reverse("activities:activity_detail", args=[translation.activity.pk])

    html = client_for(ours.professional).get(url, {"lang": "ar"}).content.decode()

    assert '<article class="card mb-3 activity-text" lang="ar" dir="rtl">' in html
    assert translation.title in html
    dutch = client_for(ours.professional).get(url).content.decode()
    assert '<article class="card mb-3 activity-text" lang="nl" dir="ltr">' in dutch


def test_the_detail_page_lists_the_state_of_each_language(ours):
    HomeLanguageFactory(family=ours.family, language="pl")
    translation = ActivityTranslationFactory(language="ar")
    activity = translation.activity
    Activity.objects.filter(pk=activity.pk).update(updated_at=timezone.now() + datetime.timedelta(minutes=5))

    html = client_for(ours.professional).get(reverse("activities:activity_detail", args=[activity.pk])).content.decode()

    assert '<tr data-language="ar" data-state="outdated">' in html
    assert '<tr data-language="pl" data-state="missing">' in html
    assert reverse("activities:translation_edit", args=[activity.pk, "pl"]) in html


def test_choosing_another_language_opens_its_translation_page(ours):
    activity = ActivityFactory()
    response = client_for(ours.professional).get(
        reverse("activities:activity_detail", args=[activity.pk]), {"translate": "so"}
    )
    assert response.url == reverse("activities:translation_edit", args=[activity.pk, "so"])


def test_the_translation_page_shows_the_dutch_beside_inputs_marked_with_language_and_direction(ours):
    activity = ActivityFactory()

    html = (
        client_for(ours.professional)
        .get(reverse("activities:translation_edit", args=[activity.pk, "ar"]))
        .content.decode()
    )

    assert 'lang="nl" dir="ltr" id="dutch-steps">Ga samen naar buiten.<br>' in html
    assert html.count('lang="ar" dir="rtl"') == 5


def test_an_empty_translation_posted_shows_the_message_and_saves_nothing(ours):
    activity = ActivityFactory()

    response = english_client_for(ours.professional).post(
        reverse("activities:translation_edit", args=[activity.pk, "ar"]), dict.fromkeys(ARABIC, "")
    )

    assert response.status_code == 200
    assert "An empty translation cannot be saved" in response.content.decode()
    assert not ActivityTranslation.objects.exists()


def test_a_translation_is_saved_and_shown_in_its_language(ours):
    activity = ActivityFactory()
    client = client_for(ours.professional)

    response = client.post(reverse("activities:translation_edit", args=[activity.pk, "ar"]), ARABIC)

    assert response.url == reverse("activities:activity_detail", args=[activity.pk]) + "?lang=ar"
    saved = ActivityTranslation.objects.get()
    assert (saved.language, saved.title, saved.translated_by) == ("ar", ARABIC["title"], ours.professional)


def test_publishing_and_back_to_draft(ours):
    activity = ActivityFactory(is_published=False)
    client = client_for(ours.manager)

    client.post(reverse("activities:activity_publish", args=[activity.pk]), {"published": "1"})
    activity.refresh_from_db()
    assert activity.is_published

    client.post(reverse("activities:activity_publish", args=[activity.pk]), {"published": "0"})
    activity.refresh_from_db()
    assert not activity.is_published


def test_deleting_a_translation_through_the_page(ours):
    translation = ActivityTranslationFactory(language="tr")
    response = client_for(ours.professional).post(
        reverse("activities:translation_delete", args=[translation.activity.pk, "tr"])
    )
    assert response.status_code == 302
    assert not ActivityTranslation.objects.exists()


# --- Pictures --------------------------------------------------------------------------------------------


def test_a_picture_is_checked_re_encoded_and_served_to_staff(ours):
    client = client_for(ours.professional)
    client.post(reverse("activities:activity_new"), activity_post(picture=upload(jpeg((800, 600)))))
    activity = Activity.objects.get()
    assert activity.picture and activity.picture_thumbnail

    response = client.get(reverse("activities:activity_picture", args=[activity.pk]), {"size": "thumb"})

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"


def test_a_file_that_is_not_a_photo_is_refused_on_the_form(ours):
    response = english_client_for(ours.professional).post(
        reverse("activities:activity_new"),
        activity_post(picture=upload(b"%PDF-1.4 not a picture", name="plan.jpg")),
    )

    assert response.status_code == 200
    assert "This file is not a photo" in response.content.decode()
    assert not Activity.objects.exists()


def test_the_picture_can_be_removed(ours):
    client = client_for(ours.professional)
    client.post(reverse("activities:activity_new"), activity_post(picture=upload(jpeg())))
    activity = Activity.objects.get()

    client.post(reverse("activities:activity_edit", args=[activity.pk]), activity_post(remove_picture="on"))

    activity.refresh_from_db()
    assert not activity.picture


def test_a_parent_sees_an_activitys_picture_only_when_it_was_handed_to_them(ours, theirs):
    client_for(ours.professional).post(reverse("activities:activity_new"), activity_post(picture=upload(jpeg())))
    activity = Activity.objects.get()
    url = reverse("activities:activity_picture", args=[activity.pk])
    assert client_for(ours.parent).get(url).status_code == 404

    HomeActivityFactory(activity=activity, group=ours.group)

    assert client_for(ours.parent).get(url).status_code == 200
    assert client_for(theirs.parent).get(url).status_code == 404


# --- Query count -------------------------------------------------------------------------------------------


def _fill_library(count: int) -> None:
    theme = ThemeFactory()
    for number in range(count):
        activity = ActivityFactory(theme=theme if number % 2 else None, goals=[goal("telling"), goal("listening")])
        ActivityTranslationFactory(activity=activity, language="ar")
        ActivityTranslationFactory(activity=activity, language="tr")


@pytest.mark.parametrize("count", [10, 100])
def test_the_library_list_needs_the_same_number_of_queries_for_10_and_100_activities(
    count, ours, django_assert_max_num_queries
):
    _fill_library(count)
    HomeLanguageFactory(family=ours.family, language="pl")
    client = client_for(ours.professional)
    client.get(reverse("groups:staff_home"))  # the session is loaded once, outside the count
    telling = goal("telling")

    with django_assert_max_num_queries(16):
        response = client.get(reverse("activities:library"), {"goal": telling.pk})

    assert response.status_code == 200
    assert response.content.count(b'class="list-group-item py-3 library-activity"') == min(count, 25)
    assert response.content.count(b'data-language="pl" data-state="missing"') == min(count, 25)


# --- Admin -----------------------------------------------------------------------------------------------


def _admin_url(model, page: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


def test_the_admin_shows_every_model_of_the_activities_app(ours, org_admin):
    from activities.models import (
        GroupTheme,
        HomeActivity,
        HomeActivityFeedback,
        ParentChildSession,
        SessionFamily,
        Theme,
        ThemeTranslation,
        ThemeWord,
        WordTranslation,
    )

    ActivityTranslationFactory()
    ThemeTranslationFactory()
    WordTranslationFactory()
    GroupThemeFactory(group=ours.group)
    home = HomeActivityFactory(group=ours.group, handed_out_by=ours.professional)
    HomeActivityFeedbackFactory(home_activity=home, family=ours.family, written_by=ours.parent)
    session = ParentChildSessionFactory(group=ours.group, created_by=ours.professional)
    SessionFamilyFactory(session=session, family=ours.family)
    client = client_for(org_admin)
    models = [
        LanguageGoal,
        Theme,
        ThemeTranslation,
        ThemeWord,
        WordTranslation,
        GroupTheme,
        Activity,
        ActivityTranslation,
        HomeActivity,
        HomeActivityFeedback,
        ParentChildSession,
        SessionFamily,
    ]

    for model in models:
        assert client.get(_admin_url(model, "changelist"), {"q": "x"}).status_code == 200, model
        obj = model._default_manager.first()
        assert client.get(_admin_url(model, "change", quote(obj.pk))).status_code == 200, model


def test_the_admin_retires_a_built_in_goal_instead_of_deleting_it(org_admin):
    telling = goal("telling")
    client = client_for(org_admin)

    client.post(
        _admin_url(LanguageGoal, "changelist"),
        {"action": "retire", "_selected_action": [telling.pk]},
    )

    telling.refresh_from_db()
    assert not telling.is_active
    assert client.get(_admin_url(LanguageGoal, "delete", telling.pk)).status_code == 403


def test_the_admin_refuses_an_overlapping_theme_for_a_group(ours, org_admin):
    from activities.models import GroupTheme

    existing = GroupThemeFactory(group=ours.group)
    response = english_client_for(org_admin).post(
        _admin_url(GroupTheme, "add"),
        {
            "group": ours.group.pk,
            "theme": ThemeFactory().pk,
            "starts_on": existing.ends_on.isoformat(),
            "ends_on": (existing.ends_on + datetime.timedelta(days=14)).isoformat(),
        },
    )

    assert response.status_code == 200
    assert "already works in the theme" in response.content.decode()
    assert GroupTheme.objects.count() == 1


def test_a_renamed_goal_shows_its_new_name_in_the_library(ours):
    telling = goal("telling")
    telling.name = "Vertellen bij een plaat"
    telling.save()
    ActivityFactory(goals=[telling])

    assert (
        "Vertellen bij een plaat" in client_for(ours.professional).get(reverse("activities:library")).content.decode()
    )


def test_the_library_works_for_an_activity_without_goals_theme_or_translations(ours):
    activity = ActivityFactory(goals=[])
    assert client_for(ours.professional).get(reverse("activities:library")).status_code == 200
    assert (
        client_for(ours.professional).get(reverse("activities:activity_detail", args=[activity.pk])).status_code == 200
    )


def test_the_word_list_of_a_theme_is_not_mixed_into_the_library(ours):
    ThemeWordFactory(word="de pompoen")
    assert b"de pompoen" not in client_for(ours.professional).get(reverse("activities:library")).content
