"""The quick log: from the group overview or the staff home, a contact moment on a phone in
under a minute. One URL serves the inline form (htmx) and the full page (without JavaScript)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts import access
from contacts.forms.quick import QuickContactForm
from contacts.selectors import contact_status, with_contact_status
from contacts.services.moments import contact_log
from families.models import Child, Placement


def _child_to_log(request: HttpRequest, child_id) -> Child:
    """404 outside the user's reach; 403 to those who see the child but do not log contact
    (managers read, parents do not log their own contacts)."""
    children = Child.objects.visible_to(request.user).select_related("family")
    # Whether the user logs contact comes along with the child (one query for both).
    child = get_object_or_404(access.with_answers(request.user, children, questions=("write",)), pk=child_id)
    access.remember_answers(request.user, child)
    if not access.can_log_contact(request.user, child):
        raise PermissionDenied
    return child


def _return_url(request: HttpRequest, child: Child) -> str:
    """Where the full-page form goes back to: `next` if it is ours, else the child's group."""
    next_url = request.POST.get("next") or request.GET.get("next")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    group = (
        access.groups_for(request.user)
        .filter(placements__in=Placement.objects.current().filter(child=child))
        .order_by("name")
        .first()
    )
    if group is not None:
        return reverse("groups:group_detail", args=[group.pk])
    return child.get_absolute_url()


@login_required
def quick_log(request: HttpRequest, child_id) -> HttpResponse:
    child = _child_to_log(request, child_id)
    form = QuickContactForm(request.POST or None, child=child)
    if request.method == "POST" and form.is_valid():
        try:
            contact_log(child=child, by=request.user, **form.log_fields())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            status = contact_status(with_contact_status(Child.objects.filter(pk=child.pk)).get())
            if request.htmx:
                # The form gives way to a confirmation; the child's row shows today's contact.
                response = render(
                    request,
                    "contacts/quick/_saved.html",
                    {"child": child, "status": status, "may_log": True, "oob": True},
                )
                patch_vary_headers(response, ["HX-Request"])
                return response
            messages.success(request, _saved_message(child, status))
            # Not redirect(): a `next` without "/" or "." would be looked up as a view name.
            return HttpResponseRedirect(_return_url(request, child))
    if request.htmx:
        response = render(request, "contacts/quick/_form.html", {"child": child, "form": form, "inline": True})
    else:
        context = {"child": child, "form": form, "inline": False, "next": _return_url(request, child)}
        response = render(request, "contacts/quick/page.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _saved_message(child: Child, status) -> str:
    if status.next_due is None:
        return _("The contact with %(name)s's parents is saved.") % {"name": child.first_name}
    return _("The contact with %(name)s's parents is saved. The next contact is due on %(date)s.") % {
        "name": child.first_name,
        "date": date_format(status.next_due),
    }


urlpatterns = [
    path("children/<uuid:child_id>/contacts/quick/", quick_log, name="quick_log"),
]
