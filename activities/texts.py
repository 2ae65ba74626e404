"""Which language a parent reads the activity library in, and an activity's words in it.

Shared by the library, the home activities and the sessions: a parent reads in their own
preferred language (their guardian record, else the family's), with the Dutch original one
tap away; a language without a (complete) translation falls back to Dutch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from activities.models import MASTER_LANGUAGE, Activity, ActivityText
from families.languages import RTL_LANGUAGES
from families.models import Guardian

if TYPE_CHECKING:
    from accounts.models import User
    from families.models import Family


def reading_language(user: User, family: Family | None = None) -> str:
    """The parent's preferred language for the library ("nl" for staff and unknown users).
    One query; pass `family` to pick the guardian record of that family."""
    guardians = Guardian.objects.filter(user=user)
    if family is not None:
        guardians = guardians.filter(family=family)
    row = guardians.values_list("preferred_language", "family__preferred_language").first()
    if row is None:
        return MASTER_LANGUAGE
    language = row[0] if row[0] and row[0] != "other" else row[1]
    return language if language and language != "other" else MASTER_LANGUAGE


def text_in(activity: Activity, language: str) -> ActivityText:
    """The activity's words in `language`: its translation when there is one, else the
    Dutch original. Reads `activity.translations.all()`, so prefetch them for lists."""
    if language != MASTER_LANGUAGE:
        for translation in activity.translations.all():
            if translation.language == language:
                return translation
    return activity


def is_rtl(language: str) -> bool:
    return language in RTL_LANGUAGES


def steps_of(text: ActivityText) -> list[str]:
    """The steps as a list: one per non-empty line."""
    return [line.strip() for line in text.steps.splitlines() if line.strip()]
