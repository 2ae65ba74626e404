"""Reading the activity library and the themes: the library's search and filters, which
languages each activity is translated into (and whether a translation is behind the Dutch
text), the words of a theme against a group's home languages, and the theme a parent's
group works in today. Every list here costs the same number of queries for 10 rows as for 100."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import (
    CharField,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from activities.models import (
    MASTER_LANGUAGE,
    TRANSLATION_LANGUAGES,
    Activity,
    ActivityTranslation,
    GroupTheme,
    LanguageGoal,
    Theme,
    ThemeTranslation,
    ThemeWord,
    WordTranslation,
)
from families.models import Family, Guardian, HomeLanguage, Placement

if TYPE_CHECKING:
    from accounts.models import User
    from groups.models import Group

# The order languages are listed in everywhere: the order of the language list.
_LANGUAGE_ORDER = {code: position for position, (code, _name) in enumerate(TRANSLATION_LANGUAGES)}
LANGUAGE_NAMES = dict(TRANSLATION_LANGUAGES)


def in_language_order(languages) -> list[str]:
    """Only languages one can translate into (not Dutch, not "other"), in the list's order."""
    return sorted({code for code in languages if code in _LANGUAGE_ORDER}, key=_LANGUAGE_ORDER.__getitem__)


# --- Which languages are asked for ------------------------------------------------------


def _languages_of(families: QuerySet[Family]) -> list[str]:
    """The home languages and preferred languages of these families and their parents: the
    languages their parents may want to read in. Three small queries."""
    # order_by(): a model's default ordering would join DISTINCT and return a row per family.
    languages = set(
        HomeLanguage.objects.filter(family__in=families).order_by().values_list("language", flat=True).distinct()
    )
    languages |= set(families.order_by().values_list("preferred_language", flat=True).distinct())
    languages |= set(
        Guardian.objects.filter(family__in=families).order_by().values_list("preferred_language", flat=True).distinct()
    )
    return in_language_order(languages)


def wanted_languages() -> list[str]:
    """The languages of the organisation's families: the translations the library is asked for.
    Only language codes leave this function, nothing about a family."""
    return _languages_of(Family.objects.all())


def group_languages(group: Group, on: date | None = None) -> list[str]:
    """The languages of the families whose children are placed in `group` (now or from a
    future date): which translations its parents would read."""
    placed = Placement.objects.current(on).filter(group=group)
    return _languages_of(Family.objects.filter(children__placements__in=placed).distinct())


# --- The library ------------------------------------------------------------------------------


def active_goals() -> QuerySet[LanguageGoal]:
    return LanguageGoal.objects.filter(is_active=True)


def active_themes() -> QuerySet[Theme]:
    return Theme.objects.filter(is_active=True)


@dataclass(frozen=True)
class LibraryFilters:
    """What the library list is narrowed to; empty values mean "all"."""

    search: str = ""
    theme: Theme | None = None
    goal: LanguageGoal | None = None
    age_months: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.search) or self.theme is not None or self.goal is not None or self.age_months is not None


def _translation_states_prefetch() -> Prefetch:
    # Only what a state needs: the list never shows the translated texts.
    return Prefetch(
        "translations", queryset=ActivityTranslation.objects.only("pk", "activity_id", "language", "updated_at")
    )


def library(filters: LibraryFilters) -> QuerySet[Activity]:
    """The library's activities (drafts too: the list is for staff), with their goals, theme
    and translation languages prefetched."""
    activities = Activity.objects.all()
    if filters.search:
        # In the Dutch text and in every translation, so that a translator finds "Blätter"
        # as well as "blaadjes". Exists keeps each activity once, however many translations match.
        words = filters.search
        in_translation = ActivityTranslation.objects.filter(activity=OuterRef("pk")).filter(
            Q(title__icontains=words) | Q(steps__icontains=words)
        )
        activities = activities.filter(Q(title__icontains=words) | Q(steps__icontains=words) | Exists(in_translation))
    if filters.theme is not None:
        activities = activities.filter(theme=filters.theme)
    if filters.goal is not None:
        activities = activities.filter(goals=filters.goal)
    if filters.age_months is not None:
        activities = activities.filter(age_from_months__lte=filters.age_months, age_to_months__gte=filters.age_months)
    return (
        activities.select_related("theme")
        .prefetch_related("goals", _translation_states_prefetch())
        .order_by("title", "pk")
    )


COMPLETE = "complete"
OUTDATED = "outdated"
MISSING = "missing"


@dataclass(frozen=True)
class TranslationState:
    language: str
    state: str  # COMPLETE, OUTDATED or MISSING
    translation: ActivityTranslation | None = None

    @property
    def name(self) -> str:
        return str(LANGUAGE_NAMES.get(self.language, self.language))


def translation_states(activity: Activity, asked_for: list[str] | tuple[str, ...] = ()) -> list[TranslationState]:
    """Per language: every language the activity has a translation in, plus those asked for.

    Complete: the translation is there (the model requires every text). Outdated: the Dutch
    text changed after the translation was saved, so it may no longer say the same.
    Missing: asked for, not there. Reads `activity.translations.all()`: prefetch it for lists.
    """
    translations = {translation.language: translation for translation in activity.translations.all()}
    states = []
    for language in in_language_order([*translations, *asked_for]):
        translation = translations.get(language)
        if translation is None:
            states.append(TranslationState(language, MISSING))
        elif activity.updated_at > translation.updated_at:
            states.append(TranslationState(language, OUTDATED, translation))
        else:
            states.append(TranslationState(language, COMPLETE, translation))
    return states


def activity_for_detail(activity_id) -> QuerySet[Activity]:
    return Activity.objects.filter(pk=activity_id).select_related("theme", "created_by").prefetch_related("goals")


# --- Themes and words ---------------------------------------------------------------------------


def themes_with_counts() -> QuerySet[Theme]:
    return Theme.objects.annotate(word_count=Count("words", distinct=True)).prefetch_related("translations")


def theme_words(theme: Theme, languages: list[str] | None = None) -> QuerySet[ThemeWord]:
    """The theme's words with their translations (only `languages` when given)."""
    translations = WordTranslation.objects.all()
    if languages is not None:
        translations = translations.filter(language__in=languages)
    return theme.words.prefetch_related(Prefetch("translations", queryset=translations))


@dataclass
class WordRow:
    """A word on the staff's theme page: its translations, and the group's languages it still lacks."""

    word: ThemeWord
    translations: list[WordTranslation] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def missing_names(self) -> list[str]:
        return [str(LANGUAGE_NAMES[language]) for language in self.missing]


def word_rows(theme: Theme, group_languages: list[str]) -> list[WordRow]:
    rows = []
    for word in theme_words(theme):
        translations = sorted(word.translations.all(), key=lambda t: _LANGUAGE_ORDER.get(t.language, 999))
        have = {translation.language for translation in translations}
        rows.append(WordRow(word, translations, [language for language in group_languages if language not in have]))
    return rows


def overlapping_theme(group: Group, starts_on: date, ends_on: date, *, exclude_pk: int | None = None):
    """The group's scheduled theme that shares a day with the period, if any."""
    themes = GroupTheme.objects.filter(group=group, starts_on__lte=ends_on, ends_on__gte=starts_on)
    if exclude_pk is not None:
        themes = themes.exclude(pk=exclude_pk)
    return themes.select_related("theme").order_by("starts_on").first()


# --- What parents read ---------------------------------------------------------------------------


def placed_groups_of_parent(user: User, on: date | None = None) -> QuerySet:
    """Ids of the groups the parent's children are placed in today (started, not ended)."""
    on = on or timezone.localdate()
    return (
        Placement.objects.current(on).filter(start_date__lte=on, child__family__guardians__user=user).values("group_id")
    )


def current_group_themes(groups, on: date | None = None, *, language: str | None = None) -> QuerySet[GroupTheme]:
    """The themes these groups work in today (one query); with a `language` other than Dutch,
    each with its theme's name in that language (`theme_name_translated`, "" when there is
    none yet), so that `with_words` need not read the themes' translations."""
    on = on or timezone.localdate()
    group_themes = (
        GroupTheme.objects.filter(group__in=groups, starts_on__lte=on, ends_on__gte=on)
        .select_related("theme", "group")
        .order_by("group__name", "pk")
    )
    if language and language != MASTER_LANGUAGE:
        name = ThemeTranslation.objects.filter(theme=OuterRef("theme"), language=language).values("name")[:1]
        group_themes = group_themes.annotate(
            theme_name_translated=Coalesce(Subquery(name), Value(""), output_field=CharField())
        )
    return group_themes


def with_words(group_themes: list[GroupTheme], language: str) -> list[GroupTheme]:
    """Loads the themes' words and their translations into `language` (Dutch: none): three
    queries however many themes and words, none when there are no themes. theme_cards.card_for
    reads them."""
    if language == MASTER_LANGUAGE:
        word_translations = WordTranslation.objects.none()
        theme_translations = ThemeTranslation.objects.none()
    else:
        word_translations = WordTranslation.objects.filter(language=language)
        theme_translations = ThemeTranslation.objects.filter(language=language)
    # As lists (to_attr: `theme.word_list`, `word.translations_read`, `theme.translations_read`):
    # Django then builds no queryset per theme and per word.
    words = Prefetch(
        "theme__words",
        queryset=ThemeWord.objects.prefetch_related(
            Prefetch("translations", queryset=word_translations, to_attr="translations_read")
        ),
        to_attr="word_list",
    )
    if all(hasattr(group_theme, "theme_name_translated") for group_theme in group_themes):
        prefetch_related_objects(group_themes, words)  # the names came with the themes
    else:
        names = Prefetch("theme__translations", queryset=theme_translations, to_attr="translations_read")
        prefetch_related_objects(group_themes, names, words)
    return group_themes
