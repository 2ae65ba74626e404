"""Forms for home activities: handing one out, and a parent's "Done! How did it go?".

The rules (published, a week that has not ended, once per week, the feedback window) live in
activities.services.home, so that they hold however a hand-out or feedback is made; the forms
only turn the choices into objects and keep what was typed.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from activities.home_selectors import Target, monday_of
from activities.models import Activity, HomeActivityFeedback
from families.languages import LANGUAGE_CHOICES

# The form offers this week and the next few.
WEEKS_OFFERED = 4


def weeks_offered(today: date) -> list[tuple[str, str]]:
    monday = monday_of(today)
    choices = []
    for number in range(WEEKS_OFFERED):
        start = monday + timedelta(weeks=number)
        label = formats.date_format(start, "DATE_FORMAT")
        if number == 0:
            label = gettext("This week (from %(date)s)") % {"date": label}
        elif number == 1:
            label = gettext("Next week (from %(date)s)") % {"date": label}
        else:
            label = gettext("The week of %(date)s") % {"date": label}
        choices.append((start.isoformat(), label))
    return choices


class HandOutForm(forms.Form):
    activity = forms.ModelChoiceField(
        label=_("Activity"),
        queryset=Activity.objects.all(),
        empty_label=_("Choose an activity"),
        error_messages={"invalid_choice": _("This activity no longer exists. Choose another one.")},
    )
    target = forms.ChoiceField(label=_("For"), help_text=_("The whole group, or one family of the group."))
    # A date, not a choice: a week that ended since the form was opened gets the service's
    # clear message instead of "not one of the choices".
    week_start = forms.DateField(label=_("Week"), widget=forms.Select)
    note = forms.CharField(
        label=_("A word to the parents (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. why you chose this activity, or a tip for this week."),
    )

    def __init__(self, *args: Any, targets: list[Target], today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        published = Activity.objects.filter(is_published=True).order_by("title")
        # Only published activities are offered; an unpublished one posted anyway reaches the
        # service, which says why it cannot be handed out.
        self.fields["activity"].widget.choices = [("", self.fields["activity"].empty_label)] + [
            (activity.pk, activity.title) for activity in published.only("pk", "title")
        ]
        grouped: dict[str, list[tuple[str, str]]] = {}
        for target in targets:
            grouped.setdefault(target.group_label, []).append((target.value, target.label))
        self.fields["target"].choices = list(grouped.items())
        self.fields["week_start"].widget.choices = weeks_offered(today)
        self.target_values = {target.value for target in targets}


class FeedbackForm(forms.Form):
    done_on = forms.DateField(
        label=_("When did you do it?"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    how_it_went = forms.ChoiceField(
        label=_("How did it go?"),
        choices=HomeActivityFeedback.HowItWent.choices,
        widget=forms.RadioSelect,
    )
    child_said = forms.CharField(
        label=_("What did your child say?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The words your child used, in any language."),
    )
    language_used = forms.ChoiceField(
        label=_("Which language did you use?"),
        choices=LANGUAGE_CHOICES,
        help_text=_("Any language is good. Talking in the language you know best helps your child most."),
    )
    comment = forms.CharField(
        label=_("Anything else? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
