"""Forms for announcements: what a professional sends to a group, and a parent's private reply.

The length and "text or photo" rules live in the service (messaging.services.announcements),
so that they hold however the announcement is made; the forms only collect the input.
"""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from families.models import Child
from messaging.models import MESSAGE_MAX_LENGTH
from photos.forms import PhotoField


def _body_field(label, rows: int) -> forms.CharField:
    # Not required here: an announcement may be a photo alone; the service says what is missing.
    return forms.CharField(
        label=label,
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": MESSAGE_MAX_LENGTH}),
    )


class AnnouncementForm(forms.Form):
    body = _body_field(_("Message to all parents of the group"), rows=6)
    photo = PhotoField(label=_("Photo (optional)"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = _("E.g. an outing tomorrow. Parents can reply to you privately.")


class AnnouncementReplyForm(forms.Form):
    """A parent's reply; with several children in the group the parent chooses whose
    conversation it goes to, with one it is implicit."""

    child = forms.ModelChoiceField(
        label=_("About"), queryset=Child.objects.none(), empty_label=None, widget=forms.RadioSelect
    )
    body = _body_field(_("Your reply (only the group's professionals read it)"), rows=3)

    def __init__(self, *args, children: QuerySet[Child], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children
        self.children = list(children)
        self.fields["child"].label_from_instance = lambda child: child.first_name
        if len(self.children) == 1:
            self.fields["child"].widget = forms.HiddenInput()
            self.fields["child"].required = False
            self.fields["child"].initial = self.children[0].pk

    def clean_child(self) -> Child | None:
        child = self.cleaned_data.get("child")
        if child is None and len(self.children) == 1:
            return self.children[0]
        return child
