"""Forms for parent–child sessions: planning or changing one, who came, the reflection.

The rules (not in the past, end after start, a published activity, when who may write) live
in activities.services.sessions; these forms only read what was typed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ParentChildSession, SessionFamily
from activities.services.sessions import INVITATION_MAX_LENGTH, REFLECTION_MAX_LENGTH, TITLE_MAX_LENGTH
from families.models import Family


class SessionForm(forms.Form):
    """An activity from the library or a title, the date and times, and the invitation."""

    activity = forms.ModelChoiceField(
        label=_("Activity from the library"),
        queryset=Activity.objects.none(),
        required=False,
        empty_label=_("(no activity from the library)"),
        help_text=_("Parents read its steps in their own language."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        required=False,
        help_text=_("When it is not one activity from the library, e.g. 'Singing together'."),
    )
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    starts = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    ends = forms.TimeField(label=_("End time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    invitation = forms.CharField(
        label=_("Invitation to the parents"),
        max_length=INVITATION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Short sentences in easy Dutch: what you will do together, and that little brothers and sisters "
            "are welcome too."
        ),
    )

    def __init__(self, *args: Any, session: ParentChildSession | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        activities = Activity.objects.filter(is_published=True)
        if session is not None and session.activity_id:
            # A session keeps its activity even when it was taken out of the library since.
            activities = Activity.objects.filter(pk=session.activity_id) | activities
        self.fields["activity"].queryset = activities.order_by("title")


class SessionPlanForm(SessionForm):
    invite = forms.BooleanField(
        label=_("Invite the parents of the group now"),
        required=False,
        initial=True,
        help_text=_("Parents with a login get a notification; you can also invite them later."),
    )


class InvitedFamilyField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, row: SessionFamily) -> str:
        if row.reply:
            return f"{row.family.name} ({row.get_reply_display().lower()})"
        return row.family.name


class FamilyField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, family: Family) -> str:
        return family.name


class AttendanceForm(forms.Form):
    """A checkbox per invited family, and the group's other families who came anyway."""

    came = InvitedFamilyField(
        label=_("Invited families who came"),
        queryset=SessionFamily.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    walk_ins = FamilyField(
        label=_("Came without an invitation"),
        queryset=Family.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Families of the group who were not invited, e.g. placed after the invitation."),
    )

    def __init__(self, *args: Any, invited, candidates, **kwargs: Any) -> None:
        super().__init__(*args, prefix="attendance", **kwargs)
        self.fields["came"].queryset = invited
        self.fields["walk_ins"].queryset = candidates


class ReflectionForm(forms.Form):
    reflection = forms.CharField(
        label=_("Reflection"),
        max_length=REFLECTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What went well? What did the parents try with their child? What will you do next time?"),
    )
