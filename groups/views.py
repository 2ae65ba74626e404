from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from accounts import access
from accounts.decorators import role_required
from families.models import Placement
from groups.models import Location


def _current_placements() -> Prefetch:
    return Prefetch(
        "placements",
        queryset=Placement.objects.current().select_related("child", "mentor").order_by("child__first_name"),
        to_attr="current_placements",
    )


@role_required(access.is_professional)
def staff_home(request: HttpRequest) -> HttpResponse:
    """A professional's home: their groups, each with its children; their mentor children first."""
    groups = list(
        access.groups_for(request.user)
        .filter(is_active=True)
        .select_related("location")
        .prefetch_related(_current_placements())
    )
    for group in groups:
        # The professional's own mentor children first, then the rest by name.
        group.current_placements.sort(key=lambda placement: placement.mentor_id != request.user.pk)
    mentor_placements = [
        placement
        for group in groups
        for placement in group.current_placements
        if placement.mentor_id == request.user.pk
    ]
    return render(
        request,
        "groups/staff_home.html",
        {"groups": groups, "mentor_placements": mentor_placements},
    )


@role_required(access.oversees_locations)
def manager_home(request: HttpRequest) -> HttpResponse:
    """A manager's home: their locations (an admin: all) and per group the children placed."""
    today = timezone.localdate()
    current = Q(placements__end_date__isnull=True) | Q(placements__end_date__gte=today)
    groups = (
        access.managed_groups_for(request.user)
        .filter(is_active=True)
        .annotate(children_count=Count("placements__child", filter=current, distinct=True))
        .order_by("name")
    )
    locations = (
        Location.objects.filter(pk__in=access.managed_groups_for(request.user).values("location_id"))
        .prefetch_related(Prefetch("groups", queryset=groups, to_attr="active_groups"))
        .order_by("name")
    )
    return render(request, "groups/manager_home.html", {"locations": locations})


@login_required
def group_detail(request: HttpRequest, group_id: int) -> HttpResponse:
    group = get_object_or_404(access.groups_for(request.user).select_related("location"), pk=group_id)
    placements = Placement.objects.current().filter(group=group).select_related("child", "mentor")
    return render(
        request,
        "groups/group_detail.html",
        {"group": group, "placements": placements.order_by("child__first_name", "child__last_name")},
    )
