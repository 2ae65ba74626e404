"""Forms of the privacy pages: the parents' removal request and the admin's answer to it."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from families.models import Family
from privacy.models import RemovalRequest

NOTE_MAX_LENGTH = RemovalRequest._meta.get_field("note").max_length
REASON_MAX_LENGTH = RemovalRequest._meta.get_field("decline_reason").max_length


class RemovalAskForm(forms.Form):
    """A parent asks for the family's data to be removed, with an optional note."""

    family = forms.ModelChoiceField(
        queryset=Family.objects.none(),
        label=_("Which family?"),
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of your families.")},
    )
    note = forms.CharField(
        label=_("Anything you would like to tell us (optional)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, families: QuerySet[Family], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["family"].queryset = families
        if len(families) == 1:
            # One household, as for most parents: nothing to choose.
            self.fields["family"].widget = forms.HiddenInput()
            self.fields["family"].initial = families[0].pk


class WithdrawForm(forms.Form):
    """The parents take back their open request."""

    request = forms.ModelChoiceField(
        queryset=RemovalRequest.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("This request is no longer open.")},
    )

    def __init__(self, *args, requests: QuerySet[RemovalRequest], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = requests


class CarryOutForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I understand that this removes the names, texts, photos and messages of this family for good. "
            "It cannot be undone."
        ),
        error_messages={"required": _("Tick the box to confirm that the data may be removed.")},
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the request declined?"),
        help_text=_("The parents read this in the app and by email."),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tell the parents why the request is declined.")},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Tell the parents why the request is declined."))
        return reason
