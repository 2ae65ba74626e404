"""Forms for the full contact moment with its agreements, the routine, and parents' requests."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from contacts.models import MAX_ROUTINE_WEEKS, ContactMoment, ContactRoutine, ConversationRequest, Topic
from contacts.services.moments import AgreementDraft
from families.models import Child, Guardian
from families.services.home_visits import professionals_for_child

_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# The "who" of an agreement is one select over professionals and parents: "<kind>:<pk>".
_PROFESSIONAL, _GUARDIAN = "professional", "guardian"


class ContactMomentForm(forms.ModelForm):
    """Everything of a contact moment except its agreements (see AgreementFormSet)."""

    class Meta:
        model = ContactMoment
        fields = [
            "occurred_at",
            "kind",
            "professional",
            "guardians_present",
            "language_used",
            "interpreter_used",
            "child_experience",
            "home_news",
            "topics",
            "positive_note",
            "staff_notes",
            "shared_summary",
            "summary_shared",
        ]
        widgets = {
            "occurred_at": _DATETIME,
            "guardians_present": forms.CheckboxSelectMultiple,
            # Rendered as tappable chips (Bootstrap's toggle buttons): see contacts/_topic_chips.html.
            "topics": forms.CheckboxSelectMultiple(attrs={"class": "btn-check"}),
            "child_experience": forms.Textarea(attrs={"rows": 3}),
            "home_news": forms.Textarea(attrs={"rows": 3}),
            "staff_notes": forms.Textarea(attrs={"rows": 3}),
            "shared_summary": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "occurred_at": _("When did you talk?"),
            "home_news": _("What did the parents tell of home?"),
            "child_experience": _("What did the child experience?"),
        }
        help_texts = {
            "child_experience": _("At the group, today or lately: what the child did, learned, enjoyed."),
            "home_news": _("Ask about home: sleep, food, play, languages, news in the family."),
            "positive_note": _("Something positive about the child that you told the parents."),
            "staff_notes": _("Only the team reads these notes, never the parents."),
            "shared_summary": _("A few friendly sentences in plain language. This is all the parents see."),
            "summary_shared": _("The parents see the summary on their child's page; everything else stays staff-only."),
        }

    def __init__(self, *args, child: Child, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.child = child
        self.fields["guardians_present"].queryset = Guardian.objects.filter(family_id=child.family_id)
        # The child's professionals; whoever logs may record their own contact (an admin too),
        # and a correction keeps the professional it had.
        allowed = Q(pk__in=professionals_for_child(child).values("pk"))
        if self.instance.pk is None:
            allowed |= Q(pk=user.pk)
        elif self.instance.professional_id:
            allowed |= Q(pk=self.instance.professional_id)
        professional = self.fields["professional"]
        professional.queryset = User.objects.filter(allowed).order_by("first_name", "last_name")
        professional.required = True
        professional.label_from_instance = lambda user: user.get_full_name() or user.email
        # Retired topics stay on the moments that have them, but are offered no more.
        topics = Q(is_active=True)
        if self.instance.pk is not None:
            topics |= Q(pk__in=self.instance.topics.values("pk"))
        self.fields["topics"].queryset = Topic.objects.filter(topics)
        if self.instance.pk is None and not self.is_bound:
            self.initial.setdefault("occurred_at", timezone.localtime().replace(second=0, microsecond=0))
            self.initial["professional"] = user.pk
            self.initial["language_used"] = child.family.preferred_language
            self.initial["interpreter_used"] = child.family.interpreter_needed

    def moment_fields(self) -> dict:
        """The cleaned values as the services take them."""
        return dict(self.cleaned_data)


class AgreementForm(forms.Form):
    """One row of the agreements: what, who, by when. A row left empty is ignored."""

    description = forms.CharField(label=_("What"), max_length=300, required=False)
    owner = forms.ChoiceField(label=_("Who"), required=False)
    due_on = forms.DateField(label=_("By when"), required=False, widget=_DATE)

    def __init__(self, *args, owners: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = owners

    def clean(self) -> dict:
        data = super().clean()
        if self.is_filled_in() and not data.get("due_on") and "due_on" not in self.errors:
            self.add_error("due_on", _("Choose by when it will be done."))
        return data

    def is_filled_in(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return bool(str(data.get("description") or "").strip() or data.get("owner") or data.get("due_on"))


class BaseAgreementFormSet(forms.BaseFormSet):
    def __init__(self, *args, child: Child, **kwargs) -> None:
        self.child = child
        guardians = list(Guardian.objects.filter(family_id=child.family_id))
        professionals = list(professionals_for_child(child))
        self.guardians = {str(guardian.pk): guardian for guardian in guardians}
        self.professionals = {str(user.pk): user for user in professionals}
        self.owners = [
            ("", "—"),
            (
                _("Professionals"),
                [(f"{_PROFESSIONAL}:{user.pk}", user.get_full_name() or user.email) for user in professionals],
            ),
            (_("Parents"), [(f"{_GUARDIAN}:{guardian.pk}", str(guardian)) for guardian in guardians]),
        ]
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "owners": self.owners}

    def filled_in(self) -> list[tuple[int, AgreementForm]]:
        """The rows with something in them, with their position in the formset."""
        return [(index, form) for index, form in enumerate(self.forms) if form.is_filled_in()]

    def drafts(self) -> list[AgreementDraft]:
        """The filled-in rows as the services take them, in the order of `filled_in()`."""
        drafts = []
        for _index, form in self.filled_in():
            data = form.cleaned_data
            kind, _sep, pk = (data.get("owner") or "").partition(":")
            drafts.append(
                AgreementDraft(
                    description=data.get("description") or "",
                    due_on=data["due_on"],
                    owner_professional=self.professionals.get(pk) if kind == _PROFESSIONAL else None,
                    owner_guardian=self.guardians.get(pk) if kind == _GUARDIAN else None,
                )
            )
        return drafts


AgreementFormSet = forms.formset_factory(
    AgreementForm, formset=BaseAgreementFormSet, extra=3, max_num=10, validate_max=True, absolute_max=20
)


def agreement_formset(data, *, child: Child) -> BaseAgreementFormSet:
    return AgreementFormSet(data, child=child, prefix="agreements")


class RoutineForm(forms.ModelForm):
    class Meta:
        model = ContactRoutine
        fields = ["every_weeks", "weekday", "time", "channel", "agreed_on"]
        widgets = {
            "every_weeks": forms.NumberInput(attrs={"min": 1, "max": MAX_ROUTINE_WEEKS, "inputmode": "numeric"}),
            "time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "agreed_on": _DATE,
        }
        labels = {"every_weeks": _("Every … weeks"), "weekday": _("Weekday"), "time": _("Around what time")}
        help_texts = {"agreed_on": _("The day you agreed this routine with the parents.")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["agreed_on"] = timezone.localdate()

    def routine_fields(self) -> dict:
        return dict(self.cleaned_data)


class ConversationRequestForm(forms.ModelForm):
    class Meta:
        model = ConversationRequest
        fields = ["reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3, "maxlength": 500})}
        help_texts = {"reason": _("A few words are enough. The mentor will contact you to make an appointment.")}
