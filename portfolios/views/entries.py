"""A child's portfolio: the timeline for staff and parents, writing entries from both
perspectives, sharing, editing, responding, and the photos.

Everyone who sees the child reads its portfolio (parents only what was shared); the
child's professionals write observations, its parents write from home, managers read
along (403 on writes). Another family's or another group's entry answers 404, and so
does a photo whose child has no photo consent (any more).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from accounts.models import User
from config.expressions import counted
from config.kept_queries import kept_list, kept_object_or_404
from families.models import Child, Consent
from families.services.consents import current_consents_of
from photos.views import serve_private
from portfolios import selectors
from portfolios.forms import EntryEditForm, EntryForm, ResponseForm
from portfolios.models import EntryPhoto, Perspective, PortfolioEntry
from portfolios.services import entries as services

PAGE_SIZE = 20


def _child(request: HttpRequest, child_id) -> Child:
    return get_object_or_404(Child.objects.visible_to(request.user).select_related("family"), pk=child_id)


def _kept_child(user: User, child_id) -> Child:
    """`_child`, its SQL kept per user, scope and day (config.kept_queries), with the answers
    to the access questions the page asks (remembered for the request: no query each)."""
    child = kept_object_or_404(
        ("timeline", "child", *access.rule_key(user)),
        lambda child_id: access.with_answers(
            user, Child.objects.visible_to(user).select_related("family").filter(pk=child_id)
        ),
        child_id=child_id,
    )
    access.remember_answers(user, child)
    return child


class _KeptPages:
    """The timeline's entries for the Paginator, each page's SQL and the count's kept
    (config.kept_queries) under `key`: only the child's id differs between requests."""

    def __init__(self, key: tuple, entries: Callable[[UUID], QuerySet[PortfolioEntry]], child: Child) -> None:
        self.key, self.entries, self.child_id = key, entries, child.pk

    def count(self) -> int:
        rows = kept_list(
            (*self.key, "count"),
            lambda child_id: counted(self.entries(child_id).prefetch_related(None)),
            child_id=self.child_id,
        )
        return rows[0]["_n"]

    def __getitem__(self, page: slice) -> list[PortfolioEntry]:
        if page.start == page.stop:
            return []  # the one page of an empty timeline
        return kept_list(
            (*self.key, page.start, page.stop), lambda child_id: self.entries(child_id)[page], child_id=self.child_id
        )


def _entry(request: HttpRequest, entry_id) -> PortfolioEntry:
    entries = selectors.entries_visible_to(request.user).select_related("child__family", "author", "domain")
    return get_object_or_404(entries, pk=entry_id)


def _timeline_url(child: Child, entry: PortfolioEntry | None = None) -> str:
    url = reverse("portfolios:timeline", kwargs={"child_id": child.pk})
    return f"{url}#entry-{entry.pk}" if entry else url


@dataclass
class EntryView:
    """One entry as `user` sees it: what they may do with it and what is shown."""

    entry: PortfolioEntry
    photos: list[EntryPhoto] = field(default_factory=list)
    may_edit: bool = False
    may_share: bool = False
    may_respond: bool = False
    seen_by: list[User] | None = None
    shown_key: tuple = ()


def _shown_key(entry: PortfolioEntry, user: User, photos: list[EntryPhoto], seen_by: list[User] | None) -> tuple:
    """Everything portfolios/_entry.html shows of the entry above its forms (cached under it):
    an edit, a new response, a photo or a new reader renders it anew."""

    def name(person: User | None) -> str | None:
        return person.get_full_name() if person else None

    return (
        entry.pk,
        entry.perspective,
        entry.is_draft,
        str(entry.domain) if entry.domain else None,
        entry.observed_on,
        entry.author_id == user.pk,
        name(entry.author),
        entry.edited_at,
        entry.text,
        tuple(photo.pk for photo in photos),
        tuple(
            (
                response.pk,
                response.author_id == user.pk,
                name(response.author),
                response.perspective,
                response.created_at,
                response.text,
            )
            for response in entry.responses.all()
        ),
        None if seen_by is None else tuple((name(person), person.email) for person in seen_by),
    )


def _view(entry: PortfolioEntry, user: User, *, side: str | None, as_staff: bool, with_photos: bool) -> EntryView:
    own_side = side or (Perspective.PROFESSIONAL if as_staff else Perspective.PARENT)
    photos = list(entry.photos.all()) if with_photos else []
    # The writer's side sees who of the other side has read it.
    seen_by = [seen.user for seen in entry.seen.all()] if entry.perspective == own_side else None
    return EntryView(
        entry=entry,
        photos=photos,
        may_edit=services.may_edit(entry, user),
        may_share=entry.is_draft and side == Perspective.PROFESSIONAL,
        may_respond=services.may_respond(entry, user),
        seen_by=seen_by,
        shown_key=_shown_key(entry, user, photos, seen_by),
    )


def _filters(request: HttpRequest) -> selectors.Filters:
    domain_id = request.GET.get("domain", "")
    domain = selectors.active_domains().filter(pk=domain_id).first() if domain_id.isdecimal() else None
    perspective = request.GET.get("perspective", "")
    return selectors.Filters(domain=domain, perspective=perspective if perspective in Perspective.values else "")


@login_required
def timeline(request: HttpRequest, child_id) -> HttpResponse:
    user = request.user
    child = _kept_child(user, child_id)
    side = selectors.side_of(user, child)
    as_staff = access.can_work_with_child(user, child)
    filters = _filters(request)
    # One query for both questions the page asks: photos shown, and (for staff) the school PDF.
    consents = current_consents_of(child)
    photo_consent = consents[Consent.Kind.PORTFOLIO_PHOTOS]
    with_photos = photo_consent is not None and photo_consent.given

    def entries(child_id: UUID) -> QuerySet[PortfolioEntry]:
        visible = selectors.entries_visible_to(user).filter(child_id=child_id)
        return selectors.timeline(visible, filters=filters, with_photos=with_photos)

    domain = filters.domain.pk if filters.domain else None
    key = ("timeline", "entries", domain, filters.perspective, with_photos, *access.rule_key(user))
    page = Paginator(_KeptPages(key, entries, child), PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    for entry in shown:
        entry.child = child  # asked about on every entry; the same child
    services.entries_mark_seen(entries=shown, user=user, side=side)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portfolios/timeline.html",
        {
            "child": child,
            "side": side,
            "as_staff": as_staff,
            "page": page,
            "views": [_view(entry, user, side=side, as_staff=as_staff, with_photos=with_photos) for entry in shown],
            "filters": filters,
            "domains": kept_list(("timeline", "domains"), selectors.active_domains),
            "perspectives": Perspective.choices,
            "query": query.urlencode(),
            "photos_allowed": with_photos,
            "school_consent": consents[Consent.Kind.SCHOOL_TRANSFER] if as_staff else None,
        },
    )


def _write(request: HttpRequest, child: Child, *, parent: bool) -> HttpResponse:
    with_photos = selectors.photos_allowed(child)
    form = EntryForm(request.POST or None, request.FILES or None, parent=parent, photos_allowed=with_photos)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            "child": child,
            "by": request.user,
            "domain": data["domain"],
            "observed_on": data["observed_on"],
            "text": data["text"],
            "photos": data["photos"],
        }
        try:
            if parent:
                entry = services.home_entry_write(**fields)
            else:
                entry = services.observation_write(**fields, share=data["share"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if parent:
                messages.success(request, _("Thank you! The group can read what you wrote."))
            elif entry.is_draft:
                messages.success(request, _("The observation is saved as a draft; only the team sees it."))
            else:
                messages.success(request, _("The observation is shared with the parents."))
            return redirect(_timeline_url(child, entry))
    return render(
        request,
        "portfolios/entry_form.html",
        {"child": child, "form": form, "parent": parent, "photos_allowed": with_photos},
    )


@login_required
def observation_new(request: HttpRequest, child_id) -> HttpResponse:
    child = _child(request, child_id)
    if selectors.side_of(request.user, child) != Perspective.PROFESSIONAL:
        raise PermissionDenied
    return _write(request, child, parent=False)


@login_required
def home_entry_new(request: HttpRequest, child_id) -> HttpResponse:
    child = _child(request, child_id)
    if selectors.side_of(request.user, child) != Perspective.PARENT:
        raise PermissionDenied
    return _write(request, child, parent=True)


def _detail(request: HttpRequest, entry: PortfolioEntry, response_form: ResponseForm | None = None) -> HttpResponse:
    user, child = request.user, entry.child
    entry = selectors.timeline(
        PortfolioEntry.objects.filter(pk=entry.pk), filters=selectors.Filters(), with_photos=True
    ).get()
    side = selectors.side_of(user, child)
    with_photos = selectors.photos_allowed(child)
    services.entries_mark_seen(entries=[entry], user=user, side=side)
    view = _view(entry, user, side=side, as_staff=access.can_work_with_child(user, child), with_photos=with_photos)
    return render(
        request,
        "portfolios/entry_detail.html",
        {"child": child, "view": view, "response_form": response_form or ResponseForm()},
    )


@login_required
def entry_detail(request: HttpRequest, entry_id) -> HttpResponse:
    return _detail(request, _entry(request, entry_id))


@login_required
def entry_edit(request: HttpRequest, entry_id) -> HttpResponse:
    entry = _entry(request, entry_id)
    if entry.author_id != request.user.pk or selectors.side_of(request.user, entry.child) != entry.perspective:
        raise PermissionDenied
    if not services.may_edit(entry, request.user):
        messages.error(request, _("This entry was already answered, so it can no longer be changed."))
        return redirect("portfolios:entry_detail", entry_id=entry.pk)
    initial = {"domain": entry.domain_id, "observed_on": entry.observed_on, "text": entry.text}
    with_photos = selectors.photos_allowed(entry.child)
    form = EntryEditForm(
        request.POST or None, request.FILES or None, initial=initial, entry=entry, photos_allowed=with_photos
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_edit(entry=entry, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(_timeline_url(entry.child, entry))
    return render(
        request,
        "portfolios/entry_edit.html",
        {
            "child": entry.child,
            "entry": entry,
            "form": form,
            "photos_allowed": with_photos,
            "entry_photos": list(form.fields["remove_photos"].queryset.only("pk", "entry_id", "position")),
        },
    )


@login_required
@require_POST
def entry_share(request: HttpRequest, entry_id) -> HttpResponse:
    entry = _entry(request, entry_id)
    if selectors.side_of(request.user, entry.child) != Perspective.PROFESSIONAL or entry.is_from_parent:
        raise PermissionDenied
    services.entry_share(entry=entry, by=request.user)
    messages.success(request, _("The observation is shared with the parents."))
    return redirect(_timeline_url(entry.child, entry))


@login_required
@require_POST
def entry_respond(request: HttpRequest, entry_id) -> HttpResponse:
    entry = _entry(request, entry_id)
    if not services.may_respond(entry, request.user):
        raise PermissionDenied
    form = ResponseForm(request.POST)
    if form.is_valid():
        try:
            services.response_write(entry=entry, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your response was added."))
            if request.POST.get("back") == "timeline":
                return redirect(_timeline_url(entry.child, entry))
            return redirect("portfolios:entry_detail", entry_id=entry.pk)
    return _detail(request, entry, response_form=form)


def _photo(request: HttpRequest, photo_id) -> EntryPhoto:
    photo = get_object_or_404(
        EntryPhoto.objects.filter(entry__in=selectors.entries_visible_to(request.user)).select_related("entry__child"),
        pk=photo_id,
    )
    if not selectors.photos_allowed(photo.entry.child):
        # Consent withdrawn: the photo is kept but shown to no one.
        raise Http404
    return photo


@login_required
def photo_file(request: HttpRequest, photo_id) -> HttpResponse:
    photo = _photo(request, photo_id)
    return serve_private(photo.thumbnail if request.GET.get("size") == "thumb" else photo.image)


@login_required
def photo_view(request: HttpRequest, photo_id) -> HttpResponse:
    """One photo full size, with the entry's other photos a step (or a swipe) away."""
    photo = _photo(request, photo_id)
    siblings = list(photo.entry.photos.only("pk", "entry_id", "position"))
    index = next(number for number, sibling in enumerate(siblings) if sibling.pk == photo.pk)
    return render(
        request,
        "portfolios/photo.html",
        {
            "child": photo.entry.child,
            "entry": photo.entry,
            "photo": photo,
            "number": index + 1,
            "count": len(siblings),
            "previous": siblings[index - 1] if index > 0 else None,
            "next": siblings[index + 1] if index + 1 < len(siblings) else None,
        },
    )


urlpatterns = [
    path("children/<uuid:child_id>/portfolio/", timeline, name="timeline"),
    path("children/<uuid:child_id>/portfolio/observations/new/", observation_new, name="observation_new"),
    path("children/<uuid:child_id>/portfolio/at-home/new/", home_entry_new, name="home_entry_new"),
    path("portfolio/entries/<uuid:entry_id>/", entry_detail, name="entry_detail"),
    path("portfolio/entries/<uuid:entry_id>/edit/", entry_edit, name="entry_edit"),
    path("portfolio/entries/<uuid:entry_id>/share/", entry_share, name="entry_share"),
    path("portfolio/entries/<uuid:entry_id>/respond/", entry_respond, name="entry_respond"),
    path("portfolio/photos/<uuid:photo_id>/", photo_view, name="photo_view"),
    path("portfolio/photos/<uuid:photo_id>/file/", photo_file, name="photo_file"),
]
