"""Announcements to all parents of a group: the group's staff list and send them and see who
read them; the parents read them and may reply privately in their child's conversation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from accounts.models import User
from groups.models import Group
from messaging.forms_announcements import AnnouncementForm, AnnouncementReplyForm
from messaging.models import Announcement, Message
from messaging.services import announcements as services
from photos.views import serve_private

PER_PAGE = 25
INBOX_LATEST = 10


def _group_for_staff(request: HttpRequest, group_id: int) -> Group:
    return get_object_or_404(access.groups_for(request.user).select_related("location"), pk=group_id)


def _announcement_for(request: HttpRequest, announcement_id: int) -> tuple[Announcement, bool]:
    """The announcement if the user may open it (else 404), and whether they are its staff
    (else they read it as a parent of the group)."""
    announcement = get_object_or_404(
        services.announcements_for(request.user).select_related("group__location", "author"), pk=announcement_id
    )
    as_staff = access.groups_for(request.user).filter(pk=announcement.group_id).exists()
    return announcement, as_staff


@login_required
def announcement_list(request: HttpRequest, group_id: int) -> HttpResponse:
    group = _group_for_staff(request, group_id)
    announcements = services.with_read_counts(
        Announcement.objects.filter(group=group).select_related("author").order_by("-created_at", "-pk")
    )
    page = Paginator(announcements, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "messaging/announcements/list.html",
        {"group": group, "page": page, "may_post": services.is_professional_of(request.user, group)},
    )


@login_required
def announcement_new(request: HttpRequest, group_id: int) -> HttpResponse:
    group = _group_for_staff(request, group_id)
    if not services.is_professional_of(request.user, group):
        raise PermissionDenied
    form = AnnouncementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            announcement = services.announcement_post(
                group=group, by=request.user, body=form.cleaned_data["body"], photo=form.cleaned_data["photo"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Your announcement was sent to the parents of %(group)s.") % {"group": group.name}
            )
            return redirect("messaging:announcement_detail", announcement_id=announcement.pk)
    return render(request, "messaging/announcements/new.html", {"group": group, "form": form})


def _reply_form(request: HttpRequest, announcement: Announcement, data=None) -> AnnouncementReplyForm:
    children = services.placed_children_of_parent(request.user, announcement.group).order_by("first_name")
    return AnnouncementReplyForm(data, children=children, prefix="reply")


def _render_for_parent(request: HttpRequest, announcement: Announcement, form: AnnouncementReplyForm) -> HttpResponse:
    replies = (
        Message.objects.filter(announcement=announcement, child__in=form.children, withdrawn_at__isnull=True)
        .select_related("child", "author")
        .order_by("created_at", "pk")
    )
    return render(
        request,
        "messaging/announcements/detail_parent.html",
        {"announcement": announcement, "form": form, "replies": replies},
    )


@login_required
def announcement_detail(request: HttpRequest, announcement_id: int) -> HttpResponse:
    announcement, as_staff = _announcement_for(request, announcement_id)
    if not as_staff:
        services.announcement_read(announcement=announcement, user=request.user)
        return _render_for_parent(request, announcement, _reply_form(request, announcement))
    counted = services.with_read_counts(Announcement.objects.filter(pk=announcement.pk)).values(
        "families_total", "families_read"
    )[0]
    families = services.families_with_read_state(announcement)
    return render(
        request,
        "messaging/announcements/detail_staff.html",
        {
            "announcement": announcement,
            "group": announcement.group,
            "families_total": counted["families_total"],
            "families_read": counted["families_read"],
            "families_done": [family for family in families if family.read_at],
            "families_waiting": [family for family in families if not family.read_at],
            "may_withdraw": announcement.author_id == request.user.pk and announcement.withdrawn_at is None,
        },
    )


@login_required
@require_POST
def announcement_reply(request: HttpRequest, announcement_id: int) -> HttpResponse:
    announcement, _as_staff = _announcement_for(request, announcement_id)
    if not services.placed_children_of_parent(request.user, announcement.group).exists():
        raise PermissionDenied  # staff of the group: they write in the conversations instead
    form = _reply_form(request, announcement, request.POST)
    if form.is_valid():
        child = form.cleaned_data["child"]
        try:
            services.announcement_reply(
                announcement=announcement, by=request.user, child=child, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your reply was sent to the group, in the conversation about %(name)s.") % {"name": child.first_name},
            )
            return redirect("messaging:conversation", child_id=child.pk)
    return _render_for_parent(request, announcement, form)


@login_required
@require_POST
def announcement_withdraw(request: HttpRequest, announcement_id: int) -> HttpResponse:
    announcement, _as_staff = _announcement_for(request, announcement_id)
    services.announcement_withdraw(announcement=announcement, by=request.user)  # only its author: else 403
    messages.success(request, _("The announcement was withdrawn; parents no longer see it."))
    return redirect("messaging:announcement_list", group_id=announcement.group_id)


@login_required
def announcement_photo(request: HttpRequest, announcement_id: int) -> HttpResponse:
    announcement, _as_staff = _announcement_for(request, announcement_id)
    photo = announcement.photo_thumbnail if request.GET.get("size") == "thumb" else announcement.photo
    if not photo:
        raise Http404
    return serve_private(photo)


urlpatterns = [
    path("groups/<int:group_id>/announcements/", announcement_list, name="announcement_list"),
    path("groups/<int:group_id>/announcements/new/", announcement_new, name="announcement_new"),
    path("announcements/<int:announcement_id>/", announcement_detail, name="announcement_detail"),
    path("announcements/<int:announcement_id>/reply/", announcement_reply, name="announcement_reply"),
    path("announcements/<int:announcement_id>/withdraw/", announcement_withdraw, name="announcement_withdraw"),
    path("announcements/<int:announcement_id>/photo/", announcement_photo, name="announcement_photo"),
]


def inbox_context(user: User) -> dict:
    """What the parents' inbox shows of announcements: the latest of the groups of their
    placed children, unread ones marked (one query)."""
    latest = list(services.for_parent_with_read_mark(user)[:INBOX_LATEST])
    return {
        "inbox_announcements": latest,
        "inbox_announcements_unread": sum(not announcement.is_read for announcement in latest),
    }
