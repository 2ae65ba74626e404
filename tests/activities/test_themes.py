"""Themes with word lists: writing them, planning a group's theme (never two at once), the
staff's view of which words lack a translation in a group's home languages, and what
parents read: the current theme's words in Dutch beside their own language."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.models import GroupTheme, Theme, ThemeWord, WordTranslation
from activities.services import library as services
from activities.theme_cards import theme_word_cards
from tests.activities.factories import (
    GroupThemeFactory,
    ThemeFactory,
    ThemeTranslationFactory,
    ThemeWordFactory,
    WordTranslationFactory,
)
from tests.conftest import client_for, english_client_for
from tests.factories import ChildFactory, GuardianFactory, HomeLanguageFactory, PlacementFactory
from tests.photos.samples import jpeg, upload

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


def arabic_reader(side) -> None:
    guardian = side.family.guardians.get()
    guardian.preferred_language = "ar"
    guardian.save()


def current_theme(side, *, words=("de appel", "het blad"), arabic=True) -> GroupTheme:
    theme = ThemeFactory(name="Herfst")
    for number, word in enumerate(words):
        theme_word = ThemeWordFactory(theme=theme, word=word, position=number)
        if arabic:
            WordTranslationFactory(word=theme_word, language="ar", text=f"كلمة {number}")
    return GroupThemeFactory(group=side.group, theme=theme, starts_on=TODAY() - 3 * DAY, ends_on=TODAY() + 10 * DAY)


# --- Services -------------------------------------------------------------------------------------------


def test_a_theme_is_written_with_translated_names_and_an_empty_one_is_left_out(ours):
    theme = services.theme_create(by=ours.professional, name=" Herfst ", translations={"ar": "الخريف", "tr": ""})

    assert theme.name == "Herfst"
    assert dict(theme.translations.values_list("language", "name")) == {"ar": "الخريف"}


def test_editing_a_theme_renames_retires_and_removes_an_emptied_translation(ours):
    theme = ThemeFactory(name="Herfst")
    ThemeTranslationFactory(theme=theme, language="ar", name="الخريف")

    services.theme_edit(
        theme=theme, by=ours.manager, name="De herfst", is_active=False, translations={"ar": "", "pl": "Jesień"}
    )

    theme.refresh_from_db()
    assert (theme.name, theme.is_active) == ("De herfst", False)
    assert dict(theme.translations.values_list("language", "name")) == {"pl": "Jesień"}


def test_a_theme_needs_a_dutch_name_and_known_languages(ours, english):
    with pytest.raises(ValidationError) as error:
        services.theme_create(by=ours.professional, name="  ")
    assert error.value.message_dict["name"] == ["Give the theme a name in Dutch."]

    with pytest.raises(ValidationError):
        services.theme_create(by=ours.professional, name="Herfst", translations={"nl": "Herfst"})
    assert not Theme.objects.exists()


def test_words_are_added_edited_and_removed_with_their_translations(ours):
    theme = ThemeFactory()
    first = services.word_add(theme=theme, by=ours.professional, word="de appel", translations={"tr": "elma"})
    second = services.word_add(theme=theme, by=ours.professional, word="de peer")
    assert (first.position, second.position) == (0, 1)

    services.word_edit(
        theme_word=first, by=ours.professional, word="de rode appel", translations={"tr": "", "ar": "تفاحة"}
    )
    first.refresh_from_db()
    assert first.word == "de rode appel"
    assert dict(first.translations.values_list("language", "text")) == {"ar": "تفاحة"}

    services.word_remove(theme_word=second, by=ours.professional)
    assert list(theme.words.all()) == [first]


def test_a_word_needs_its_dutch_text(ours, english):
    with pytest.raises(ValidationError) as error:
        services.word_add(theme=ThemeFactory(), by=ours.professional, word="", translations={"tr": "elma"})
    assert "with the article" in error.value.message_dict["word"][0]
    assert not WordTranslation.objects.exists()


def test_parents_cannot_write_themes_or_words(ours):
    theme = ThemeFactory()
    with pytest.raises(PermissionDenied):
        services.theme_create(by=ours.parent, name="Herfst")
    with pytest.raises(PermissionDenied):
        services.word_add(theme=theme, by=ours.parent, word="de appel")


def test_a_professional_plans_a_theme_for_their_group(ours):
    theme = ThemeFactory()
    planned = services.group_theme_schedule(
        group=ours.group, theme=theme, starts_on=TODAY(), ends_on=TODAY() + 20 * DAY, by=ours.professional
    )
    assert (planned.group, planned.theme) == (ours.group, theme)


def test_an_overlapping_theme_is_refused_with_a_clear_message(ours, english):
    existing = GroupThemeFactory(group=ours.group, theme=ThemeFactory(name="Herfst"))

    with pytest.raises(ValidationError) as error:
        services.group_theme_schedule(
            group=ours.group,
            theme=ThemeFactory(name="Eten"),
            starts_on=existing.ends_on,
            ends_on=existing.ends_on + 14 * DAY,
            by=ours.professional,
        )

    message = error.value.message_dict["starts_on"][0]
    assert "already works in the theme “Herfst”" in message
    assert "one theme at a time" in message
    assert GroupTheme.objects.count() == 1


def test_the_next_theme_may_start_the_day_after_and_another_group_is_not_in_the_way(ours, theirs, org_admin):
    existing = GroupThemeFactory(group=ours.group)
    GroupThemeFactory(group=theirs.group, starts_on=existing.ends_on + DAY, ends_on=existing.ends_on + 30 * DAY)

    services.group_theme_schedule(
        group=ours.group,
        theme=ThemeFactory(),
        starts_on=existing.ends_on + DAY,
        ends_on=existing.ends_on + 14 * DAY,
        by=ours.professional,
    )

    assert GroupTheme.objects.filter(group=ours.group).count() == 2


def test_planning_checks_the_dates_and_the_theme(ours, english):
    retired = ThemeFactory(is_active=False)
    with pytest.raises(ValidationError) as error:
        services.group_theme_schedule(
            group=ours.group, theme=retired, starts_on=TODAY(), ends_on=TODAY() - DAY, by=ours.professional
        )
    problems = error.value.message_dict
    assert problems["theme"] == ["This theme is no longer in use. Choose another one."]
    assert problems["ends_on"] == ["The last day is before the first day."]


def test_a_manager_or_a_professional_of_another_group_cannot_plan_a_theme(ours, theirs):
    for user in (ours.manager, theirs.professional, ours.parent):
        with pytest.raises(PermissionDenied):
            services.group_theme_schedule(
                group=ours.group, theme=ThemeFactory(), starts_on=TODAY(), ends_on=TODAY(), by=user
            )


# --- Staff pages ------------------------------------------------------------------------------------------------


STAFF_ONLY = {"professional": 200, "manager": 200, "org_admin": 200, "parent": 403, "outsider": 403}


def _user(role, ours, org_admin, outsider):
    return {"org_admin": org_admin, "outsider": outsider}.get(role) or getattr(ours, role)


@pytest.mark.parametrize(("role", "expected"), STAFF_ONLY.items())
@pytest.mark.parametrize("page", ["theme_list", "theme_new", "theme_detail", "theme_edit", "word_add", "word_edit"])
def test_only_staff_reach_the_theme_pages(ours, org_admin, outsider, role, expected, page):
    word = ThemeWordFactory()
    args = {"theme_list": [], "theme_new": [], "word_edit": [word.pk]}.get(page, [word.theme.pk])

    response = client_for(_user(role, ours, org_admin, outsider)).get(reverse(f"activities:{page}", args=args))

    assert response.status_code == expected


def test_the_theme_page_shows_which_words_miss_a_home_language_of_the_group(ours, theirs):
    HomeLanguageFactory(family=ours.family, language="ar")
    HomeLanguageFactory(family=ours.family, language="tr")
    HomeLanguageFactory(family=theirs.family, language="pl")  # another group's family
    theme = ThemeFactory()
    apple = ThemeWordFactory(theme=theme, word="de appel")
    WordTranslationFactory(word=apple, language="ar", text="تفاحة")
    WordTranslationFactory(word=apple, language="tr", text="elma")
    leaf = ThemeWordFactory(theme=theme, word="het blad")
    WordTranslationFactory(word=leaf, language="ar", text="ورقة")

    html = (
        english_client_for(ours.professional).get(reverse("activities:theme_detail", args=[theme.pk])).content.decode()
    )

    assert "1 of 2 words have a translation in every home language of Groep ons: Arabic, Turkish." in html
    leaf_row = html[html.index(f'data-word="{leaf.pk}"') :]
    leaf_row = leaf_row[: leaf_row.index("</tr>")]
    assert '<span class="badge text-bg-warning me-1">Turkish</span>' in leaf_row
    assert "Polish" not in html
    assert '<span lang="ar" dir="auto">ورقة</span>' in html


def test_the_theme_page_answers_404_for_another_locations_group(ours, theirs, org_admin):
    theme = ThemeFactory()
    url = reverse("activities:theme_detail", args=[theme.pk])
    assert client_for(ours.professional).get(url, {"group": theirs.group.pk}).status_code == 404
    assert client_for(ours.professional).get(url, {"group": "abc"}).status_code == 404
    assert client_for(org_admin).get(url, {"group": theirs.group.pk}).status_code == 200


@pytest.mark.parametrize("count", [10, 100])
def test_the_theme_page_needs_the_same_number_of_queries_for_10_and_100_words(
    count, ours, django_assert_max_num_queries
):
    HomeLanguageFactory(family=ours.family, language="ar")
    theme = ThemeFactory()
    for number in range(count):
        word = ThemeWordFactory(theme=theme)
        WordTranslationFactory(word=word, language="tr", text=f"kelime {number}")
    GroupThemeFactory(group=ours.group, theme=theme)
    client = client_for(ours.professional)
    client.get(reverse("groups:staff_home"))

    with django_assert_max_num_queries(20):
        response = client.get(reverse("activities:theme_detail", args=[theme.pk]))

    assert response.content.count(b"<tr data-word=") == count


@pytest.mark.parametrize("count", [10, 100])
def test_the_theme_list_needs_the_same_number_of_queries_for_10_and_100_themes(
    count, ours, django_assert_max_num_queries
):
    for _number in range(count):
        theme = ThemeTranslationFactory().theme
        ThemeWordFactory(theme=theme)
    client = client_for(ours.professional)
    client.get(reverse("groups:staff_home"))

    with django_assert_max_num_queries(12):
        response = client.get(reverse("activities:theme_list"))

    assert response.status_code == 200


def test_a_theme_and_its_words_are_written_through_the_pages(ours):
    HomeLanguageFactory(family=ours.family, language="ar")
    client = client_for(ours.professional)

    response = client.post(
        reverse("activities:theme_new"),
        {"name": "Mijn lichaam", "lang_ar": "جسمي", "extra_language": "tr", "extra_text": "Vücudum"},
    )
    theme = Theme.objects.get()
    assert response.url == reverse("activities:theme_detail", args=[theme.pk])
    assert dict(theme.translations.values_list("language", "name")) == {"ar": "جسمي", "tr": "Vücudum"}

    response = client.post(
        reverse("activities:word_add", args=[theme.pk]),
        {
            "word": "de neus",
            "lang_ar": "الأنف",
            "lang_tr": "burun",
            "picture": upload(jpeg((600, 600))),
            "another": "1",
        },
    )
    assert response.url == reverse("activities:word_add", args=[theme.pk])
    word = ThemeWord.objects.get()
    assert dict(word.translations.values_list("language", "text")) == {"ar": "الأنف", "tr": "burun"}
    assert word.picture
    assert client.get(reverse("activities:word_picture", args=[word.pk])).status_code == 200


def test_the_word_form_marks_each_language_input_with_its_language_and_direction(ours):
    HomeLanguageFactory(family=ours.family, language="ar")
    HomeLanguageFactory(family=ours.family, language="tr")
    html = client_for(ours.professional).get(reverse("activities:word_add", args=[ThemeFactory().pk])).content.decode()
    assert 'lang="ar" dir="rtl"' in html
    assert 'lang="tr" dir="ltr"' in html


def test_a_word_picture_that_is_not_a_photo_is_refused(ours):
    theme = ThemeFactory()
    response = english_client_for(ours.professional).post(
        reverse("activities:word_add", args=[theme.pk]),
        {"word": "de neus", "picture": upload(b"GIF89a nope", name="neus.gif", content_type="image/gif")},
    )
    assert response.status_code == 200
    assert "This file is not a photo" in response.content.decode()
    assert 'value="de neus"' in response.content.decode()
    assert not ThemeWord.objects.exists()


def test_a_translation_without_its_language_keeps_the_form(ours):
    theme = ThemeFactory()
    response = english_client_for(ours.professional).post(
        reverse("activities:theme_edit", args=[theme.pk]), {"name": "Herfst", "extra_text": "Jesień"}
    )
    assert response.status_code == 200
    assert "Choose the language of this translation." in response.content.decode()


def test_removing_a_word_through_the_page(ours):
    word = ThemeWordFactory()
    response = client_for(ours.professional).post(reverse("activities:word_remove", args=[word.pk]))
    assert response.status_code == 302
    assert not ThemeWord.objects.exists()


# --- Planning a group's theme through the page ----------------------------------------------------------------


def test_the_group_themes_page_is_for_the_groups_professionals(ours, theirs, org_admin):
    url = reverse("activities:group_themes", args=[ours.group.pk])
    assert client_for(ours.professional).get(url).status_code == 200
    assert client_for(org_admin).get(url).status_code == 200
    assert client_for(ours.manager).get(url).status_code == 403
    assert client_for(theirs.professional).get(url).status_code == 404
    assert client_for(ours.parent).get(url).status_code == 404


def test_a_professional_plans_the_theme_through_the_page_and_an_overlap_is_explained(ours):
    theme, other = ThemeFactory(name="Herfst"), ThemeFactory(name="Eten")
    client = english_client_for(ours.professional)
    url = reverse("activities:group_themes", args=[ours.group.pk])
    period = {"starts_on": TODAY().isoformat(), "ends_on": (TODAY() + 20 * DAY).isoformat()}

    assert client.post(url, {"theme": theme.pk, **period}).status_code == 302
    response = client.post(url, {"theme": other.pk, **period})

    assert response.status_code == 200
    assert "already works in the theme “Herfst”" in response.content.decode()
    assert list(GroupTheme.objects.values_list("theme__name", flat=True)) == ["Herfst"]


def test_a_planned_theme_can_be_taken_off_by_the_groups_professional_only(ours, theirs):
    planned = GroupThemeFactory(group=ours.group)
    url = reverse("activities:group_theme_remove", args=[planned.pk])

    assert client_for(theirs.professional).post(url).status_code == 404
    assert client_for(ours.manager).post(url).status_code == 403
    assert client_for(ours.professional).post(url).status_code == 302
    assert not GroupTheme.objects.exists()


# --- What parents read ------------------------------------------------------------------------------------------


def test_a_parent_sees_the_current_themes_words_in_dutch_beside_arabic_on_the_home_page(ours):
    arabic_reader(ours)
    current_theme(ours)

    html = english_client_for(ours.parent).get(reverse("families:parent_home")).content.decode()

    assert 'This is what we talk about at the group: <span lang="nl">Herfst</span>' in html
    assert '<div class="col-6 fw-semibold text-break" lang="nl" dir="ltr">de appel</div>' in html
    assert '<div class="col-6 text-break word-translation" lang="ar" dir="rtl">كلمة 0</div>' in html
    assert reverse("activities:parent_theme_words", args=[ours.group.pk]) in html


def test_a_parent_who_reads_dutch_sees_the_words_without_a_second_column(ours):
    current_theme(ours)
    html = client_for(ours.parent).get(reverse("families:parent_home")).content.decode()
    assert "de appel" in html
    assert "word-translation" not in html


def test_a_word_not_yet_translated_says_so(ours):
    arabic_reader(ours)
    current_theme(ours, arabic=False)
    html = english_client_for(ours.parent).get(reverse("families:parent_home")).content.decode()
    assert "(not translated yet)" in html


def test_past_future_and_other_groups_themes_are_not_on_the_parents_home(ours, theirs):
    GroupThemeFactory(
        group=ours.group, theme=ThemeFactory(name="Zomer"), starts_on=TODAY() - 30 * DAY, ends_on=TODAY() - DAY
    )
    GroupThemeFactory(
        group=ours.group, theme=ThemeFactory(name="Winter"), starts_on=TODAY() + DAY, ends_on=TODAY() + 9 * DAY
    )
    current_theme(theirs)

    cards = theme_word_cards(ours.parent)["theme_cards"]

    assert cards == []


def test_a_child_whose_placement_ended_or_has_not_started_brings_no_theme(ours):
    current_theme(ours)
    placement = ours.child.placements.get()
    placement.start_date = TODAY() + 5 * DAY
    placement.save()
    assert theme_word_cards(ours.parent)["theme_cards"] == []

    placement.start_date, placement.end_date = TODAY() - 90 * DAY, TODAY() - DAY
    placement.save()
    assert theme_word_cards(ours.parent)["theme_cards"] == []


def test_a_parent_reads_all_words_on_the_theme_page_of_their_childs_group(ours):
    arabic_reader(ours)
    current_theme(ours, words=[f"het woord {number}" for number in range(12)])

    response = english_client_for(ours.parent).get(reverse("activities:parent_theme_words", args=[ours.group.pk]))

    assert response.status_code == 200
    assert (
        response.content.decode().count('class="list-group-item d-flex align-items-center gap-3 px-0 theme-word"') == 12
    )
    home = english_client_for(ours.parent).get(reverse("families:parent_home")).content.decode()
    assert home.count('theme-word"') == 8
    assert "All words (4 more)" in home


def test_the_parents_theme_page_answers_404_to_anyone_else(ours, theirs, org_admin, outsider):
    current_theme(ours)
    url = reverse("activities:parent_theme_words", args=[ours.group.pk])
    for user in (theirs.parent, ours.professional, org_admin, outsider):
        assert client_for(user).get(url).status_code == 404


def test_the_parents_theme_page_says_when_there_is_no_theme(ours):
    response = english_client_for(ours.parent).get(reverse("activities:parent_theme_words", args=[ours.group.pk]))
    assert "is not working in a theme at the moment" in response.content.decode()


def test_a_parent_sees_the_pictures_of_their_groups_theme_words_only(ours, theirs):
    planned = current_theme(ours)
    word = planned.theme.words.first()
    services.word_edit(theme_word=word, by=ours.professional, word=word.word, picture=_processed(), translations={})
    url = reverse("activities:word_picture", args=[word.pk])

    assert client_for(ours.parent).get(url).status_code == 200
    assert client_for(theirs.parent).get(url).status_code == 404


def _processed():
    from photos.images import process_photo

    return process_photo(upload(jpeg((300, 300))))


def _home_queries(parent) -> int:
    client = client_for(parent)
    client.get(reverse("families:parent_home"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("families:parent_home")).status_code == 200
    return len(queries)


def _family_with_children(side, count: int):
    """A parent with `count` children, all in the side's group, whose theme has `count` words."""
    guardian = GuardianFactory(preferred_language="ar")
    for _number in range(count):
        PlacementFactory(child=ChildFactory(family=guardian.family), group=side.group)
    theme = ThemeFactory()
    for _number in range(count):
        WordTranslationFactory(word=ThemeWordFactory(theme=theme), language="ar")
    ThemeTranslationFactory(theme=theme, language="ar")
    GroupThemeFactory(group=side.group, theme=theme)
    return guardian.user


def test_the_theme_card_costs_the_same_queries_for_3_and_30_children_and_words(ours, theirs):
    few = _family_with_children(ours, 3)
    many = _family_with_children(theirs, 30)

    assert _home_queries(few) == _home_queries(many)


def test_the_theme_card_itself_needs_a_constant_handful_of_queries(ours, django_assert_max_num_queries):
    arabic_reader(ours)
    current_theme(ours, words=[f"woord {number}" for number in range(30)])
    with django_assert_max_num_queries(6):
        cards = theme_word_cards(ours.parent)["theme_cards"]
        assert len(cards[0].words) == 30
