from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import ContactMoment, ConversationSlot
from contacts.services.slots import NOTE_MAX_LENGTH, PLACE_MAX_LENGTH, SLOT_KINDS, SLOT_MINUTES


class SlotPublishForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    minutes = forms.TypedChoiceField(
        label=_("Minutes per conversation"),
        coerce=int,
        choices=[(number, number) for number in SLOT_MINUTES],
        initial=15,
    )
    kind = forms.ChoiceField(
        label=_("Kind of conversation"),
        choices=[(kind.value, kind.label) for kind in SLOT_KINDS],
        initial=ContactMoment.Kind.DEVELOPMENT,
    )
    place = forms.CharField(
        label=_("Where"),
        max_length=PLACE_MAX_LENGTH,
        required=False,
        help_text=_("E.g. the group room, or a video call."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].widget.attrs["min"] = timezone.localdate().isoformat()


class BookingForm(forms.Form):
    """One time to book. Any slot id is accepted here: the service says clearly why a time
    cannot be booked (taken, passed, not the child's mentor)."""

    slot = forms.ModelChoiceField(label=_("Time"), queryset=ConversationSlot.objects.all(), widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("What would you like to talk about?"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        help_text=_("Optional: a few words, so that the mentor can prepare."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].error_messages["invalid_choice"] = _("This time no longer exists; choose another.")


class BookingMoveForm(forms.Form):
    slot = forms.ModelChoiceField(label=_("Time"), queryset=ConversationSlot.objects.all(), widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].error_messages["invalid_choice"] = _("This time no longer exists; choose another.")
