"""Writing the activity library and the themes: activities in Dutch, their translations,
themes with their words, and the theme a group works in from one date to another.

Staff write (access.can_edit_library); each function checks everything first and saves in
one transaction, so that bad input leaves nothing half-saved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts import access
from activities.models import (
    TRANSLATION_LANGUAGES,
    Activity,
    ActivityText,
    ActivityTranslation,
    GroupTheme,
    LanguageGoal,
    Theme,
    ThemeTranslation,
    ThemeWord,
    WordTranslation,
)
from activities.selectors import overlapping_theme

if TYPE_CHECKING:
    from accounts.models import User
    from groups.models import Group
    from photos.images import ProcessedPhoto

LANGUAGES = dict(TRANSLATION_LANGUAGES)
MAX_AGE_MONTHS = 12 * 13
MAX_DURATION_MINUTES = 240


def _may_edit(by: User) -> None:
    if not access.can_edit_library(by):
        raise PermissionDenied


def _field_max(model, name: str) -> int:
    return model._meta.get_field(name).max_length or 0


def _clean_texts(texts: Mapping[str, str]) -> dict[str, str]:
    return {name: (texts.get(name) or "").strip() for name in ActivityText.TEXT_FIELDS}


def _length_errors(model, texts: Mapping[str, str]) -> dict[str, list[str]]:
    errors = {}
    for name, value in texts.items():
        maximum = _field_max(model, name)
        if maximum and len(value) > maximum:
            errors[name] = [
                _("This can be at most %(max)s characters long; it has %(length)s.")
                % {"max": maximum, "length": len(value)}
            ]
    return errors


# --- Activities -------------------------------------------------------------------------------


def _check_activity(
    *,
    texts: dict[str, str],
    goals: Iterable[LanguageGoal],
    theme: Theme | None,
    age_from_months: int | None,
    age_to_months: int | None,
    duration_minutes: int | None,
    kept_goals: Iterable[LanguageGoal] = (),
    kept_theme: Theme | None = None,
) -> dict[str, list[str]]:
    """`kept_*`: what an edited activity has already, still fine when retired since."""
    errors: dict[str, list[str]] = {}
    messages = {
        "title": _("Give the activity a title."),
        "materials": _("Write what parents need, from an ordinary home."),
        "steps": _("Write the steps, one short sentence per line."),
        "modelling_tip": _("Write how to show it: what to say and do."),
        "parent_role_tip": _("Write a tip on the parent's role."),
    }
    for name, value in texts.items():
        if not value:
            errors[name] = [messages[name]]
    errors.update({name: problem for name, problem in _length_errors(Activity, texts).items() if name not in errors})
    goals = list(goals)
    if not goals:
        errors["goals"] = [_("Choose at least one language goal.")]
    elif any(not goal.is_active and goal not in kept_goals for goal in goals):
        errors["goals"] = [_("One of these language goals is no longer in use. Choose another one.")]
    if theme is not None and not theme.is_active and theme != kept_theme:
        errors["theme"] = [_("This theme is no longer in use. Choose another one.")]
    if age_from_months is None or not 0 <= age_from_months <= MAX_AGE_MONTHS:
        errors["age_from_months"] = [_("Give an age in months between 0 and %(max)s.") % {"max": MAX_AGE_MONTHS}]
    if age_to_months is None or not 0 <= age_to_months <= MAX_AGE_MONTHS:
        errors["age_to_months"] = [_("Give an age in months between 0 and %(max)s.") % {"max": MAX_AGE_MONTHS}]
    elif age_from_months is not None and age_to_months < age_from_months:
        errors["age_to_months"] = [_("The age range ends before it starts.")]
    if duration_minutes is None or not 1 <= duration_minutes <= MAX_DURATION_MINUTES:
        errors["duration_minutes"] = [
            _("Give the duration in minutes, between 1 and %(max)s.") % {"max": MAX_DURATION_MINUTES}
        ]
    return errors


def _save_picture(activity: Activity, picture: ProcessedPhoto | None, *, remove: bool) -> list[str]:
    """Replace or remove the picture; returns the fields to save. The old files stay in storage
    until a clean-up: a page open elsewhere may still show them."""
    if picture is not None:
        activity.picture.save(picture.image.name, picture.image, save=False)
        activity.picture_thumbnail.save(picture.thumbnail.name, picture.thumbnail, save=False)
        return ["picture", "picture_thumbnail"]
    if remove and activity.picture:
        activity.picture = ""
        activity.picture_thumbnail = ""
        return ["picture", "picture_thumbnail"]
    return []


@transaction.atomic
def activity_create(
    *,
    by: User,
    title: str,
    materials: str,
    steps: str,
    modelling_tip: str,
    parent_role_tip: str,
    goals: Iterable[LanguageGoal],
    theme: Theme | None = None,
    age_from_months: int | None = 24,
    age_to_months: int | None = 48,
    duration_minutes: int | None = 10,
    picture: ProcessedPhoto | None = None,
    publish: bool = False,
) -> Activity:
    """A new activity in easy Dutch; a draft until it is published."""
    _may_edit(by)
    texts = _clean_texts(
        {
            "title": title,
            "materials": materials,
            "steps": steps,
            "modelling_tip": modelling_tip,
            "parent_role_tip": parent_role_tip,
        }
    )
    goals = list(goals)
    errors = _check_activity(
        texts=texts,
        goals=goals,
        theme=theme,
        age_from_months=age_from_months,
        age_to_months=age_to_months,
        duration_minutes=duration_minutes,
    )
    if errors:
        raise ValidationError(errors)
    activity = Activity(
        **texts,
        theme=theme,
        age_from_months=age_from_months,
        age_to_months=age_to_months,
        duration_minutes=duration_minutes,
        is_published=publish,
        created_by=by,
    )
    _save_picture(activity, picture, remove=False)
    activity.save()
    activity.goals.set(goals)
    return activity


@transaction.atomic
def activity_edit(
    *,
    activity: Activity,
    by: User,
    title: str,
    materials: str,
    steps: str,
    modelling_tip: str,
    parent_role_tip: str,
    goals: Iterable[LanguageGoal],
    theme: Theme | None,
    age_from_months: int | None,
    age_to_months: int | None,
    duration_minutes: int | None,
    picture: ProcessedPhoto | None = None,
    remove_picture: bool = False,
) -> Activity:
    """Change the Dutch activity. Only a change of its texts moves `updated_at`, which is what
    marks translations outdated: a new picture or age range does not make them wrong."""
    _may_edit(by)
    texts = _clean_texts(
        {
            "title": title,
            "materials": materials,
            "steps": steps,
            "modelling_tip": modelling_tip,
            "parent_role_tip": parent_role_tip,
        }
    )
    goals = list(goals)
    errors = _check_activity(
        texts=texts,
        goals=goals,
        theme=theme,
        age_from_months=age_from_months,
        age_to_months=age_to_months,
        duration_minutes=duration_minutes,
        kept_goals=list(activity.goals.all()),
        kept_theme=activity.theme,
    )
    if errors:
        raise ValidationError(errors)
    changed = [name for name, value in texts.items() if getattr(activity, name) != value]
    for name in changed:
        setattr(activity, name, texts[name])
    fields = [*changed, "theme", "age_from_months", "age_to_months", "duration_minutes"]
    activity.theme = theme
    activity.age_from_months = age_from_months
    activity.age_to_months = age_to_months
    activity.duration_minutes = duration_minutes
    fields += _save_picture(activity, picture, remove=remove_picture)
    if changed:
        fields.append("updated_at")
    activity.save(update_fields=fields)
    activity.goals.set(goals)
    return activity


@transaction.atomic
def activity_publish(*, activity: Activity, by: User, published: bool) -> None:
    """Publish (parents can be handed it) or take back to draft. An update, not a save:
    the texts did not change, so the translations stay up to date."""
    _may_edit(by)
    Activity.objects.filter(pk=activity.pk).update(is_published=published)
    activity.is_published = published


# --- Translations of an activity -----------------------------------------------------------------


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValidationError({"language": [_("Choose a language from the list.")]})


@transaction.atomic
def translation_save(
    *,
    activity: Activity,
    language: str,
    by: User,
    title: str,
    materials: str,
    steps: str,
    modelling_tip: str,
    parent_role_tip: str,
) -> ActivityTranslation:
    """Add or replace the activity's translation into `language`. Parents read it as a whole,
    so every text is required: half a translation would leave them with gaps."""
    _may_edit(by)
    _check_language(language)
    texts = _clean_texts(
        {
            "title": title,
            "materials": materials,
            "steps": steps,
            "modelling_tip": modelling_tip,
            "parent_role_tip": parent_role_tip,
        }
    )
    if not any(texts.values()):
        raise ValidationError(
            _(
                "An empty translation cannot be saved. Fill in every part, "
                "or delete the translation if it is no longer wanted."
            )
        )
    errors: dict[str, list[str]] = {
        name: [_("Translate this part too: parents read the whole activity in their language.")]
        for name, value in texts.items()
        if not value
    }
    errors.update(_length_errors(ActivityTranslation, texts))
    if errors:
        raise ValidationError(errors)
    translation, _created = ActivityTranslation.objects.select_for_update().get_or_create(
        activity=activity, language=language, defaults={**texts, "translated_by": by}
    )
    if not _created:
        for name, value in texts.items():
            setattr(translation, name, value)
        translation.translated_by = by
        # Saved even when unchanged: a translator who checked it against the new Dutch text
        # confirms it is up to date again.
        translation.save()
    return translation


@transaction.atomic
def translation_delete(*, activity: Activity, language: str, by: User) -> None:
    _may_edit(by)
    ActivityTranslation.objects.filter(activity=activity, language=language).delete()


# --- Themes and words ---------------------------------------------------------------------------------


def _clean_translations(translations: Mapping[str, str], max_length: int, field: str) -> dict[str, str]:
    """Language → text; an empty text means "no translation in that language"."""
    cleaned, errors = {}, []
    for language, text in translations.items():
        if language not in LANGUAGES:
            errors.append(_("Choose a language from the list."))
            continue
        text = (text or "").strip()
        if len(text) > max_length:
            errors.append(
                _("%(language)s: at most %(max)s characters.") % {"language": LANGUAGES[language], "max": max_length}
            )
        cleaned[language] = text
    if errors:
        raise ValidationError({field: errors})
    return cleaned


def _save_translations(model, parent_field: str, parent, text_field: str, translations: dict[str, str]) -> None:
    existing = {row.language: row for row in model.objects.filter(**{parent_field: parent})}
    for language, text in translations.items():
        row = existing.get(language)
        if not text:
            if row is not None:
                row.delete()
        elif row is None:
            model.objects.create(**{parent_field: parent, "language": language, text_field: text})
        elif getattr(row, text_field) != text:
            setattr(row, text_field, text)
            row.save(update_fields=[text_field])


def _check_name(value: str, model, field: str, message: str) -> dict[str, list[str]]:
    maximum = _field_max(model, field)
    if not value:
        return {field: [message]}
    if len(value) > maximum:
        return {field: [_("This can be at most %(max)s characters long.") % {"max": maximum}]}
    return {}


@transaction.atomic
def theme_create(*, by: User, name: str, translations: Mapping[str, str] | None = None) -> Theme:
    _may_edit(by)
    name = (name or "").strip()
    errors = _check_name(name, Theme, "name", _("Give the theme a name in Dutch."))
    if errors:
        raise ValidationError(errors)
    cleaned = _clean_translations(translations or {}, _field_max(ThemeTranslation, "name"), "translations")
    theme = Theme.objects.create(name=name)
    _save_translations(ThemeTranslation, "theme", theme, "name", cleaned)
    return theme


@transaction.atomic
def theme_edit(
    *, theme: Theme, by: User, name: str, is_active: bool = True, translations: Mapping[str, str] | None = None
) -> Theme:
    """Rename, retire or bring back a theme; a translated name left empty is removed."""
    _may_edit(by)
    name = (name or "").strip()
    errors = _check_name(name, Theme, "name", _("Give the theme a name in Dutch."))
    if errors:
        raise ValidationError(errors)
    cleaned = _clean_translations(translations or {}, _field_max(ThemeTranslation, "name"), "translations")
    theme.name, theme.is_active = name, is_active
    theme.save(update_fields=["name", "is_active"])
    _save_translations(ThemeTranslation, "theme", theme, "name", cleaned)
    return theme


def _word_picture(word: ThemeWord, picture: ProcessedPhoto | None, *, remove: bool) -> list[str]:
    # A word's picture is shown small beside the word, on parents' phones too: the thumbnail
    # is all we keep.
    if picture is not None:
        word.picture.save(picture.thumbnail.name, picture.thumbnail, save=False)
        return ["picture"]
    if remove and word.picture:
        word.picture = ""
        return ["picture"]
    return []


@transaction.atomic
def word_add(
    *,
    theme: Theme,
    by: User,
    word: str,
    translations: Mapping[str, str] | None = None,
    picture: ProcessedPhoto | None = None,
) -> ThemeWord:
    _may_edit(by)
    text = (word or "").strip()
    errors = _check_name(text, ThemeWord, "word", _("Write the word in Dutch, with the article: de appel, het blad."))
    if errors:
        raise ValidationError(errors)
    cleaned = _clean_translations(translations or {}, _field_max(WordTranslation, "text"), "translations")
    last = theme.words.order_by("-position").values_list("position", flat=True).first()
    theme_word = ThemeWord(theme=theme, word=text, position=0 if last is None else last + 1)
    _word_picture(theme_word, picture, remove=False)
    theme_word.save()
    _save_translations(WordTranslation, "word", theme_word, "text", cleaned)
    return theme_word


@transaction.atomic
def word_edit(
    *,
    theme_word: ThemeWord,
    by: User,
    word: str,
    translations: Mapping[str, str] | None = None,
    picture: ProcessedPhoto | None = None,
    remove_picture: bool = False,
) -> ThemeWord:
    """Change the Dutch word and its translations; a translation left empty is removed."""
    _may_edit(by)
    text = (word or "").strip()
    errors = _check_name(text, ThemeWord, "word", _("Write the word in Dutch, with the article: de appel, het blad."))
    if errors:
        raise ValidationError(errors)
    cleaned = _clean_translations(translations or {}, _field_max(WordTranslation, "text"), "translations")
    theme_word.word = text
    theme_word.save(update_fields=["word", *_word_picture(theme_word, picture, remove=remove_picture)])
    _save_translations(WordTranslation, "word", theme_word, "text", cleaned)
    return theme_word


@transaction.atomic
def word_remove(*, theme_word: ThemeWord, by: User) -> None:
    _may_edit(by)
    theme_word.delete()


# --- A group's themes ---------------------------------------------------------------------------------


@transaction.atomic
def group_theme_schedule(
    *, group: Group, theme: Theme | None, starts_on: date | None, ends_on: date | None, by: User
) -> GroupTheme:
    """The group works in `theme` from `starts_on` until `ends_on` (both days included).
    One theme at a time: a period that shares a day with another theme of the group is refused."""
    if not access.can_work_in_group(by, group):
        raise PermissionDenied
    # Two colleagues planning at once must not both pass the overlap check: the group's row
    # is the lock (PostgreSQL; SQLite writes one at a time anyway).
    type(group).objects.select_for_update().filter(pk=group.pk).first()
    errors: dict[str, list[str]] = {}
    if theme is None:
        errors["theme"] = [_("Choose a theme.")]
    elif not theme.is_active:
        errors["theme"] = [_("This theme is no longer in use. Choose another one.")]
    if starts_on is None:
        errors["starts_on"] = [_("Give the first day.")]
    if ends_on is None:
        errors["ends_on"] = [_("Give the last day.")]
    elif starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = [_("The last day is before the first day.")]
    if not errors:
        other = overlapping_theme(group, starts_on, ends_on)
        if other is not None:
            errors["starts_on"] = [
                _(
                    "The group already works in the theme “%(theme)s” from %(start)s until %(end)s. "
                    "A group works in one theme at a time: choose other dates, or change that theme first."
                )
                % {
                    "theme": other.theme.name,
                    "start": date_format(other.starts_on, "DATE_FORMAT"),
                    "end": date_format(other.ends_on, "DATE_FORMAT"),
                }
            ]
    if errors:
        raise ValidationError(errors)
    return GroupTheme.objects.create(group=group, theme=theme, starts_on=starts_on, ends_on=ends_on)


@transaction.atomic
def group_theme_remove(*, group_theme: GroupTheme, by: User) -> None:
    if not access.can_work_in_group(by, group_theme.group):
        raise PermissionDenied
    group_theme.delete()
