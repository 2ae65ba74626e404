"""The periodic portfolio review: a child's reviews, starting one (from a development
conversation too), the team's edit, the parents' view per domain, asking the parents and
agreeing the next steps.

Everyone who sees the child reads its reviews, parents never a draft; the child's
professionals write, its parents add their view while asked, managers read along (403 on
writes). Another family's, group's or location's review answers 404.
"""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts import access
from contacts.models import ContactMoment
from families.models import Child
from portfolios.models import Perspective, PortfolioReview
from portfolios.review_forms import ParentViewForm, ReviewDomainForm, ReviewForm
from portfolios.selectors import side_of
from portfolios.services import reviews as services

# Without an earlier review, a new one looks back about half a year.
DEFAULT_PERIOD = timedelta(days=182)


def _child(request: HttpRequest, child_id) -> Child:
    return get_object_or_404(Child.objects.visible_to(request.user).select_related("family"), pk=child_id)


def _review(request: HttpRequest, review_id) -> PortfolioReview:
    reviews = services.reviews_visible_to(request.user).select_related(
        "child__family", "contact_moment", "created_by", "agreed_by"
    )
    return get_object_or_404(reviews, pk=review_id)


def _check_writer(request: HttpRequest, child: Child) -> None:
    if not services.may_write(request.user, child):
        raise PermissionDenied


@login_required
def review_list(request: HttpRequest, child_id) -> HttpResponse:
    child = _child(request, child_id)
    reviews = (
        services.reviews_visible_to(request.user)
        .filter(child=child)
        .select_related("contact_moment", "created_by", "agreed_by")
        .annotate(
            with_steps=Count("domains", filter=~Q(domains__next_steps="")),
            with_parent_view=Count("domains", filter=~Q(domains__parent_view="")),
        )
    )
    return render(
        request,
        "portfolios/reviews/list.html",
        {
            "child": child,
            "reviews": list(reviews),
            "may_write": services.may_write(request.user, child),
            "as_staff": access.can_work_with_child(request.user, child),
        },
    )


def _conversation_from_query(request: HttpRequest, child: Child) -> ContactMoment | None:
    """The development conversation a review is started from (`?contact=<id>`): this child's."""
    contact_id = request.GET.get("contact", "")
    if not contact_id.isdecimal():
        return None
    return ContactMoment.objects.filter(child=child, kind=ContactMoment.Kind.DEVELOPMENT, pk=contact_id).first()


def _default_period(child: Child, conversation: ContactMoment | None) -> tuple[date, date]:
    """Up to the conversation (or today), from the day after the previous review's period."""
    today = timezone.localdate()
    end = today
    if conversation is not None:
        end = min(timezone.localdate(conversation.occurred_at), today)
    previous_end = (
        PortfolioReview.objects.filter(child=child, period_end__lt=end)
        .order_by("-period_end")
        .values_list("period_end", flat=True)
        .first()
    )
    start = previous_end + timedelta(days=1) if previous_end else end - DEFAULT_PERIOD
    return start, end


@login_required
def review_new(request: HttpRequest, child_id) -> HttpResponse:
    child = _child(request, child_id)
    _check_writer(request, child)
    conversation = _conversation_from_query(request, child)
    start, end = _default_period(child, conversation)
    initial = {"period_start": start, "period_end": end, "contact_moment": conversation}
    form = ReviewForm(request.POST or None, child=child, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review = services.review_create(
                child=child,
                by=request.user,
                period_start=data["period_start"],
                period_end=data["period_end"],
                contact_moment=data["contact_moment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The review is started as a draft; only the team sees it."))
            return redirect("portfolios:review_edit", review_id=review.pk)
    return render(request, "portfolios/reviews/new.html", {"child": child, "form": form, "conversation": conversation})


@login_required
def review_detail(request: HttpRequest, review_id) -> HttpResponse:
    review = _review(request, review_id)
    child = review.child
    side = side_of(request.user, child)
    entries = services.period_entries(review, request.user)
    rows, not_discussed = [], []
    for row in services.with_domains_of(review):
        # Once agreed, a domain nobody wrote about is named, not shown as empty boxes.
        if review.is_agreed and not (row.professional_view or row.parent_view or row.next_steps):
            not_discussed.append(row.domain)
        else:
            rows.append((row, entries.get(row.domain_id)))
    may_write = side == Perspective.PROFESSIONAL
    return render(
        request,
        "portfolios/reviews/detail.html",
        {
            "child": child,
            "review": review,
            "rows": rows,
            "not_discussed": not_discussed,
            "without_domain": entries.get(None),
            "as_staff": access.can_work_with_child(request.user, child),
            "may_edit": may_write and not review.is_agreed,
            "may_ask": may_write and review.is_draft,
            "may_give_view": side == Perspective.PARENT and review.is_with_parents,
            "shown_per_domain": services.ENTRIES_SHOWN_PER_DOMAIN,
        },
    )


def _put_errors(error: ValidationError, form: forms.Form, row_forms: list[forms.Form]) -> None:
    """The service names a row's field "domain-<row id>-<field>", as the row form's prefix."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    by_prefix = {row_form.prefix: row_form for row_form in row_forms}
    for key, problems in error.message_dict.items():
        prefix, _dash, name = key.rpartition("-")
        if prefix in by_prefix and name in by_prefix[prefix].fields:
            by_prefix[prefix].add_error(name, problems)
        else:
            form.add_error(key if key in form.fields else None, problems)


def _all_valid(row_forms: list[forms.Form]) -> bool:
    """Validates every row, so that each shows its errors, not only the first bad one."""
    results = [row_form.is_valid() for row_form in row_forms]
    return all(results)


def _any_errors(row_forms: list[forms.Form]) -> bool:
    return any(row_form.errors for row_form in row_forms)


@login_required
def review_edit(request: HttpRequest, review_id) -> HttpResponse:
    review = _review(request, review_id)
    child = review.child
    _check_writer(request, child)
    if review.is_agreed:
        messages.error(request, _("This review is agreed and can no longer be changed."))
        return redirect("portfolios:review_detail", review_id=review.pk)
    rows = services.with_domains_of(review)
    data = request.POST if request.method == "POST" else None
    initial = {
        "period_start": review.period_start,
        "period_end": review.period_end,
        "contact_moment": review.contact_moment_id,
        "version": services.version_of(review),
    }
    form = ReviewForm(data, child=child, initial=initial)
    row_forms = [ReviewDomainForm(data, row=row) for row in rows]
    if data is not None and form.is_valid() & _all_valid(row_forms):
        try:
            services.review_edit(
                review=review,
                by=request.user,
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
                contact_moment=form.cleaned_data["contact_moment"],
                texts={row_form.row.pk: services.DomainTexts(**row_form.cleaned_data) for row_form in row_forms},
                version=form.cleaned_data["version"] or None,
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "agreed":
                messages.error(request, error.messages[0])
                return redirect("portfolios:review_detail", review_id=review.pk)
            if getattr(error, "code", None) == "changed":
                # Saving again is a choice made knowingly: it keeps what is in the form.
                form.data = form.data.copy()
                form.data["version"] = services.version_of(PortfolioReview.objects.get(pk=review.pk))
            _put_errors(error, form, row_forms)
        else:
            messages.success(request, _("The review is saved."))
            return redirect("portfolios:review_detail", review_id=review.pk)
    return render(
        request,
        "portfolios/reviews/edit.html",
        {"child": child, "review": review, "form": form, "row_forms": row_forms, "row_errors": _any_errors(row_forms)},
    )


@login_required
def review_parent_view(request: HttpRequest, review_id) -> HttpResponse:
    review = _review(request, review_id)
    child = review.child
    if side_of(request.user, child) != Perspective.PARENT:
        raise PermissionDenied
    if not review.is_with_parents:
        messages.info(request, _("This review is agreed already; your view can no longer be changed."))
        return redirect("portfolios:review_detail", review_id=review.pk)
    rows = services.with_domains_of(review)
    data = request.POST if request.method == "POST" else None
    holder = forms.Form(data)  # carries the errors about the whole form
    row_forms = [ParentViewForm(data, row=row) for row in rows]
    if data is not None and _all_valid(row_forms):
        try:
            services.review_parent_view(
                review=review,
                by=request.user,
                views={row_form.row.pk: row_form.cleaned_data["parent_view"] for row_form in row_forms},
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "closed":
                messages.info(request, error.messages[0])
                return redirect("portfolios:review_detail", review_id=review.pk)
            holder.is_valid()
            _put_errors(error, holder, row_forms)
        else:
            messages.success(request, _("Thank you! The mentor reads your view before the conversation."))
            return redirect("portfolios:review_detail", review_id=review.pk)
    return render(
        request,
        "portfolios/reviews/parent_view.html",
        {
            "child": child,
            "review": review,
            "form": holder,
            "row_forms": row_forms,
            "row_errors": _any_errors(row_forms),
        },
    )


@login_required
@require_POST
def review_ask_parents(request: HttpRequest, review_id) -> HttpResponse:
    review = _review(request, review_id)
    _check_writer(request, review.child)
    asked_before = not review.is_draft
    try:
        told = services.review_ask_parents(review=review, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if asked_before:
            messages.info(request, _("The parents were asked for their view already."))
        elif told:
            messages.success(
                request,
                ngettext(
                    "The parent is asked to write their view before the conversation.",
                    "The parents are asked to write their view before the conversation.",
                    told,
                ),
            )
        else:
            messages.warning(
                request,
                _(
                    "No parent of %(child)s has a login, so nobody was notified. Ask them in person "
                    "and write down their view yourself."
                )
                % {"child": review.child.first_name},
            )
    return redirect("portfolios:review_detail", review_id=review.pk)


@login_required
@require_POST
def review_agree(request: HttpRequest, review_id) -> HttpResponse:
    review = _review(request, review_id)
    _check_writer(request, review.child)
    try:
        agreed = services.review_agree(review=review, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("portfolios:review_edit", review_id=review.pk)
    if agreed:
        messages.success(request, _("The review is agreed and shared with the parents."))
    else:
        messages.info(request, _("This review was agreed already."))
    return redirect("portfolios:review_detail", review_id=review.pk)


urlpatterns = [
    path("children/<uuid:child_id>/portfolio/reviews/", review_list, name="review_list"),
    path("children/<uuid:child_id>/portfolio/reviews/new/", review_new, name="review_new"),
    path("portfolio/reviews/<uuid:review_id>/", review_detail, name="review_detail"),
    path("portfolio/reviews/<uuid:review_id>/edit/", review_edit, name="review_edit"),
    path("portfolio/reviews/<uuid:review_id>/parents/", review_parent_view, name="review_parent_view"),
    path("portfolio/reviews/<uuid:review_id>/ask-parents/", review_ask_parents, name="review_ask_parents"),
    path("portfolio/reviews/<uuid:review_id>/agree/", review_agree, name="review_agree"),
]
