from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from accounts import access
from accounts.decorators import role_required
from families.models import Child, Guardian, Placement
from families.services.consents import children_with_unanswered_consents
from families.views import consents, home_visits, intake


def _current_placements() -> Prefetch:
    return Prefetch(
        "placements",
        queryset=Placement.objects.current().select_related("group__location", "mentor"),
        to_attr="current_placements",
    )


@role_required(access.is_guardian)
def parent_home(request: HttpRequest) -> HttpResponse:
    """A parent's home: their own children, with group and mentor."""
    children = (
        Child.objects.filter(family__guardians__user=request.user)
        .distinct()
        .select_related("family")
        .prefetch_related(_current_placements())
    )
    unanswered = children_with_unanswered_consents(access.own_children(request.user)).exists()
    return render(request, "families/parent_home.html", {"children": children, "consents_unanswered": unanswered})


@login_required
def child_detail(request: HttpRequest, child_id) -> HttpResponse:
    child = get_object_or_404(
        Child.objects.visible_to(request.user).select_related("family").prefetch_related(_current_placements()),
        pk=child_id,
    )
    as_staff = access.can_work_with_child(request.user, child)
    guardians = Guardian.objects.filter(family=child.family).select_related("user")
    siblings = Child.objects.visible_to(request.user).filter(family=child.family).exclude(pk=child.pk)
    context = {"child": child, "as_staff": as_staff, "guardians": guardians, "siblings": siblings}
    # Each part of the family's records adds its own section to the page.
    for part in (intake, home_visits, consents):
        context.update(part.child_page_context(request.user, child))
    return render(request, "families/child_detail.html", context)
