"""The intake conversation: read and edit it (staff only; parents never see it)."""

from auditlog.signals import accessed
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import User
from families.forms.intake import IntakeForm
from families.models import Child, Intake
from families.services import intake as services
from families.views.staff_material import child_for_staff_material


def _intake_of(child: Child) -> Intake | None:
    return (
        Intake.objects.filter(child=child)
        .select_related("held_by", "updated_by")
        .prefetch_related("guardians_present")
        .first()
    )


@login_required
def intake_detail(request: HttpRequest, child_id) -> HttpResponse:
    child = child_for_staff_material(request, child_id)
    intake = _intake_of(child)
    if intake is not None:
        accessed.send(sender=Intake, instance=intake)  # the audit trail: who read the intake
    return render(
        request,
        "families/intake/detail.html",
        {
            "child": child,
            "intake": intake,
            "missing": services.intake_missing_for_completion(intake) if intake and not intake.is_completed else {},
            "may_edit": access.can_write_about_child(request.user, child),
            "labels": {field.name: field.verbose_name for field in Intake._meta.get_fields() if field.concrete},
        },
    )


@login_required
def intake_edit(request: HttpRequest, child_id) -> HttpResponse:
    """Start or continue the intake: save it as a draft, or complete it. A completed intake
    can still be corrected."""
    child = child_for_staff_material(request, child_id, to_write=True)
    intake = _intake_of(child)
    if request.method == "GET" and intake is not None:
        accessed.send(sender=Intake, instance=intake)  # the audit trail: who read the intake
    form = IntakeForm(request.POST or None, instance=intake, child=child, user=request.user)
    if request.method == "POST" and form.is_valid():
        completing = request.POST.get("action") == "complete"
        save = services.intake_complete if completing else services.intake_save
        try:
            saved = save(
                child=child,
                by=request.user,
                fields=form.intake_fields(),
                guardians_present=form.cleaned_data["guardians_present"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if completing and not (intake and intake.is_completed):
                messages.success(request, _("The intake is complete."))
                return redirect(reverse("families:child_detail", args=[child.pk]) + "#intake")
            if saved.is_completed:
                messages.success(request, _("Your corrections to the intake were saved."))
                return redirect("families:intake_detail", child_id=child.pk)
            messages.success(request, _("The intake was saved as a draft. You can complete it later."))
            return redirect("families:intake_edit", child_id=child.pk)
    return render(request, "families/intake/edit.html", {"child": child, "intake": intake, "form": form})


urlpatterns = [
    path("children/<uuid:child_id>/intake/", intake_detail, name="intake_detail"),
    path("children/<uuid:child_id>/intake/edit/", intake_edit, name="intake_edit"),
]


def with_child_page_data(user: User, children: QuerySet[Child]) -> QuerySet[Child]:
    """The intake, for the child page to load with the child: for staff only."""
    return children.select_related("intake__held_by") if access.is_staff_member(user) else children


def child_page_context(user: User, child: Child) -> dict:
    """What the child page shows of this part; see families.views.pages.child_detail. `child`
    comes from `with_child_page_data`."""
    may_edit = access.can_write_about_child(user, child)  # asked first: it implies working with the child
    if not may_edit and not access.can_work_with_child(user, child):
        return {}
    intake = getattr(child, "intake", None)
    return {
        "intake_section": True,
        "intake": intake,
        "intake_missing": services.intake_missing_for_completion(intake) if intake and not intake.is_completed else {},
        "intake_may_edit": may_edit,
    }
