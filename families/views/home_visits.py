"""Home visits: plan, record afterwards, or cancel (staff); parents see shared summaries only."""

from auditlog.signals import accessed
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import User
from config.kept_queries import kept_list
from families.forms.home_visits import HomeVisitCancelForm, HomeVisitPlanForm, HomeVisitRecordForm
from families.models import Child, HomeVisit
from families.services import home_visits as services
from families.views.staff_material import check_staff_material, child_for_staff_material


def _visit_for_staff(request: HttpRequest, visit_id: int, *, to_write: bool = False) -> HomeVisit:
    visits = HomeVisit.objects.filter(child__in=Child.objects.visible_to(request.user))
    visit = get_object_or_404(
        visits.select_related("child__family", "professional", "created_by", "recorded_by", "cancelled_by"), pk=visit_id
    )
    check_staff_material(request, visit.child, to_write=to_write)
    return visit


@login_required
def home_visit_plan(request: HttpRequest, child_id) -> HttpResponse:
    child = child_for_staff_material(request, child_id, to_write=True)
    form = HomeVisitPlanForm(request.POST or None, child=child, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.home_visit_plan(
                child=child,
                professional=form.cleaned_data["professional"],
                planned_for=form.cleaned_data["planned_for"],
                planned_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if visit.planned_for <= timezone.now():
                # Planned afterwards, for a visit that already took place: write it down now.
                messages.info(request, _("The visit is in the past, so you can record it right away."))
                return redirect("families:home_visit_record", visit_id=visit.pk)
            messages.success(request, _("The home visit is planned."))
            return redirect("families:home_visit_detail", visit_id=visit.pk)
    return render(request, "families/home_visits/plan.html", {"child": child, "form": form})


@login_required
def home_visit_detail(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = _visit_for_staff(request, visit_id)
    accessed.send(sender=HomeVisit, instance=visit)  # the audit trail: who read the notes
    return render(
        request,
        "families/home_visits/detail.html",
        {
            "visit": visit,
            "child": visit.child,
            "may_act": access.can_write_about_child(request.user, visit.child),
            "now": timezone.now(),
            "labels": {field.name: field.verbose_name for field in HomeVisit._meta.get_fields() if field.concrete},
        },
    )


@login_required
def home_visit_record(request: HttpRequest, visit_id: int) -> HttpResponse:
    """Write down what was seen and agreed; a recorded visit can be corrected."""
    visit = _visit_for_staff(request, visit_id, to_write=True)
    try:
        services.ensure_can_record(visit)
    except services.HomeVisitRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("families:home_visit_detail", visit_id=visit.pk)
    if request.method == "GET":
        accessed.send(sender=HomeVisit, instance=visit)  # the audit trail: who read the notes
    was_recorded = visit.status == HomeVisit.Status.DONE
    form = HomeVisitRecordForm(request.POST or None, instance=visit)
    if request.method == "POST" and form.is_valid():
        try:
            services.home_visit_record(visit=visit, by=request.user, **form.record_fields())
        except services.HomeVisitRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("families:home_visit_detail", visit_id=visit.pk)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Your corrections were saved.") if was_recorded else _("The home visit is recorded.")
            )
            return redirect("families:home_visit_detail", visit_id=visit.pk)
    return render(
        request,
        "families/home_visits/record.html",
        {"visit": visit, "child": visit.child, "form": form, "was_recorded": was_recorded},
    )


@login_required
def home_visit_cancel(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = _visit_for_staff(request, visit_id, to_write=True)
    try:
        services.ensure_can_cancel(visit)
    except services.HomeVisitRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("families:home_visit_detail", visit_id=visit.pk)
    form = HomeVisitCancelForm(request.POST or None, instance=visit)
    if request.method == "POST" and form.is_valid():
        try:
            services.home_visit_cancel(visit=visit, reason=form.cleaned_data["cancel_reason"], by=request.user)
        except services.HomeVisitRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("families:home_visit_detail", visit_id=visit.pk)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The home visit is cancelled."))
            return redirect("families:home_visit_detail", visit_id=visit.pk)
    return render(request, "families/home_visits/cancel.html", {"visit": visit, "child": visit.child, "form": form})


urlpatterns = [
    path("children/<uuid:child_id>/home-visits/new/", home_visit_plan, name="home_visit_plan"),
    path("home-visits/<int:visit_id>/", home_visit_detail, name="home_visit_detail"),
    path("home-visits/<int:visit_id>/record/", home_visit_record, name="home_visit_record"),
    path("home-visits/<int:visit_id>/cancel/", home_visit_cancel, name="home_visit_cancel"),
]


def child_page_context(user: User, child: Child) -> dict:
    """What the child page shows of this part; see families.views.pages.child_detail.

    Staff see every visit; parents only the summaries shared with them, and nothing else
    of a visit is even read from the database for them.
    """
    may_plan = access.can_write_about_child(user, child)  # asked first: it implies working with the child
    if may_plan or access.can_work_with_child(user, child):
        return {
            "home_visits_for": "staff",
            "home_visits": kept_list(("home_visits", "staff"), _visits, child_id=child.pk),
            "home_visit_may_plan": may_plan,
            "home_visits_now": timezone.now(),
        }
    return {
        "home_visits_for": "parent",
        "home_visits": kept_list(("home_visits", "parents"), _shared_visits, child_id=child.pk),
    }


# The child page's queries, their SQL kept (config.kept_queries).


def _visits(child_id):
    return HomeVisit.objects.filter(child_id=child_id).select_related("professional")


def _shared_visits(child_id):
    return (
        HomeVisit.objects.filter(child_id=child_id, status=HomeVisit.Status.DONE, summary_shared=True)
        .exclude(summary_for_parents="")
        .select_related("professional")
        .only("child_id", "planned_for", "summary_for_parents", "professional__first_name", "professional__last_name")
    )
