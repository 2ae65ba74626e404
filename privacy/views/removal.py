"""Removal: the parents ask for their family's data to be removed; the organisation admin
carries the request out (the routine of privacy.removal) or declines it, and follows the
retention period: who is due, and what has been removed so far.
"""

from datetime import timedelta
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import access
from accounts.decorators import role_required
from families.models import Family
from privacy.forms import CarryOutForm, DeclineForm, RemovalAskForm, WithdrawForm
from privacy.models import RemovalRecord, RemovalRequest
from privacy.removal import (
    children_still_placed,
    family_removal_plan,
    plan_rows,
    removal_plans,
    removal_request_ask,
    removal_request_carry_out,
    removal_request_decline,
    removal_request_withdraw,
)
from privacy.retention import retention_due

REQUESTS_PER_PAGE = 25
RECORDS_PER_PAGE = 25
# The retention page lists this many children per list; the task removes them nightly,
# so a longer list means the task is not running.
DUE_SHOWN = 100
SOON_DAYS = 30


def _add_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# --- The parents ----------------------------------------------------------------------------


def _own_families(user) -> QuerySet[Family]:
    """The households the user is a parent in (as `access.is_guardian`). Not narrowed to the
    reading grace period of `access.children_for`: the right to have data removed outlasts
    it, and this page shows nothing of the children, only the family's name and requests."""
    return Family.objects.filter(guardians__user=user, anonymised_at__isnull=True).distinct().order_by("name", "pk")


@role_required(access.is_guardian)
def removal_request(request: HttpRequest) -> HttpResponse:
    """What removal means, the family's request and its state; ask once, or withdraw."""
    families = _own_families(request.user)
    requests = list(
        RemovalRequest.objects.filter(family__in=families).select_related("family").order_by("-requested_at")
    )
    open_requests = {r.family_id: r for r in requests if r.status == RemovalRequest.Status.OPEN}
    askable = families.exclude(pk__in=list(open_requests))
    ask_form = RemovalAskForm(families=askable)

    if request.method == "POST":
        if request.POST.get("action") == "withdraw":
            open_ids = [r.pk for r in open_requests.values()]
            withdraw = WithdrawForm(request.POST, requests=RemovalRequest.objects.filter(pk__in=open_ids))
            if withdraw.is_valid() and removal_request_withdraw(
                request=withdraw.cleaned_data["request"], by=request.user
            ):
                messages.success(request, _("Your request is withdrawn: nothing will be removed."))
            else:
                messages.info(request, _("This request is no longer open."))
            return redirect("privacy:removal_request")
        if not askable:
            # A second click on "ask": the request is there already.
            messages.info(request, _("You have asked for this already; the organisation will handle your request."))
            return redirect("privacy:removal_request")
        ask_form = RemovalAskForm(request.POST, families=askable)
        if ask_form.is_valid():
            try:
                removal_request_ask(
                    family=ask_form.cleaned_data["family"], by=request.user, note=ask_form.cleaned_data["note"]
                )
            except ValidationError as error:
                _add_errors(ask_form, error)
            else:
                messages.success(
                    request, _("Your request is sent. The organisation will handle it and let you know by email.")
                )
                return redirect("privacy:removal_request")

    context = {
        "families": [
            {
                "family": family,
                "open": open_requests.get(family.pk),
                "handled": [r for r in requests if r.family_id == family.pk and r.status != RemovalRequest.Status.OPEN],
            }
            for family in families
        ],
        "ask_form": ask_form if askable else None,
        "grace_days": settings.GUARDIAN_ACCESS_GRACE_DAYS,
    }
    return render(request, "privacy/removal/parent.html", context)


# --- The organisation admin -----------------------------------------------------------------


@role_required(access.is_org_admin)
def removal_request_list(request: HttpRequest) -> HttpResponse:
    """Every request, the open ones first (the longest waiting on top), then the handled ones."""
    is_closed = Case(
        When(status=RemovalRequest.Status.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    requests = (
        RemovalRequest.objects.select_related("family", "requested_by", "handled_by")
        .annotate(is_closed=is_closed)
        .order_by("is_closed", Case(When(is_closed=0, then="requested_at")), "-requested_at", "pk")
    )
    page = Paginator(requests, REQUESTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "privacy/removal/list.html", {"page": page})


@role_required(access.is_org_admin)
def removal_request_detail(request: HttpRequest, request_id: UUID) -> HttpResponse:
    """One request with, per child, what the removal would take away (a dry run); carry it
    out (after ticking the confirmation) or decline it with a reason."""
    removal = get_object_or_404(
        RemovalRequest.objects.select_related("family", "requested_by", "handled_by"), pk=request_id
    )
    carry_out_form, decline_form = CarryOutForm(), DeclineForm()
    if request.method == "POST":
        if removal.status != RemovalRequest.Status.OPEN:
            # A second click, or a colleague was first: nothing happens twice.
            messages.info(request, _("This request has been handled already."))
            return redirect("privacy:removal_request_detail", request_id=removal.pk)
        action = request.POST.get("action")
        if action == "carry_out":
            carry_out_form = CarryOutForm(request.POST)
            if carry_out_form.is_valid():
                try:
                    records = removal_request_carry_out(request=removal, by=request.user)
                except ValidationError as error:
                    _add_errors(carry_out_form, error)
                else:
                    messages.success(
                        request,
                        ngettext(
                            "The family's data is removed (one child). The parent has been emailed.",
                            "The family's data is removed (%(count)d children). The parent has been emailed.",
                            len(records),
                        )
                        % {"count": len(records)},
                    )
                    return redirect("privacy:removal_request_detail", request_id=removal.pk)
        else:
            decline_form = DeclineForm(request.POST)
            if decline_form.is_valid():
                try:
                    reason = decline_form.cleaned_data["reason"]
                    removal_request_decline(request=removal, by=request.user, reason=reason)
                except ValidationError as error:
                    _add_errors(decline_form, error)
                else:
                    messages.success(request, _("The request is declined; the parent has been told why."))
                    return redirect("privacy:removal_request_detail", request_id=removal.pk)

    family = removal.family
    children = list(family.children.order_by("first_name", "pk")) if family is not None else []
    pending = [child for child in children if child.anonymised_at is None]
    plans = removal_plans(children=pending)
    family_plan = (
        family_removal_plan(family=family)
        if family is not None and not pending and family.anonymised_at is None
        else None
    )
    context = {
        "removal": removal,
        "family": family,
        "children": [(child, plan_rows(plans.get(child.pk, {}))) for child in children],
        "family_plan": plan_rows(family_plan) if family_plan else None,
        "still_placed": list(children_still_placed(family)) if family is not None else [],
        "records": [(record, plan_rows(record.removed)) for record in removal.records.order_by("carried_out_at", "pk")],
        "carry_out_form": carry_out_form,
        "decline_form": decline_form,
        "is_open": removal.status == RemovalRequest.Status.OPEN,
    }
    return render(request, "privacy/removal/detail.html", context)


@role_required(access.is_org_admin)
def retention_overview(request: HttpRequest) -> HttpResponse:
    """The children whose retention period is over (the nightly task removes their data) or
    ends within 30 days, with what would go, and every removal so far."""
    today = timezone.localdate()
    due_now = retention_due(today=today)
    due = list(due_now.select_related("family")[:DUE_SHOWN])
    soon = list(
        retention_due(today=today + timedelta(days=SOON_DAYS))
        .exclude(pk__in=due_now.values("pk"))
        .select_related("family")[:DUE_SHOWN]
    )
    plans = removal_plans(children=due + soon)
    period = timedelta(days=settings.RETENTION_DAYS + 1)

    def rows(children):
        return [(child, child.kept_since + period, plan_rows(plans[child.pk])) for child in children]

    records = RemovalRecord.objects.select_related("carried_out_by").order_by("-carried_out_at", "-pk")
    page = Paginator(records, RECORDS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "due": rows(due),
        "due_count": due_now.count() if len(due) == DUE_SHOWN else len(due),
        "soon": rows(soon),
        "soon_days": SOON_DAYS,
        "retention_days": settings.RETENTION_DAYS,
        "page": page,
        "records": [(record, plan_rows(record.removed)) for record in page],
    }
    return render(request, "privacy/retention/overview.html", context)
