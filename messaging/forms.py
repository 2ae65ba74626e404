"""Forms for a child's conversation: a new message and a correction.

The "text or photo" and length rules live in the service (messaging.services.conversations),
so that they hold however a message is posted; the length is also checked here so that a
pasted essay gets its message before the photo is processed.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from messaging.models import MESSAGE_MAX_LENGTH
from messaging.services.conversations import too_long_message
from photos.forms import PhotoField


def _body_field(label, rows: int) -> forms.CharField:
    # Not required: a message may be a photo alone; the service says what is missing.
    return forms.CharField(
        label=label,
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": MESSAGE_MAX_LENGTH}),
    )


def _clean_length(body: str) -> str:
    if len(body) > MESSAGE_MAX_LENGTH:
        raise forms.ValidationError(too_long_message(len(body)), code="max_length")
    return body


class MessageForm(forms.Form):
    body = _body_field(_("Your message"), rows=3)
    photo = PhotoField(label=_("Photo (optional)"), required=False)

    def clean_body(self) -> str:
        return _clean_length(self.cleaned_data["body"])


class MessageEditForm(forms.Form):
    body = _body_field(_("Your message"), rows=5)

    def clean_body(self) -> str:
        return _clean_length(self.cleaned_data["body"])
