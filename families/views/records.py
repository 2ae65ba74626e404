"""Staff keep the family's records: register a family, edit it, its parents, children and
placements, and invite parents to the portal."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from accounts.decorators import role_required
from families.forms.records import ChildForm, FamilyForm, GuardianForm, OptionalGuardianForm, PlacementForm
from families.models import Child, Family, Guardian, Placement
from families.services.records import (
    InviteOutcome,
    child_add,
    family_languages_set,
    family_register,
    guardian_invite,
)
from groups.selectors import professionals_by_group

_FAMILY_FIELDS = [
    "name",
    "preferred_language",
    "interpreter_needed",
    "phone",
    "street",
    "postcode",
    "city",
    "external_id",
]


def _family_for_staff(request: HttpRequest, family_id) -> Family:
    """The family if the user sees one of its children (404 otherwise), and may edit it (403)."""
    family = get_object_or_404(access.families_for(request.user), pk=family_id)
    if not access.can_edit_family(request.user, family):
        raise PermissionDenied
    return family


def _child_for_staff(request: HttpRequest, child_id) -> Child:
    child = get_object_or_404(Child.objects.visible_to(request.user).select_related("family"), pk=child_id)
    if not access.can_work_with_child(request.user, child):
        raise PermissionDenied
    return child


def _mentor_options(groups) -> dict:
    """Per group, the professionals who can be mentor: the placement form narrows its list."""
    return {
        str(group_id): [{"id": user.pk, "name": user.get_full_name() or user.email} for user in users]
        for group_id, users in professionals_by_group(groups).items()
    }


@role_required(access.can_register_families)
def family_register_view(request: HttpRequest) -> HttpResponse:
    groups = access.groups_for(request.user).filter(is_active=True)
    data = request.POST if request.method == "POST" else None
    forms = {
        "family_form": FamilyForm(data, prefix="family"),
        "guardian_form": GuardianForm(data, prefix="guardian1"),
        "second_guardian_form": OptionalGuardianForm(data, prefix="guardian2"),
        "child_form": ChildForm(data, prefix="child"),
        "placement_form": PlacementForm(data, prefix="placement", groups=groups),
    }
    if request.method == "POST" and all(form.is_valid() for form in forms.values()):
        first, second = forms["guardian_form"], forms["second_guardian_form"]
        second_filled = second.has_changed()
        if (
            second_filled
            and first.cleaned_data["email"]
            and first.cleaned_data["email"] == second.cleaned_data["email"]
        ):
            second.add_error("email", _("Each parent needs their own email address."))
        else:
            guardians = [first.cleaned_data] + ([second.cleaned_data] if second_filled else [])
            family_data = {name: forms["family_form"].cleaned_data[name] for name in _FAMILY_FIELDS}
            child = family_register(
                user=request.user,
                family=family_data,
                home_languages=forms["family_form"].cleaned_data["home_languages"],
                guardians=guardians,
                child=forms["child_form"].cleaned_data,
                placement=forms["placement_form"].cleaned_data,
            )
            messages.success(
                request,
                _("%(child)s and the family are registered. Invite the parents to the portal below.")
                % {"child": child.first_name},
            )
            return redirect("families:child_detail", child.pk)
    return render(request, "families/records/register.html", {**forms, "mentor_options": _mentor_options(groups)})


@login_required
def family_edit(request: HttpRequest, family_id) -> HttpResponse:
    family = _family_for_staff(request, family_id)
    form = FamilyForm(request.POST or None, instance=family)
    if request.method == "POST" and form.is_valid():
        form.save()
        family_languages_set(family=family, languages=form.cleaned_data["home_languages"])
        messages.success(request, _("The family's details are saved."))
        return redirect(_back_to_child(request, family))
    return render(request, "families/records/family_form.html", {"form": form, "family": family})


@login_required
def guardian_add(request: HttpRequest, family_id) -> HttpResponse:
    family = _family_for_staff(request, family_id)
    form = GuardianForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        guardian = form.save(commit=False)
        guardian.family = family
        guardian.save()
        messages.success(request, _("%(name)s is added to the family.") % {"name": guardian.first_name})
        return redirect(_back_to_child(request, family))
    return render(request, "families/records/guardian_form.html", {"form": form, "family": family})


def _guardian_for_staff(request: HttpRequest, guardian_id) -> Guardian:
    guardian = get_object_or_404(
        Guardian.objects.filter(family__in=access.families_for(request.user)).select_related("family", "user"),
        pk=guardian_id,
    )
    if not access.can_edit_family(request.user, guardian.family):
        raise PermissionDenied
    return guardian


@login_required
def guardian_edit(request: HttpRequest, guardian_id) -> HttpResponse:
    guardian = _guardian_for_staff(request, guardian_id)
    form = GuardianForm(request.POST or None, instance=guardian)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The details of %(name)s are saved.") % {"name": guardian.first_name})
        return redirect(_back_to_child(request, guardian.family))
    return render(
        request, "families/records/guardian_form.html", {"form": form, "family": guardian.family, "guardian": guardian}
    )


@require_POST
@login_required
def guardian_invite_view(request: HttpRequest, guardian_id) -> HttpResponse:
    guardian = _guardian_for_staff(request, guardian_id)
    outcome = guardian_invite(guardian=guardian)
    name = guardian.first_name
    if outcome is InviteOutcome.SENT:
        messages.success(request, _("An invitation is on its way to %(name)s.") % {"name": name})
    elif outcome is InviteOutcome.ALREADY_ACTIVE:
        messages.info(request, _("%(name)s already uses the portal; no new invitation was sent.") % {"name": name})
    else:
        messages.error(request, _("Add an email address for %(name)s first.") % {"name": name})
    return redirect(_back_to_child(request, guardian.family))


@login_required
def child_add_view(request: HttpRequest, family_id) -> HttpResponse:
    family = _family_for_staff(request, family_id)
    groups = access.groups_for(request.user).filter(is_active=True)
    data = request.POST or None
    child_form = ChildForm(data, prefix="child", initial={"last_name": family.name})
    placement_form = PlacementForm(data, prefix="placement", groups=groups)
    if request.method == "POST" and child_form.is_valid() and placement_form.is_valid():
        child = child_add(family=family, child=child_form.cleaned_data, placement=placement_form.cleaned_data)
        messages.success(request, _("%(child)s is added to the family.") % {"child": child.first_name})
        return redirect("families:child_detail", child.pk)
    return render(
        request,
        "families/records/child_add.html",
        {
            "family": family,
            "child_form": child_form,
            "placement_form": placement_form,
            "mentor_options": _mentor_options(groups),
        },
    )


@login_required
def child_edit(request: HttpRequest, child_id) -> HttpResponse:
    child = _child_for_staff(request, child_id)
    form = ChildForm(request.POST or None, instance=child)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The details of %(child)s are saved.") % {"child": child.first_name})
        return redirect("families:child_detail", child.pk)
    return render(request, "families/records/child_form.html", {"form": form, "child": child})


@login_required
def placement_add(request: HttpRequest, child_id) -> HttpResponse:
    child = _child_for_staff(request, child_id)
    groups = access.groups_for(request.user).filter(is_active=True)
    form = PlacementForm(request.POST or None, groups=groups)
    if request.method == "POST" and form.is_valid():
        placement = form.save(commit=False)
        placement.child = child
        placement.save()
        messages.success(request, _("The placement is saved."))
        return redirect("families:child_detail", child.pk)
    return render(
        request,
        "families/records/placement_form.html",
        {"form": form, "child": child, "mentor_options": _mentor_options(groups)},
    )


@login_required
def placement_edit(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement = get_object_or_404(
        Placement.objects.filter(child__in=Child.objects.visible_to(request.user)).select_related("child", "group"),
        pk=placement_id,
    )
    child = placement.child
    if not access.can_work_with_child(request.user, child):
        raise PermissionDenied
    # The group of an existing placement stays selectable even when it is not one of the user's.
    groups = access.groups_for(request.user).filter(is_active=True) | type(placement.group).objects.filter(
        pk=placement.group_id
    )
    form = PlacementForm(request.POST or None, instance=placement, groups=groups.distinct())
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The placement is saved."))
        return redirect("families:child_detail", child.pk)
    return render(
        request,
        "families/records/placement_form.html",
        {"form": form, "child": child, "placement": placement, "mentor_options": _mentor_options(groups)},
    )


def _back_to_child(request: HttpRequest, family: Family) -> str:
    """Return to the child page the user came from, if it is one of this family's children."""
    child_id = request.GET.get("child") or request.POST.get("child")
    child = Child.objects.filter(family=family, pk=child_id).first() if _is_uuid(child_id) else None
    child = child or Child.objects.visible_to(request.user).filter(family=family).first()
    if child is None:
        return "home"
    return child.get_absolute_url()


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


urlpatterns = [
    path("families/new/", family_register_view, name="family_register"),
    path("families/<uuid:family_id>/edit/", family_edit, name="family_edit"),
    path("families/<uuid:family_id>/guardians/new/", guardian_add, name="guardian_add"),
    path("families/<uuid:family_id>/children/new/", child_add_view, name="child_add"),
    path("guardians/<uuid:guardian_id>/edit/", guardian_edit, name="guardian_edit"),
    path("guardians/<uuid:guardian_id>/invite/", guardian_invite_view, name="guardian_invite"),
    path("children/<uuid:child_id>/edit/", child_edit, name="child_edit"),
    path("children/<uuid:child_id>/placements/new/", placement_add, name="placement_add"),
    path("placements/<int:placement_id>/edit/", placement_edit, name="placement_edit"),
]
