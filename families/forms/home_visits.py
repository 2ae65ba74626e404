from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from families.models import Child, HomeVisit
from families.services.home_visits import professionals_for_child

_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class HomeVisitPlanForm(forms.ModelForm):
    class Meta:
        model = HomeVisit
        fields = ["planned_for", "professional"]
        widgets = {"planned_for": _DATETIME}

    def __init__(self, *args, child: Child, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        professionals = professionals_for_child(child)
        self.fields["professional"].queryset = professionals
        if not self.is_bound and professionals.filter(pk=user.pk).exists():
            self.initial["professional"] = user.pk


class HomeVisitRecordForm(forms.ModelForm):
    class Meta:
        model = HomeVisit
        fields = [
            "planned_for",
            "parent_child_interaction",
            "language_environment",
            "follow_up",
            "notes",
            "summary_for_parents",
            "summary_shared",
        ]
        labels = {
            "planned_for": _("When did the visit take place?"),
            "summary_shared": _("Share this summary with the parents"),
        }
        help_texts = {
            "parent_child_interaction": _("How parents and child play, talk and respond to each other."),
            "language_environment": _("Which languages are spoken, books, songs, screens, toys."),
            "notes": _("The parents never see these notes."),
            "summary_for_parents": _("A few friendly sentences the parents may read, in plain language."),
            "summary_shared": _("The parents see this summary on their child's page, never the notes above."),
        }
        widgets = {
            "planned_for": _DATETIME,
            **{
                name: forms.Textarea(attrs={"rows": 4})
                for name in ("parent_child_interaction", "language_environment", "follow_up", "notes")
            },
            "summary_for_parents": forms.Textarea(attrs={"rows": 3}),
        }

    def record_fields(self) -> dict:
        fields = dict(self.cleaned_data)
        fields["held_at"] = fields.pop("planned_for")
        return fields


class HomeVisitCancelForm(forms.ModelForm):
    class Meta:
        model = HomeVisit
        fields = ["cancel_reason"]
        widgets = {"cancel_reason": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"cancel_reason": _("E.g. the family asked to move it, or the child was ill.")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cancel_reason"].required = True
