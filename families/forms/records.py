"""Forms for the family's records, used by staff: family, parents, child, placement."""

from datetime import date, timedelta

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from families.languages import LANGUAGE_CHOICES
from families.models import Child, Family, Guardian, Placement
from groups.models import Group
from groups.selectors import professionals_of

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Children in childcare and out-of-school care are at most 13 years old.
OLDEST_CHILD_YEARS = 14


class FamilyForm(forms.ModelForm):
    home_languages = forms.MultipleChoiceField(
        label=_("Languages spoken at home"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Family
        fields = [
            "name",
            "home_languages",
            "preferred_language",
            "interpreter_needed",
            "phone",
            "street",
            "postcode",
            "city",
            "external_id",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["home_languages"] = list(self.instance.home_languages.values_list("language", flat=True))

    def clean_external_id(self) -> str:
        external_id = self.cleaned_data["external_id"].strip()
        if external_id and Family.objects.filter(external_id=external_id).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another family already has this external id."))
        return external_id


class GuardianForm(forms.ModelForm):
    class Meta:
        model = Guardian
        fields = ["first_name", "last_name", "relationship", "email", "phone", "preferred_language"]
        help_texts = {"email": _("Needed to invite the parent to the portal.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.user_id:
            # The address is the parent's login now; it changes with the account (admin).
            self.fields["email"].disabled = True
            self.fields["email"].help_text = _("This is the parent's login; an administrator can change it.")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if not email:
            return email
        others = Guardian.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                _("This email address is already used by another parent. Each parent needs their own address.")
            )
        staff_user = User.objects.filter(email__iexact=email, assignments__isnull=False).exclude(
            pk=self.instance.user_id
        )
        if staff_user.exists() and not self.instance.user_id:
            # Linking a colleague's login to a family happens in the admin, on purpose.
            raise forms.ValidationError(_("This email address belongs to a staff member's login."))
        return email


class OptionalGuardianForm(GuardianForm):
    """The second parent on the registration form: left empty, it is skipped."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_permitted", True)
        kwargs.setdefault("use_required_attribute", False)
        super().__init__(*args, **kwargs)
        language = self.fields["preferred_language"]
        language.choices = [("", "---------"), *LANGUAGE_CHOICES]
        language.initial = ""
        language.required = False

    def clean_preferred_language(self) -> str:
        return self.cleaned_data["preferred_language"] or "nl"


class ChildForm(forms.ModelForm):
    class Meta:
        model = Child
        fields = ["first_name", "last_name", "birth_date", "external_id"]
        widgets = {"birth_date": DATE_INPUT}

    def clean_birth_date(self) -> date:
        birth_date = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if birth_date > today:
            raise forms.ValidationError(_("The birth date cannot be in the future."))
        if birth_date < today - timedelta(days=365 * OLDEST_CHILD_YEARS):
            raise forms.ValidationError(
                _("This child would be older than %(years)d years: please check the birth date.")
                % {"years": OLDEST_CHILD_YEARS}
            )
        return birth_date

    def clean_external_id(self) -> str:
        external_id = self.cleaned_data["external_id"].strip()
        if external_id and Child.objects.filter(external_id=external_id).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another child already has this external id."))
        return external_id


class PlacementForm(forms.ModelForm):
    """A child's place in a group, with a mentor who works in that group."""

    class Meta:
        model = Placement
        fields = ["group", "start_date", "end_date", "mentor"]
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT}
        help_texts = {
            "mentor": _("The parents' first contact, who discusses the child's development with them."),
            "end_date": _("Leave empty while the child stays."),
        }

    def __init__(self, *args, groups: QuerySet[Group], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups.select_related("location").order_by("location__name", "name")
        self.fields["group"].label_from_instance = lambda group: f"{group.name} – {group.location.name}"
        self.fields["mentor"].queryset = User.objects.filter(
            is_active=True, assignments__role="professional"
        ).distinct()
        self.fields["mentor"].label_from_instance = lambda user: user.get_full_name() or user.email
        self.fields["mentor"].widget.attrs["data-mentor-for"] = self["group"].auto_id
        if not self.instance.pk:
            self.fields["start_date"].initial = timezone.localdate()

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        group, mentor = cleaned.get("group"), cleaned.get("mentor")
        if group and mentor and not professionals_of(group).filter(pk=mentor.pk).exists():
            self.add_error(
                "mentor", _("The mentor must be a professional of the group %(group)s.") % {"group": group.name}
            )
        return cleaned
