"""Forms for parents: their consents, and the family profile they keep current."""

import hashlib
import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from families.languages import LANGUAGE_CHOICES
from families.models import Child, Consent, Family, Guardian, HomeLanguage
from families.services.consents import STANDARD_KINDS

YES, NO = "yes", "no"
ANSWERS = [(YES, _("Yes, I agree")), (NO, _("No, I do not agree"))]
YES_NO_TEMPLATE = "families/consents/_yes_no_field.html"
# Radios drawn as two large buttons (Bootstrap's btn-check), easy to tap on a phone.
YES_NO_WIDGET = forms.RadioSelect(attrs={"class": "btn-check", "autocomplete": "off"})

# What each kind means, in plain words, shown under the question.
EXPLANATIONS = {
    Consent.Kind.PORTFOLIO_PHOTOS: _(
        "The staff take photos of your child while playing and learning, and keep them in your child's "
        "portfolio. Only you and the staff of the group can see them."
    ),
    Consent.Kind.GROUP_PHOTOS: _(
        "Some photos show several children, for example at a party or an activity. Other parents of the "
        "group may then see your child in them."
    ),
    Consent.Kind.SCHOOL_TRANSFER: _(
        "When your child goes to primary school, we give the school your child's portfolio, so that the "
        "teacher gets to know your child well from the first day."
    ),
    Consent.Kind.OTHER: _("Something else you agreed on with the group, for example trips outside the centre."),
}


def _form_helper(*fields) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if fields:
        helper.layout = Layout(*fields)
    return helper


def _other_field_name(description: str) -> str:
    # Stable across decisions, so that a form opened before a co-parent answered still fits.
    return "other_" + hashlib.sha256(description.encode()).hexdigest()[:12]


class ChildConsentForm(forms.Form):
    """A parent's yes or no per consent for one child. A question left open stays unanswered,
    which counts as not given."""

    def __init__(self, *args, child: Child, current: dict[str, Consent | None], others: list[Consent], **kwargs):
        super().__init__(*args, **kwargs)
        self.child = child
        self.questions: dict[str, tuple[str, str]] = {}
        for kind in STANDARD_KINDS:
            self._add_question(kind, kind=kind, description="", label=Consent.Kind(kind).label, now=current[kind])
        for consent in others:
            self._add_question(
                _other_field_name(consent.description),
                kind=Consent.Kind.OTHER,
                description=consent.description,
                label=consent.description,
                now=consent,
            )
        self.helper = _form_helper(*(Field(name, template=YES_NO_TEMPLATE) for name in self.questions))

    def _add_question(self, name: str, *, kind: str, description: str, label: str, now: Consent | None) -> None:
        field = forms.ChoiceField(
            label=label, choices=ANSWERS, widget=YES_NO_WIDGET, required=False, help_text=EXPLANATIONS[kind]
        )
        field.current = now  # the decision shown beside the question
        field.show_unanswered = True
        self.fields[name] = field
        self.questions[name] = (kind, description)
        if now is not None:
            self.initial[name] = YES if now.given else NO

    def answers(self) -> dict[tuple[str, str], bool]:
        """{(kind, description): given} for every question the parent answered."""
        return {
            question: self.cleaned_data[name] == YES
            for name, question in self.questions.items()
            if self.cleaned_data.get(name) in (YES, NO)
        }


class OtherConsentForm(forms.Form):
    description = forms.CharField(
        label=_("What is it about?"),
        max_length=200,
        help_text=_("For example: my child may join trips outside the centre."),
    )
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=ANSWERS,
        widget=YES_NO_WIDGET,
        error_messages={"required": _("Please choose yes or no.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "other")
        super().__init__(*args, **kwargs)
        self.fields["answer"].current = None
        self.fields["answer"].show_unanswered = False
        self.helper = _form_helper("description", Field("answer", template=YES_NO_TEMPLATE))

    def clean_description(self) -> str:
        return " ".join(self.cleaned_data["description"].split())

    @property
    def given(self) -> bool:
        return self.cleaned_data["answer"] == YES


# --- The family profile ---------------------------------------------------------------

_PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ()\-]+$")


class FamilyProfileForm(forms.ModelForm):
    class Meta:
        model = Family
        fields = ["preferred_language", "interpreter_needed"]
        labels = {
            "preferred_language": _("Language for messages and conversations with your family"),
            "interpreter_needed": _("We would like an interpreter at conversations"),
        }
        help_texts = {
            "preferred_language": _("The group writes to you and talks with you in this language where it can."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _form_helper()


class GuardianContactForm(forms.ModelForm):
    class Meta:
        model = Guardian
        fields = ["phone", "preferred_language"]
        labels = {"phone": _("Your phone number"), "preferred_language": _("Your own preferred language")}
        help_texts = {"phone": _("For example 06 12345678 or +31 6 12345678.")}
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _form_helper()

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data["phone"].split())
        if not phone:
            return phone
        digits = sum(character.isdigit() for character in phone)
        if not _PHONE_CHARACTERS.match(phone) or not 8 <= digits <= 15:
            raise forms.ValidationError(
                _("Please enter a phone number of 8 to 15 digits, for example 06 12345678."), code="invalid"
            )
        return phone


class HomeLanguageForm(forms.ModelForm):
    class Meta:
        model = HomeLanguage
        fields = ["language", "spoken_by"]
        labels = {"spoken_by": _("Spoken by")}
        help_texts = {"spoken_by": _("For example: mother to the child, or everyone at home.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Choose a language")), *LANGUAGE_CHOICES]


class BaseHomeLanguageFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        can_remove = "DELETE" in form.fields  # not on the empty row for a new language
        if can_remove:
            form.fields["DELETE"].label = _("Remove this language")
        form.helper = _form_helper(
            Row(Column("language", css_class="col-12 col-sm-5"), Column("spoken_by", css_class="col-12 col-sm-7")),
            *(["DELETE"] if can_remove else []),
        )
        form.helper.render_hidden_fields = True  # the row's id, which the layout does not name

    def clean(self) -> None:
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            language = form.cleaned_data.get("language")
            if not language:
                continue
            if language in seen:
                form.add_error("language", _("This language is already in the list."))
            seen.add(language)
        super().clean()

    def spoken(self) -> tuple[tuple[str, str], ...]:
        """(language, spoken by) for each language kept or added; an untouched empty row has none."""
        kept = []
        for form in self.forms:
            language = form.cleaned_data.get("language")
            if language and not self._should_delete_form(form):
                kept.append((language, form.cleaned_data.get("spoken_by", "").strip()))
        return tuple(kept)


HomeLanguageFormSet = forms.inlineformset_factory(
    Family,
    HomeLanguage,
    form=HomeLanguageForm,
    formset=BaseHomeLanguageFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,
    max_num=12,
    validate_max=True,
)
