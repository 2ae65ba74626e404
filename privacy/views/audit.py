"""Reading the audit trail: one child's, and the whole organisation's.

Organisation admins read every child's trail and the organisation's latest entries;
location managers read the trails of their locations' children (another location's child
answers 404) and pick a child from a search; professionals, parents and users without a
role get 403. See privacy.audit for what is recorded.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts import access
from accounts.decorators import role_required
from privacy import audit

PER_PAGE = 50


class TrailFilterForm(forms.Form):
    action = forms.TypedChoiceField(
        label=_("What happened"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Anything")), *((value, capfirst(label)) for value, label in audit.ACTION_LABELS.items())],
    )
    model = forms.ChoiceField(label=_("Record"), required=False)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        models = sorted(audit.AUDITED, key=lambda model: str(model._meta.verbose_name))
        self.fields["model"].choices = [
            ("", _("Any record")),
            *((model._meta.label_lower, str(model._meta.verbose_name).capitalize()) for model in models),
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            raise ValidationError(_("The end date lies before the start date."))
        return cleaned

    def filter(self, entries):
        data = self.cleaned_data
        if data.get("action") is not None:
            entries = entries.filter(action=data["action"])
        if data.get("model"):
            model = next(model for model in audit.AUDITED if model._meta.label_lower == data["model"])
            entries = entries.filter(content_type=audit.audited_content_types()[model])
        if data.get("start"):
            entries = entries.filter(timestamp__gte=_start_of(data["start"]))
        if data.get("end"):
            entries = entries.filter(timestamp__lt=_start_of(data["end"] + timedelta(days=1)))
        return entries


def _start_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class ChildSearchForm(forms.Form):
    q = forms.CharField(label=_("Child's name"), required=False, max_length=100)


def _children_matching(children, words: str):
    for word in words.split():
        children = children.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return children


def _query_without(request: HttpRequest, name: str) -> str:
    """The page's query string without one parameter, for the links to other pages."""
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


@role_required(audit.may_read_trails)
def child_audit(request: HttpRequest, child_id) -> HttpResponse:
    child = get_object_or_404(
        audit.children_whose_trail_may_be_read(request.user).select_related("family"), pk=child_id
    )
    page = Paginator(audit.trail_of_child(child), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "privacy/audit/child.html",
        {"child": child, "page": page, "rows": audit.rows_for(page)},
    )


@role_required(audit.may_read_trails)
def audit_log(request: HttpRequest) -> HttpResponse:
    """Admins: the organisation's latest entries, filtered. Both admins and managers: find a
    child whose trail they may read."""
    search = ChildSearchForm(request.GET or None)
    words = search.cleaned_data["q"].strip() if search.is_bound and search.is_valid() else ""
    is_admin = access.is_org_admin(request.user)
    children = None
    if words or not is_admin:
        found = _children_matching(audit.children_whose_trail_may_be_read(request.user), words)
        children = Paginator(found.order_by("first_name", "last_name", "pk"), PER_PAGE).get_page(
            request.GET.get("children_page")
        )
    context = {
        "search": search,
        "children": children,
        "children_query": _query_without(request, "children_page"),
        "is_admin": is_admin,
    }
    if is_admin:
        filtering = any(name in request.GET for name in TrailFilterForm.base_fields)
        filters = TrailFilterForm(request.GET if filtering else None)
        entries = audit.entries()
        if filters.is_bound and filters.is_valid():
            entries = filters.filter(entries)
        page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
        context |= {
            "filters": filters,
            "page": page,
            "rows": audit.rows_for(page, with_children=True),
            "query": _query_without(request, "page"),
        }
    return render(request, "privacy/audit/log.html", context)
