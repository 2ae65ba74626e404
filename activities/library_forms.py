"""Forms of the activity library and the themes.

The rules (required texts, age range, overlapping themes) live in activities.services.library,
so that they hold however the library is written; the forms collect the input, turn an
uploaded picture into a checked one first (photos.images.process_photo) and keep what was
typed when the service refuses it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from activities.models import TRANSLATION_LANGUAGES, Activity, ActivityText, LanguageGoal, Theme
from activities.texts import is_rtl
from photos.images import ProcessedPhoto, process_photo

LANGUAGE_NAMES = dict(TRANSLATION_LANGUAGES)


class PictureField(forms.FileField):
    """One optional picture; cleans to a ProcessedPhoto (re-encoded, without metadata) or None."""

    widget = forms.FileInput(attrs={"accept": "image/*,.heic,.heif"})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> ProcessedPhoto | None:
        if not isinstance(data, UploadedFile):
            return None
        return process_photo(data)


def _textarea(rows: int, **attrs: str) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, **attrs})


def _text_fields(model, *, required: bool, attrs: dict[str, str] | None = None) -> dict[str, forms.Field]:
    """The activity's five texts, labelled and sized as on the model."""
    attrs = attrs or {}
    fields: dict[str, forms.Field] = {}
    for name in ActivityText.TEXT_FIELDS:
        model_field = model._meta.get_field(name)
        widget = forms.TextInput(attrs=attrs) if name == "title" else _textarea(5 if name == "steps" else 3, **attrs)
        fields[name] = forms.CharField(
            label=capfirst(model_field.verbose_name),
            help_text=model_field.help_text,
            required=required,
            widget=widget,
            max_length=model_field.max_length,
        )
    return fields


class ActivityForm(forms.Form):
    """An activity in Dutch. The texts are not required here: the service says what is missing,
    in words that fit each part."""

    goals = forms.ModelMultipleChoiceField(
        label=_("Language goals"),
        queryset=LanguageGoal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.none(), required=False, empty_label=_("(no theme)")
    )
    age_from_months = forms.IntegerField(label=_("From age (months)"), min_value=0, initial=24)
    age_to_months = forms.IntegerField(label=_("To age (months)"), min_value=0, initial=48)
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1, initial=10)
    picture = PictureField(label=_("Picture (optional)"))
    remove_picture = forms.BooleanField(label=_("Remove the picture"), required=False)

    def __init__(self, *args: Any, activity: Activity | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        texts = _text_fields(Activity, required=False, attrs={"lang": "nl", "dir": "ltr"})
        self.fields = {**texts, **self.fields}
        goals = LanguageGoal.objects.filter(is_active=True)
        themes = Theme.objects.filter(is_active=True)
        if activity is not None:
            # A goal or theme retired since stays choosable for the activity that has it.
            goals = goals | LanguageGoal.objects.filter(activities=activity)
            if activity.theme_id:
                themes = themes | Theme.objects.filter(pk=activity.theme_id)
        self.fields["goals"].queryset = goals.distinct()
        self.fields["theme"].queryset = themes.distinct()
        if activity is None or not activity.picture:
            del self.fields["remove_picture"]

    @classmethod
    def initial_for(cls, activity: Activity) -> dict[str, Any]:
        return {
            **{name: getattr(activity, name) for name in ActivityText.TEXT_FIELDS},
            "goals": [goal.pk for goal in activity.goals.all()],
            "theme": activity.theme_id,
            "age_from_months": activity.age_from_months,
            "age_to_months": activity.age_to_months,
            "duration_minutes": activity.duration_minutes,
        }


class TranslationForm(forms.Form):
    """The five texts in one language, typed beside the Dutch. Not required at field level:
    the service refuses an empty or half translation with a message that says why."""

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        attrs = {"lang": language, "dir": "rtl" if is_rtl(language) else "ltr"}
        self.fields.update(_text_fields(Activity, required=False, attrs=attrs))


def _language_fields(form: forms.Form, languages: list[str], initial: dict[str, str], max_length: int) -> None:
    for language in languages:
        form.fields[f"lang_{language}"] = forms.CharField(
            label=LANGUAGE_NAMES[language],
            required=False,
            max_length=max_length,
            initial=initial.get(language, ""),
            widget=forms.TextInput(attrs={"lang": language, "dir": "rtl" if is_rtl(language) else "ltr"}),
        )
    form.fields["extra_language"] = forms.ChoiceField(
        label=_("Another language"),
        required=False,
        choices=[("", "—")] + [(code, name) for code, name in TRANSLATION_LANGUAGES if code not in languages],
    )
    form.fields["extra_text"] = forms.CharField(label=_("Translation"), required=False, max_length=max_length)


class _TranslatedNamesForm(forms.Form):
    """A Dutch name plus a field per language: the languages of the families and those the
    thing is already translated into; one more language can be added at a time."""

    def __init__(self, *args: Any, languages: list[str], translations: dict[str, str], max_length: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = languages
        _language_fields(self, languages, translations, max_length)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("extra_text") and not data.get("extra_language"):
            self.add_error("extra_language", _("Choose the language of this translation."))
        return data

    def translations(self) -> dict[str, str]:
        data = self.cleaned_data
        texts = {language: data.get(f"lang_{language}", "") for language in self.languages}
        if data.get("extra_language"):
            texts[data["extra_language"]] = data.get("extra_text", "")
        return texts

    def language_fields(self) -> list[forms.BoundField]:
        return [self[f"lang_{language}"] for language in self.languages]


class ThemeForm(_TranslatedNamesForm):
    name = forms.CharField(label=_("Name in Dutch"), max_length=80, required=False)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class WordForm(_TranslatedNamesForm):
    word = forms.CharField(
        label=_("Word in Dutch"),
        max_length=80,
        required=False,
        help_text=_("With the article: de appel, het blad."),
        widget=forms.TextInput(attrs={"lang": "nl"}),
    )
    picture = PictureField(label=_("Picture (optional)"))
    remove_picture = forms.BooleanField(label=_("Remove the picture"), required=False)

    def __init__(self, *args: Any, has_picture: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not has_picture:
            del self.fields["remove_picture"]


class ScheduleForm(forms.Form):
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.filter(is_active=True), required=False)
    starts_on = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ends_on = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on the field it names when the form has it."""
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(None, error)
