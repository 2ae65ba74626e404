"""Forms for the portfolio review: its period and conversation, and the texts per domain.

The rules (period not in the future, the conversation of this child, when who may write)
live in portfolios.services.reviews; these forms only read what was typed. Each domain of a
review has its own small form, prefixed "domain-<row id>", so that an error lands on its row.
"""

from typing import Any

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import ContactMoment
from families.models import Child
from portfolios.models import REVIEW_NEXT_STEPS_MAX_LENGTH, REVIEW_VIEW_MAX_LENGTH, ReviewDomain


def _date_field(label) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


def _text_field(label, max_length: int, rows: int = 3, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ConversationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, moment: ContactMoment) -> str:
        return str(
            _("Development conversation of %(date)s")
            % {"date": formats.date_format(timezone.localtime(moment.occurred_at), "DATE_FORMAT")}
        )


class ReviewForm(forms.Form):
    """The period a review covers and the development conversation it belongs to."""

    period_start = _date_field(_("Period from"))
    period_end = _date_field(_("Period until"))
    contact_moment = ConversationChoiceField(
        label=_("Development conversation"),
        queryset=ContactMoment.objects.none(),
        required=False,
        empty_label=_("(not linked to a conversation yet)"),
        help_text=_("The conversation with the parents in which you discuss this review."),
    )
    # On the edit page: the review as the form was opened, to notice a change meanwhile.
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, child: Child, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact_moment"].queryset = ContactMoment.objects.filter(
            child=child, kind=ContactMoment.Kind.DEVELOPMENT
        ).order_by("-occurred_at")


class ReviewDomainForm(forms.Form):
    """The team's form for one domain: all three columns."""

    professional_view = _text_field(_("At the group"), REVIEW_VIEW_MAX_LENGTH)
    parent_view = _text_field(
        _("At home"),
        REVIEW_VIEW_MAX_LENGTH,
        help_text=_("What the parents wrote or told you in the conversation."),
    )
    next_steps = _text_field(_("Next steps"), REVIEW_NEXT_STEPS_MAX_LENGTH, rows=2)

    def __init__(self, *args: Any, row: ReviewDomain, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {"professional_view": row.professional_view, "parent_view": row.parent_view, "next_steps": row.next_steps},
        )
        super().__init__(*args, prefix=f"domain-{row.pk}", **kwargs)
        self.row = row


class ParentViewForm(forms.Form):
    """A parent's view of one domain."""

    parent_view = _text_field(_("What do you see at home?"), REVIEW_VIEW_MAX_LENGTH, rows=4)

    def __init__(self, *args: Any, row: ReviewDomain, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"parent_view": row.parent_view})
        super().__init__(*args, prefix=f"domain-{row.pk}", **kwargs)
        self.row = row
