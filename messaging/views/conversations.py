"""A conversation per child between its parents and the professionals of its group.

Parents and the group's professionals read and write; managers and admins read along (403
on writes). Everyone else, including a parent whose child's placement ended, gets 404.
The open conversation polls for new messages and read marks with htmx; every page also
works without JavaScript.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from accounts.decorators import role_required
from families.models import Child
from messaging import selectors
from messaging.forms import MessageEditForm, MessageForm
from messaging.models import Message
from messaging.services import conversations as services
from messaging.views.announcements import inbox_context
from photos.views import serve_private

# The latest messages of a conversation; older ones are fetched on request.
PAGE_SIZE = 50
INBOX_PAGE_SIZE = 50


def _may_use_inbox(user) -> bool:
    return access.is_guardian(user) or access.is_staff_member(user)


def _child(request: HttpRequest, child_id) -> Child:
    return get_object_or_404(
        access.conversation_children_for(request.user).select_related("family"),
        pk=child_id,
    )


def _message(request: HttpRequest, message_id: int) -> Message:
    readable = Message.objects.filter(child__in=access.conversation_children_for(request.user).values("pk"))
    return get_object_or_404(readable.select_related("child__family", "author"), pk=message_id)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _conversation_url(child: Child, message: Message | None = None) -> str:
    url = reverse("messaging:conversation", kwargs={"child_id": child.pk})
    return f"{url}#message-{message.pk}" if message else url


def _moment(value: str | None, default: datetime) -> datetime:
    """A time the page sent back; anything unreadable counts as `default`."""
    try:
        moment = parse_datetime(value or "")
    except ValueError:
        moment = None
    if moment is None:
        return default
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _back(request: HttpRequest, message: Message) -> HttpResponse:
    """Back to the message in its conversation; htmx reloads the page to get there."""
    url = _conversation_url(message.child, message)
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _state(*, after: int, since: int, checked: datetime) -> dict:
    """What the open page tells the server with each poll: the last message it shows, the
    first (read marks are refreshed from there on) and when it last heard of changes."""
    return {"after": after, "since": since, "checked": checked.isoformat()}


@role_required(_may_use_inbox)
def inbox(request: HttpRequest) -> HttpResponse:
    user = request.user
    groups = list(access.groups_for(user).select_related("location").order_by("location__name", "name"))
    group_id = _int(request.GET.get("group"))
    chosen = next((group for group in groups if group.pk == group_id), None)
    children = selectors.inbox_children(user, group_id=chosen.pk if chosen else None)
    page = Paginator(children, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": selectors.inbox_rows(list(page.object_list)),
        "groups": groups,
        "chosen_group": chosen,
        "as_parent": access.is_guardian(user),
        "as_staff": access.is_staff_member(user),
    }
    if context["as_parent"]:
        context.update(inbox_context(user))
    return render(request, "messaging/inbox.html", context)


@login_required
def conversation(request: HttpRequest, child_id) -> HttpResponse:
    child = _child(request, child_id)
    # Taken before the messages are read: whatever arrives meanwhile stays unread.
    now = timezone.now()
    people = selectors.conversation_for(request.user, child)
    form = MessageForm()
    if request.method == "POST":
        if people.viewer_side is None:
            raise PermissionDenied
        form = MessageForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                message = services.message_post(
                    child=child, by=request.user, body=form.cleaned_data["body"], photo=form.cleaned_data["photo"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if request.htmx:
                    return _posted_fragment(request, child, people, after=_int(request.POST.get("after")) or 0)
                return redirect(_conversation_url(child, message))
        if request.htmx:
            return render(
                request, "messaging/conversation/_composer.html", {"child": child, "form": form, "people": people}
            )

    before_id = _int(request.GET.get("before"))
    before = get_object_or_404(Message, child=child, pk=before_id) if before_id else None
    shown, more = selectors.latest_messages(child, count=PAGE_SIZE, before=before)
    context = {
        "child": child,
        "people": people,
        "views": people.views(shown),
        "more": more,
        "before": before,
        "form": form,
        "today": timezone.localdate(),
    }
    if before is not None and request.htmx:
        return render(request, "messaging/conversation/_older.html", context)
    if before is None and people.has_unread(shown):
        services.conversation_read(child=child, user=request.user, up_to=now)
    context["state"] = _state(after=shown[-1].pk if shown else 0, since=shown[0].pk if shown else 0, checked=now)
    return render(request, "messaging/conversation/page.html", context)


def _posted_fragment(request: HttpRequest, child: Child, people, *, after: int) -> HttpResponse:
    """After an htmx post: a fresh composer, and every message the page does not show yet."""
    now = timezone.now()
    new = list(selectors.messages_after(child, after))
    if people.has_unread(new):
        services.conversation_read(child=child, user=request.user, up_to=now)
    since = _int(request.POST.get("since")) or (new[0].pk if new else 0)
    checked = _moment(request.POST.get("checked"), now)
    return render(
        request,
        "messaging/conversation/_posted.html",
        {
            "child": child,
            "people": people,
            "form": MessageForm(),
            "new_views": people.views(new),
            "today": timezone.localdate(),
            "state": _state(after=new[-1].pk if new else after, since=since, checked=checked),
        },
    )


@login_required
def conversation_updates(request: HttpRequest, child_id) -> HttpResponse:
    """The open page's poll: new messages, and messages whose read marks, text or withdrawal
    changed since the page last heard. Nothing changed: 204, and htmx leaves the page alone."""
    child = _child(request, child_id)
    now = timezone.now()
    after = _int(request.GET.get("after")) or 0
    since = _int(request.GET.get("since")) or 0
    checked = _moment(request.GET.get("checked"), now)
    people = selectors.conversation_for(request.user, child)
    new = list(selectors.messages_after(child, after))
    latest_read = people.latest_other_side_read()
    marks_changed = latest_read is not None and latest_read > checked
    changed_here = Q(edited_at__gt=checked) | Q(withdrawn_at__gt=checked)
    if marks_changed:
        changed_here |= Q(side=people.display_side)
    changed = list(
        Message.objects.filter(changed_here, child=child, pk__gte=since, pk__lte=after)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    if not new and not changed:
        return HttpResponse(status=204)
    if people.has_unread(new):
        services.conversation_read(child=child, user=request.user, up_to=now)
    return render(
        request,
        "messaging/conversation/_updates.html",
        {
            "child": child,
            "people": people,
            "new_views": people.views(new),
            "changed_views": people.views(changed),
            "today": timezone.localdate(),
            "state": _state(after=new[-1].pk if new else after, since=since or (new[0].pk if new else 0), checked=now),
        },
    )


def _message_fragment(request: HttpRequest, message: Message) -> HttpResponse:
    message = Message.objects.select_related("child__family", "author").get(pk=message.pk)
    people = selectors.conversation_for(request.user, message.child)
    return render(
        request,
        "messaging/conversation/_message.html",
        {
            "child": message.child,
            "people": people,
            "view": people.view(message, now=timezone.now()),
            "today": timezone.localdate(),
        },
    )


@login_required
def message_edit(request: HttpRequest, message_id: int) -> HttpResponse:
    message = _message(request, message_id)
    child = message.child
    if message.author_id != request.user.pk or services.side_of(request.user, child) != message.side:
        raise PermissionDenied
    if message.is_withdrawn:
        messages.error(request, _("This message was withdrawn."))
        return redirect(_conversation_url(child, message))
    if not services.may_edit(message, request.user):
        messages.error(request, _("This message was already read; write a new one instead."))
        return redirect(_conversation_url(child, message))
    form = MessageEditForm(request.POST or None, initial={"body": message.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.message_edit(message=message, by=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your message was changed."))
            return redirect(_conversation_url(child, message))
    return render(request, "messaging/conversation/edit.html", {"child": child, "message": message, "form": form})


@login_required
@require_POST
def message_withdraw(request: HttpRequest, message_id: int) -> HttpResponse:
    message = _message(request, message_id)
    try:
        services.message_withdraw(message=message, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(request, message)
    if request.htmx:
        return _message_fragment(request, message)
    messages.success(request, _("Your message was withdrawn."))
    return _back(request, message)


@login_required
@require_POST
def message_to_contact(request: HttpRequest, message_id: int) -> HttpResponse:
    message = _message(request, message_id)
    if not access.can_log_contact(request.user, message.child):
        raise PermissionDenied
    try:
        services.message_to_contact(message=message, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(request, message)
    if request.htmx:
        return _message_fragment(request, message)
    messages.success(request, _("The message now counts as a contact moment."))
    return _back(request, message)


@login_required
def message_photo(request: HttpRequest, message_id: int) -> HttpResponse:
    message = _message(request, message_id)
    if message.is_withdrawn:
        raise Http404
    if request.GET.get("size") == "thumb" and message.photo_thumbnail:
        return serve_private(message.photo_thumbnail)
    return serve_private(message.photo)


urlpatterns = [
    path("messages/", inbox, name="inbox"),
    path("children/<uuid:child_id>/messages/", conversation, name="conversation"),
    path("children/<uuid:child_id>/messages/updates/", conversation_updates, name="conversation_updates"),
    path("messages/<int:message_id>/edit/", message_edit, name="message_edit"),
    path("messages/<int:message_id>/withdraw/", message_withdraw, name="message_withdraw"),
    path("messages/<int:message_id>/contact/", message_to_contact, name="message_to_contact"),
    path("messages/<int:message_id>/photo/", message_photo, name="message_photo"),
]
