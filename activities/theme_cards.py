"""The parent home's card of the current theme's words: for each group a parent's child is
placed in today that works in a theme now, the words in Dutch beside the parent's language,
so that parents can use and explain the same words at home."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from accounts import access
from activities.home_selectors import ParentView
from activities.models import MASTER_LANGUAGE, GroupTheme, ThemeWord
from activities.selectors import LANGUAGE_NAMES, current_group_themes, placed_groups_of_parent, with_words
from activities.texts import is_rtl, reading_language
from config.kept_queries import kept_list

if TYPE_CHECKING:
    from accounts.models import User
    from groups.models import Group

# The home page shows the first words; the theme's page shows them all.
WORDS_ON_HOME = 8


@dataclass(frozen=True)
class WordLine:
    word: ThemeWord
    translation: str  # "" when the word is not translated into the parent's language (yet)


@dataclass(frozen=True)
class ThemeCard:
    group: Group
    theme_name: str
    theme_translated: str
    starts_on: object
    ends_on: object
    words: list[WordLine]

    @property
    def more_words(self) -> int:
        return max(0, len(self.words) - WORDS_ON_HOME)

    @property
    def first_words(self) -> list[WordLine]:
        return self.words[:WORDS_ON_HOME]


def card_for(group_theme: GroupTheme, language: str) -> ThemeCard:
    """Reads what selectors.current_group_themes and selectors.with_words loaded: no queries of its own."""
    theme = group_theme.theme
    translated = getattr(group_theme, "theme_name_translated", None)
    if translated is None:
        translated = next((row.name for row in theme.translations_read if row.language == language), "")
    words = [
        WordLine(word, next((row.text for row in word.translations_read if row.language == language), ""))
        for word in theme.word_list
    ]
    return ThemeCard(group_theme.group, theme.name, translated, group_theme.starts_on, group_theme.ends_on, words)


def theme_word_cards(user: User, view: ParentView | None = None) -> dict:
    """Context for templates/activities/_parent_home_theme.html; a constant number of queries:
    with the parent's `view` read already, two in Dutch and three in another language."""
    language = view.reading_language if view is not None else None
    # The SQL is kept per user, scope, day and language (config.kept_queries).
    group_themes = kept_list(
        ("theme_cards", language, *access.rule_key(user)),
        lambda: current_group_themes(placed_groups_of_parent(user), language=language),
    )
    if not group_themes:
        # A parent whose groups work in no theme now costs the home page one query, not five.
        return {"theme_cards": []}
    if language is None:
        language = reading_language(user)
    cards = [card_for(group_theme, language) for group_theme in with_words(group_themes, language)]
    return {
        "theme_cards": cards,
        "theme_language": language,
        "theme_language_name": LANGUAGE_NAMES.get(language, ""),
        "theme_language_rtl": is_rtl(language),
        "theme_translated": language != MASTER_LANGUAGE,
    }
