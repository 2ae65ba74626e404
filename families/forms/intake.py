from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from contacts.models import MAX_ROUTINE_WEEKS
from families.models import Child, Guardian, Intake
from families.services.home_visits import professionals_for_child
from families.services.intake import INTAKE_FIELDS

# Every free-text section of the conversation gets a roomy text area.
_TEXT_FIELDS = [name for name in INTAKE_FIELDS if isinstance(Intake._meta.get_field(name), models.TextField)]


class IntakeForm(forms.ModelForm):
    """Every field may stay empty in a draft; the service says what completing needs."""

    class Meta:
        model = Intake
        fields = [*INTAKE_FIELDS, "guardians_present"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "contact_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "guardians_present": forms.CheckboxSelectMultiple,
            "contact_every_weeks": forms.NumberInput(
                attrs={"min": 1, "max": MAX_ROUTINE_WEEKS, "inputmode": "numeric"}
            ),
            **{name: forms.Textarea(attrs={"rows": 4}) for name in _TEXT_FIELDS},
        }
        # Under each section's heading, the questions to talk about.
        labels = {
            "family_and_network": _("Who belongs to the family, and who else is close to the child?"),
            "languages_at_home": _("Who speaks which language with the child, and how?"),
            "interests": _("What does the child like to do and play with?"),
            "view_on_upbringing": _("What do the parents find important in raising their child?"),
            "contact_every_weeks": _("Every … weeks"),
            "contact_weekday": _("Weekday"),
            "contact_time": _("Time"),
        }
        help_texts = {
            "family_and_network": _("Brothers and sisters, grandparents, neighbours, friends of the family."),
            "languages_at_home": _("Reading aloud, songs, stories, screens; which language the parents prefer."),
            "view_on_upbringing": "",
            "contact_every_weeks": "",
        }

    def __init__(self, *args, child: Child, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["guardians_present"].queryset = Guardian.objects.filter(family_id=child.family_id)
        # The child's professionals, and whoever held an earlier version of this intake.
        held_by = User.objects.filter(pk__in=professionals_for_child(child).values("pk"))
        if self.instance.held_by_id:
            held_by |= User.objects.filter(pk=self.instance.held_by_id)
        self.fields["held_by"].queryset = held_by.order_by("first_name", "last_name")
        if self.instance.pk is None and not self.is_bound:
            if held_by.filter(pk=user.pk).exists():
                self.initial["held_by"] = user.pk
            self.initial["interpreter_used"] = child.family.interpreter_needed
        every_weeks = self.fields["contact_every_weeks"]
        every_weeks.validators += [MinValueValidator(1), MaxValueValidator(MAX_ROUTINE_WEEKS)]

    def intake_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in INTAKE_FIELDS}
