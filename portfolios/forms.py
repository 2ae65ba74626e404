"""Forms for the portfolio: an observation, an entry from home, an edit and a response.

The rules (date not in the future, photo consent, lengths) live in the service, so that they
hold however an entry is written; the forms turn uploads into checked photos first.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from photos.images import ProcessedPhoto, process_photo
from portfolios.models import (
    ENTRY_MAX_LENGTH,
    PHOTOS_PER_ENTRY,
    RESPONSE_MAX_LENGTH,
    Domain,
    EntryPhoto,
    PortfolioEntry,
)
from portfolios.selectors import active_domains


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos at once; cleans to a list of ProcessedPhoto (empty when none).

    Each file goes through photos.images.process_photo; one bad file refuses the whole
    upload, with its number in the message, so that nothing is saved half."""

    widget = MultiplePhotoInput(attrs={"accept": "image/*,.heic,.heif"})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[ProcessedPhoto]:
        files = [file for file in (data if isinstance(data, list | tuple) else [data]) if file]
        if len(files) > PHOTOS_PER_ENTRY:
            raise ValidationError(_("Add at most %(max)s photos to one entry."), params={"max": PHOTOS_PER_ENTRY})
        processed, errors = [], []
        for number, file in enumerate(files, start=1):
            if not isinstance(file, UploadedFile):
                continue
            try:
                processed.append(process_photo(file))
            except ValidationError as error:
                errors.extend(
                    _("Photo %(number)s: %(problem)s") % {"number": number, "problem": message}
                    for message in error.messages
                )
        if errors:
            raise ValidationError(errors)
        return processed


def _text_field(label, max_length: int, rows: int, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _date_field() -> forms.DateField:
    return forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )


class EntryForm(forms.Form):
    """For both perspectives; the parents' version leaves the domain optional and has no
    "share now"."""

    domain = forms.ModelChoiceField(label=_("Development domain"), queryset=Domain.objects.none())
    observed_on = _date_field()
    text = _text_field(_("What did you see?"), ENTRY_MAX_LENGTH, rows=5)
    photos = PhotosField(label=_("Photos (optional)"))
    share = forms.BooleanField(
        label=_("Share with the parents now"),
        required=False,
        initial=True,
        help_text=_("Leave this off to keep it as a draft for the team; you can share it later."),
    )

    def __init__(self, *args: Any, parent: bool, photos_allowed: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domain"].queryset = active_domains()
        if parent:
            del self.fields["share"]
            self.fields["domain"].required = False
            self.fields["domain"].empty_label = _("(no particular domain)")
            self.fields["text"].label = _("At home I see…")
            self.fields["text"].help_text = _("What does your child do, say or enjoy at home?")
        if not photos_allowed:
            from portfolios.services.entries import no_consent_message

            self.fields["photos"].help_text = no_consent_message()
            self.fields["photos"].widget.attrs["disabled"] = True


class EntryEditForm(forms.Form):
    domain = forms.ModelChoiceField(label=_("Development domain"), queryset=Domain.objects.none())
    observed_on = _date_field()
    text = _text_field(_("What did you see?"), ENTRY_MAX_LENGTH, rows=6)
    remove_photos = forms.ModelMultipleChoiceField(
        label=_("Remove photos"), queryset=EntryPhoto.objects.none(), required=False
    )
    photos = PhotosField(label=_("Add photos (optional)"))

    def __init__(self, *args: Any, entry: PortfolioEntry, photos_allowed: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["remove_photos"].queryset = entry.photos.all()
        if not photos_allowed:
            from portfolios.services.entries import no_consent_message

            self.fields["photos"].help_text = no_consent_message()
            self.fields["photos"].widget.attrs["disabled"] = True
        # A domain retired since the entry was written stays choosable for it.
        domains = Domain.objects.filter(is_active=True)
        if entry.domain_id:
            domains = Domain.objects.filter(pk=entry.domain_id) | domains
        self.fields["domain"].queryset = domains
        if entry.is_from_parent:
            self.fields["domain"].required = False
            self.fields["domain"].empty_label = _("(no particular domain)")
            self.fields["text"].label = _("At home I see…")


class ResponseForm(forms.Form):
    text = _text_field(_("Your response"), RESPONSE_MAX_LENGTH, rows=2)
