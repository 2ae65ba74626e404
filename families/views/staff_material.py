"""Loading what only staff read (the intake, home visits): one rule for both parts."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from accounts import access
from families.models import Child


def check_staff_material(request: HttpRequest, child: Child, *, to_write: bool = False) -> None:
    """404 to anyone who does not work with the child (a parent included: staff material does
    not reveal it exists); 403 to staff who may read but not write, such as managers."""
    if not access.can_work_with_child(request.user, child):
        raise Http404
    if to_write and not access.can_write_about_child(request.user, child):
        raise PermissionDenied


def child_for_staff_material(request: HttpRequest, child_id, *, to_write: bool = False) -> Child:
    child = get_object_or_404(Child.objects.visible_to(request.user).select_related("family"), pk=child_id)
    check_staff_material(request, child, to_write=to_write)
    return child
