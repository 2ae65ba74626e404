"""The upload form of the CSV onboarding: which location, which file, invite the parents or not."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from families.services import onboarding
from groups.models import Location


class OnboardingUploadForm(forms.Form):
    location = forms.ModelChoiceField(
        label=_("Location"),
        queryset=Location.objects.none(),
        help_text=_("The groups in the file are looked up in this location."),
    )
    file = forms.FileField(label=_("CSV file"), widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}))
    invite_guardians = forms.BooleanField(
        label=_("Invite the parents to the parent portal"),
        required=False,
        help_text=_(
            "Parents with an email address get an email with a link to set their password. "
            "Parents who already use their account are not invited again."
        ),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        locations = onboarding.onboarding_locations(user)
        self.fields["location"].queryset = locations
        if len(locations) == 1:
            self.fields["location"].initial = locations[0]
        self.fields["file"].help_text = _("At most %(size)d MB and %(rows)d rows, saved as CSV UTF-8.") % {
            "size": onboarding.MAX_MEGABYTES,
            "rows": onboarding.MAX_ROWS,
        }

    def clean_file(self) -> str:
        """The file's text, once its size, encoding and header are right."""
        # Reading one byte more than allowed is enough to tell that a file is too large.
        return onboarding.csv_read(self.cleaned_data["file"].read(onboarding.MAX_BYTES + 1)).text
