"""The demo VE library and what the demo VE groups do with it (activities/demo.py)."""

import datetime
import time
from dataclasses import dataclass

import pytest
from django.utils import timezone

from activities.demo import ACTIVITIES, DEMO_LANGUAGES, THEMES, demo_activities
from activities.models import (
    BUILT_IN_GOALS,
    Activity,
    ActivityText,
    ActivityTranslation,
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
from activities.texts import steps_of, text_in
from families.models import Family, Placement
from groups.models import Group
from tests.factories import (
    ChildFactory,
    FamilyFactory,
    GroupFactory,
    GuardianFactory,
    LocationFactory,
    PlacementFactory,
    StaffAssignmentFactory,
)

LANGUAGES = ("nl", "ar", "tr", "pl", "en", "uk")


@dataclass
class World:
    ve_groups: list[Group]
    other_group: Group
    groups: list[Group]
    today: datetime.date


def _world(children_per_group: int = 6) -> World:
    """Two VE groups and one that is not, with families of several languages; most parents
    have a login, some not; one child whose placement in a VE group has ended."""
    location = LocationFactory()
    ve_groups = [GroupFactory(location=location, name=name, is_ve=True) for name in ("Uilen", "Zonnetjes")]
    other_group = GroupFactory(location=location, name="Dolfijnen")
    groups = [*ve_groups, other_group]
    for group in groups:
        StaffAssignmentFactory(group=group)
    number = 0
    for group in groups:
        for _ in range(children_per_group):
            language = LANGUAGES[number % len(LANGUAGES)]
            family = FamilyFactory(preferred_language=language)
            if number % 5 == 4:
                GuardianFactory(family=family, user=None, email="", preferred_language=language)
            else:
                GuardianFactory(family=family, preferred_language=language)
            PlacementFactory(child=ChildFactory(family=family), group=group)
            number += 1
    PlacementFactory(group=ve_groups[0], ended=True)
    return World(ve_groups, other_group, groups, timezone.localdate())


@pytest.fixture
def world(db) -> World:
    world = _world()
    demo_activities(groups=world.groups, today=world.today)
    return world


def _families_of(group: Group) -> set:
    return set(Placement.objects.filter(group=group, end_date__isnull=True).values_list("child__family_id", flat=True))


def test_the_library_has_at_least_twelve_published_activities(world):
    assert Activity.objects.filter(is_published=True).count() >= 12
    assert len(ACTIVITIES) >= 12


def test_every_activity_is_translated_completely_into_english_arabic_turkish_and_polish(world):
    for activity in Activity.objects.prefetch_related("translations"):
        languages = {translation.language for translation in activity.translations.all()}
        assert languages >= set(DEMO_LANGUAGES), activity.title
        for translation in activity.translations.all():
            for field in ActivityText.TEXT_FIELDS:
                assert getattr(translation, field).strip(), (activity.title, translation.language, field)


def test_a_parent_reading_arabic_gets_the_arabic_text(world):
    activity = Activity.objects.prefetch_related("translations").get(title="Wat hoor je buiten?")

    text = text_in(activity, "ar")

    assert text.title == "ماذا تسمع في الخارج؟"
    assert len(steps_of(text)) == len(steps_of(activity))


def test_the_dutch_is_easy_three_to_six_short_steps_one_per_line(world):
    for activity in Activity.objects.all():
        steps = steps_of(activity)
        assert 3 <= len(steps) <= 6, activity.title
        for step in steps:
            assert len(step) <= 100, step
            assert step.endswith((".", "?", "!", "'")), step
        assert all(line.strip() for line in activity.materials.splitlines()), activity.title
        assert activity.modelling_tip.count("'") >= 2, activity.title  # the very words to say


def test_every_translation_has_as_many_steps_and_materials_as_the_dutch(world):
    for translation in ActivityTranslation.objects.select_related("activity"):
        activity = translation.activity
        assert len(steps_of(translation)) == len(steps_of(activity)), (activity.title, translation.language)
        assert all(len(step) <= 100 for step in steps_of(translation)), (activity.title, translation.language)
        assert len(translation.materials.splitlines()) == len(activity.materials.splitlines()), translation


def test_every_activity_has_built_in_goals_an_age_range_a_duration_and_a_theme(world):
    for activity in Activity.objects.prefetch_related("goals").select_related("theme"):
        goals = {goal.key for goal in activity.goals.all()}
        assert goals, activity.title
        assert goals <= set(BUILT_IN_GOALS)
        assert 24 <= activity.age_from_months <= activity.age_to_months <= 48
        assert 5 <= activity.duration_minutes <= 30
        assert activity.theme is not None


def test_three_themes_each_with_at_least_eight_words_translated_into_arabic_turkish_polish_and_english(world):
    themes = Theme.objects.filter(name__in=[spec.name for spec in THEMES.values()])
    assert themes.count() == 3
    for theme in themes:
        assert set(theme.translations.values_list("language", flat=True)) == set(DEMO_LANGUAGES)
        words = list(theme.words.prefetch_related("translations"))
        assert len(words) >= 8
        for word in words:
            assert word.word.split(" ", 1)[0] in ("de", "het"), word.word
            translations = {translation.language: translation.text for translation in word.translations.all()}
            assert set(translations) == set(DEMO_LANGUAGES), word.word
            assert all(text.strip() for text in translations.values())


def test_a_few_theme_words_have_a_picture(world):
    with_picture = ThemeWord.objects.exclude(picture="")

    assert 1 <= with_picture.count() <= 5
    assert {word.word for word in with_picture} >= {"de appel", "het blad"}


def test_running_it_again_duplicates_nothing(world):
    models = (
        Activity,
        ActivityTranslation,
        Activity.goals.through,
        Theme,
        ThemeTranslation,
        ThemeWord,
        WordTranslation,
        GroupTheme,
        HomeActivity,
        HomeActivityFeedback,
        ParentChildSession,
        SessionFamily,
    )
    before = {model: model.objects.count() for model in models}

    demo_activities(groups=world.groups, today=world.today)

    assert {model: model.objects.count() for model in models} == before


def test_each_ve_group_works_in_a_theme_this_week_and_had_one_before(world):
    for group in world.ve_groups:
        themes = list(GroupTheme.objects.filter(group=group).order_by("starts_on"))
        assert len(themes) == 2
        previous, current = themes
        assert current.starts_on <= world.today <= current.ends_on
        monday = world.today - datetime.timedelta(days=world.today.weekday())
        assert current.starts_on <= monday and current.ends_on >= monday + datetime.timedelta(days=6)
        assert previous.ends_on < current.starts_on
        assert previous.theme != current.theme


def test_a_rerun_in_a_later_week_continues_after_the_current_theme(world):
    later = world.today + datetime.timedelta(days=21)

    demo_activities(groups=world.groups, today=later)

    for group in world.ve_groups:
        themes = list(GroupTheme.objects.filter(group=group).order_by("starts_on"))
        assert len(themes) == 3
        assert themes[-1].starts_on == themes[-2].ends_on + datetime.timedelta(days=1)
        assert themes[-1].starts_on <= later <= themes[-1].ends_on


def test_each_ve_group_gets_last_weeks_and_this_weeks_activity_and_one_family_its_own(world):
    monday = world.today - datetime.timedelta(days=world.today.weekday())
    for group in world.ve_groups:
        weeks = sorted(HomeActivity.objects.filter(group=group).values_list("week_start", flat=True))
        assert weeks == [monday - datetime.timedelta(days=7), monday]
    for_families = HomeActivity.objects.filter(family__isnull=False)
    assert for_families.count() == len(world.ve_groups)
    for home in for_families:
        assert home.week_start == monday
        assert home.family.preferred_language in DEMO_LANGUAGES
    assert not HomeActivity.objects.filter(group=world.other_group).exists()
    assert HomeActivity.objects.filter(handed_out_by__isnull=True).count() == 0


def test_feedback_comes_only_from_families_of_the_group_it_was_handed_to(world):
    feedback = list(HomeActivityFeedback.objects.select_related("home_activity"))
    assert feedback
    for answer in feedback:
        home = answer.home_activity
        if home.group_id:
            assert answer.family_id in _families_of(home.group)
        else:
            assert answer.family_id == home.family_id
        assert answer.written_by.guardianships.filter(family=answer.family).exists()


def test_about_half_the_families_answered_last_week_and_a_few_this_week(world):
    monday = world.today - datetime.timedelta(days=world.today.weekday())
    for group in world.ve_groups:
        with_login = Family.objects.filter(pk__in=_families_of(group), guardians__user__isnull=False).count()
        answers = HomeActivityFeedback.objects.filter(home_activity__group=group)
        last_week = answers.filter(home_activity__week_start__lt=monday)
        this_week = answers.filter(home_activity__week_start=monday)
        assert last_week.count() == with_login // 2
        assert 1 <= this_week.count() <= 3
        for answer in [*last_week, *this_week]:
            assert answer.home_activity.week_start <= answer.done_on <= world.today


def test_feedback_is_in_the_familys_language_or_dutch(world):
    answers = list(HomeActivityFeedback.objects.select_related("family"))
    for answer in answers:
        assert answer.language_used in (answer.family.preferred_language, "nl")
    assert any(answer.language_used != "nl" for answer in answers)


def test_each_ve_group_held_a_session_with_a_reflection_and_has_one_coming(world):
    now = timezone.now()
    for group in world.ve_groups:
        held = ParentChildSession.objects.get(group=group, starts_at__lt=now)
        coming = ParentChildSession.objects.get(group=group, starts_at__gt=now)
        assert held.reflection and held.reflection_by is not None
        assert held.invited_at < held.starts_at and coming.invited_at < now
        assert held.families.filter(attended=True).count() > held.families.count() / 2
        assert not coming.families.filter(attended__isnull=False).exists()
        assert coming.families.exclude(reply="").exists()
        assert coming.families.filter(reply="").exists()
        replies = coming.families.exclude(reply="")
        assert not replies.filter(replied_at__isnull=True).exists()
        assert not replies.filter(replied_at__gt=now).exists()


def test_the_families_at_a_session_are_the_groups_families(world):
    for session in ParentChildSession.objects.all():
        families = set(session.families.values_list("family_id", flat=True))
        assert families == _families_of(session.group)


def test_a_family_without_a_login_neither_answers_nor_replies(world):
    without_login = Family.objects.exclude(guardians__user__isnull=False)
    assert without_login.exists()
    assert not HomeActivityFeedback.objects.filter(family__in=without_login).exists()
    assert not SessionFamily.objects.filter(family__in=without_login).exclude(reply="").exists()


def test_without_a_ve_group_only_the_library_is_loaded(db):
    group = GroupFactory(is_ve=False)
    PlacementFactory(group=group)

    demo_activities(groups=[group], today=timezone.localdate())

    assert Activity.objects.count() == len(ACTIVITIES)
    assert not HomeActivity.objects.exists()
    assert not ParentChildSession.objects.exists()
    assert not GroupTheme.objects.exists()


def test_a_ve_group_without_staff_or_parents_with_a_login_still_gets_its_activities(db):
    group = GroupFactory(is_ve=True)
    family = FamilyFactory()
    GuardianFactory(family=family, user=None, email="")
    PlacementFactory(group=group, child=ChildFactory(family=family))

    demo_activities(groups=[group], today=timezone.localdate())

    assert HomeActivity.objects.filter(group=group).count() == 2
    assert not HomeActivity.objects.filter(family__isnull=False).exists()
    assert not HomeActivityFeedback.objects.exists()
    assert ParentChildSession.objects.filter(group=group).count() == 2


@pytest.mark.parametrize("children_per_group", [3, 30])
def test_it_takes_a_constant_number_of_queries_and_well_under_a_second(
    db, django_assert_max_num_queries, children_per_group
):
    world = _world(children_per_group=children_per_group)
    started = time.perf_counter()

    with django_assert_max_num_queries(60):
        demo_activities(groups=world.groups, today=world.today)

    assert time.perf_counter() - started < 3  # about 0.3 s; generous for a busy machine
