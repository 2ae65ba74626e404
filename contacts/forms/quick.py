"""The quick log: a pick-up or drop-off talk written down on a phone in under a minute."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from contacts.models import ContactMoment, Topic
from families.models import Child, Guardian

# The kinds that fit a quick note, with short names so that the chips fit one row on a phone;
# development conversations and home visits need the full form.
QUICK_KINDS = (
    (ContactMoment.Kind.PICK_UP.value, _("Pick-up/drop-off")),
    (ContactMoment.Kind.PHONE.value, _("Phone")),
    (ContactMoment.Kind.VIDEO.value, _("Video")),
    (ContactMoment.Kind.PLANNED.value, _("Planned")),
)


class GuardianChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, guardian: Guardian) -> str:
        return f"{guardian.first_name} ({guardian.get_relationship_display().lower()})"


class QuickContactForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("How did you talk?"),
        choices=QUICK_KINDS,
        initial=ContactMoment.Kind.PICK_UP,
        widget=forms.RadioSelect,
    )
    child_experience = forms.CharField(
        label=_("What did the child experience today?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    home_news = forms.CharField(
        label=_("What did the parent tell of home?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    positive_note = forms.CharField(label=_("Something positive you told"), required=False, max_length=300)
    guardians_present = GuardianChoiceField(
        label=_("Who was there?"), queryset=Guardian.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, child: Child, **kwargs) -> None:
        # Several children's forms can be open on one page: their ids must not clash.
        kwargs.setdefault("auto_id", f"quick-{child.pk.hex}-%s")
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = Topic.objects.filter(is_active=True)
        self.fields["guardians_present"].queryset = Guardian.objects.filter(family_id=child.family_id)
        self.fields["child_experience"].label = _("What did %(name)s experience today?") % {"name": child.first_name}
        self.fields["positive_note"].label = _("Something positive about %(name)s") % {"name": child.first_name}

    def log_fields(self) -> dict:
        """The keyword arguments for contacts.services.moments.contact_log."""
        return dict(self.cleaned_data)

    def add_service_errors(self, error: ValidationError) -> None:
        """Put the service's messages on their fields, or above the form for fields it does not show."""
        for name, messages in error.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)
