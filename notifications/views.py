"""Every logged-in user's notifications: the list, marking read, and email on or off."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notifications import services
from notifications.kinds import title_for
from notifications.models import Notification

PER_PAGE = 25


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(Notification.objects.filter(recipient=request.user), PER_PAGE).get_page(request.GET.get("page"))
    items = [(notification, title_for(notification)) for notification in page]
    return render(request, "notifications/list.html", {"page": page, "items": items})


@login_required
@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark the notification read and go to what it is about."""
    notification = get_object_or_404(Notification.objects.filter(recipient=request.user), pk=notification_id)
    services.notification_mark_read(notification)
    link = notification.link
    # Only a path inside this site: a stored link never sends anyone elsewhere.
    if link.startswith("/") and url_has_allowed_host_and_scheme(
        link, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(link)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    if services.notifications_mark_all_read(request.user):
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@login_required
@require_POST
def notification_email_setting(request: HttpRequest) -> HttpResponse:
    choice = request.POST.get("email_notifications")
    if choice not in ("on", "off"):
        messages.error(request, _("Choose whether you want notifications by email."))
        return redirect("notifications:list")
    enabled = choice == "on"
    services.email_notifications_set(user=request.user, enabled=enabled)
    if enabled:
        messages.success(
            request, _("You will get notifications by email at %(email)s as well.") % {"email": request.user.email}
        )
    else:
        messages.success(request, _("You will no longer get notifications by email. You still find them here."))
    return redirect("notifications:list")
