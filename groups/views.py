from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import access
from accounts.decorators import role_required
from accounts.models import User
from config.kept_queries import kept_list, kept_object_or_404
from contacts import selectors as contacts
from contacts.models import Agreement, ConversationRequest
from families.models import Child, Consent, HomeVisit, Intake, Placement
from families.services.consents import unseen_profile_changes_for
from groups.models import Group, Location

# The staff home lists what to pick up first; the rest is on the child pages.
STAFF_HOME_LIST_LENGTH = 20
STAFF_HOME_BOOKING_DAYS = 14


def _current_placements() -> Prefetch:
    return Prefetch(
        "placements",
        queryset=Placement.objects.current().select_related("child", "mentor").order_by("child__first_name"),
        to_attr="current_placements",
    )


@role_required(access.is_professional)
def staff_home(request: HttpRequest) -> HttpResponse:
    """A professional's home: first what to pick up (contact due, open agreements, parents asking
    for a conversation, booked conversations), then their groups with the children. Its
    queries' SQL is kept per user, scope and day (config.kept_queries)."""
    user = request.user
    key = ("staff_home", *access.rule_key(user))
    groups = kept_list(
        (*key, "groups"),
        lambda: (
            access.groups_for(user)
            .filter(is_active=True)
            .select_related("location")
            .prefetch_related(_current_placements())
        ),
    )
    for group in groups:
        # The professional's own mentor children first, then the rest by name.
        group.current_placements.sort(key=lambda placement: placement.mentor_id != request.user.pk)
        group.card_key = _group_card_key(group, request.user)
    mentor_placements = [
        placement
        for group in groups
        for placement in group.current_placements
        if placement.mentor_id == request.user.pk
    ]
    profile_changes = kept_list(
        (*key, "profile_changes"), lambda: unseen_profile_changes_for(user).order_by("-changed_at")[:10]
    )
    child_of_family = {placement.child.family_id: placement.child for placement in mentor_placements}
    for change in profile_changes:
        change.child = child_of_family.get(change.family_id)
    contact_due = contacts.contact_due_for_mentor(request.user)
    agreements = kept_list(
        (*key, "agreements"), lambda: contacts.open_agreements_for_staff(user)[:STAFF_HOME_LIST_LENGTH]
    )
    today = timezone.localdate()
    for agreement in agreements:
        agreement.row_key = _agreement_key(agreement, request.user, today)
    requests = kept_list((*key, "requests"), lambda: contacts.open_requests_for_staff(user)[:STAFF_HOME_LIST_LENGTH])
    for conversation_request in requests:
        conversation_request.row_key = _request_key(conversation_request)
    for placement in contact_due:
        child = placement.child
        # Everything a row of "Contact due" shows (cached under it in the template).
        placement.row_key = (child.pk, child.full_name, child.first_name, placement.group.name, placement.contact)
    return render(
        request,
        "groups/staff_home.html",
        {
            "groups": groups,
            "mentor_placements": mentor_placements,
            "mentor_children_key": tuple((each.child.pk, each.child.full_name) for each in mentor_placements),
            "profile_changes": profile_changes,
            "contact_due": contact_due,
            "agreements": agreements,
            "requests": requests,
            "bookings": kept_list(
                (*key, "bookings"),
                partial(contacts.bookings_between, user),
                starts_from=(now := timezone.now()),
                starts_before=now + timedelta(days=STAFF_HOME_BOOKING_DAYS),
            ),
            "today": today,
            "margin_weeks": settings.CONTACT_OUT_OF_SIGHT_MARGIN_WEEKS,
        },
    )


def _agreement_key(agreement: Agreement, user: User, today: date) -> tuple:
    """Everything an open agreement on the staff home shows, its button included (cached under it)."""
    child = agreement.contact_moment.child
    owner, parent = agreement.owner_professional, agreement.owner_guardian
    return (
        agreement.pk,
        agreement.description,
        child.pk,
        child.full_name,
        agreement.owner_professional_id == user.pk,
        owner.get_full_name() if owner else None,
        parent.first_name if parent else None,
        agreement.due_on,
        agreement.due_on < today,
    )


def _request_key(conversation_request: ConversationRequest) -> tuple:
    """Everything a parent's request on the staff home shows, its button included (cached under it)."""
    child = conversation_request.child
    return (
        conversation_request.pk,
        conversation_request.reason,
        conversation_request.created_at,
        child.pk,
        child.full_name,
        child.first_name,
    )


def _group_card_key(group: Group, user: User) -> tuple:
    """Everything a group's card on the staff home shows (groups/staff_home.html caches the
    rendered card under it): a change to any of them renders the card anew."""
    return (
        group.pk,
        group.name,
        group.is_ve,
        group.location.name,
        tuple(
            (
                placement.child.pk,
                placement.child.full_name,
                placement.mentor_id == user.pk,
                placement.mentor.first_name if placement.mentor else None,
            )
            for placement in group.current_placements
        ),
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


# Short names for the consent columns of the group overview; the full wording is on the child page.
_CONSENT_SHORT_LABELS = {
    Consent.Kind.PORTFOLIO_PHOTOS.value: _("photos in portfolio"),
    Consent.Kind.GROUP_PHOTOS.value: _("photos for the group"),
    Consent.Kind.SCHOOL_TRANSFER.value: _("portfolio to school"),
}


def _latest_consent(kind: str) -> Subquery:
    newest = Consent.objects.filter(child=OuterRef("child"), kind=kind).order_by("-decided_at", "-pk")
    return Subquery(newest.values("given")[:1])


def _home_visit_date(status: str, newest_first: bool) -> Subquery:
    visits = HomeVisit.objects.filter(child=OuterRef("child"), status=status)
    visits = visits.order_by("-planned_for" if newest_first else "planned_for")
    return Subquery(visits.values("planned_for")[:1])


@login_required
def group_detail(request: HttpRequest, group_id: int) -> HttpResponse:
    """The group overview: per child the mentor, where getting to know the family stands, and
    whether contact with the parents is due. `?order=due` puts the most overdue first. Its
    queries' SQL is kept (config.kept_queries): only the group's id differs between requests."""
    user = request.user
    key = ("group_overview", *access.rule_key(user))
    group = kept_object_or_404(
        (*key, "group"),
        lambda group_id: access.groups_for(user).select_related("location").filter(pk=group_id),
        group_id=group_id,
    )
    today = timezone.localdate()
    placements = kept_list(("group_overview", "placements", today), _overview_placements, group_id=group.pk)
    loggable = set(
        kept_list(
            (*key, "loggable"),
            lambda group_id: access.children_whose_contact_may_be_logged(user, _placed_in(group_id)).values_list(
                "pk", flat=True
            ),
            group_id=group.pk,
        )
    )
    for placement in placements:
        placement.consent_states = [
            (_CONSENT_SHORT_LABELS[kind], getattr(placement, f"consent_{kind}")) for kind in _CONSENT_SHORT_LABELS
        ]
        placement.contact = contacts.contact_status(placement, today)
        placement.may_log = placement.child_id in loggable
        placement.row_key = _row_key(placement)
    order = "due" if request.GET.get("order") == "due" else "name"
    if order == "due":
        placements.sort(key=lambda placement: placement.contact.next_due or date.max)
    statuses = [placement.contact for placement in placements]
    summary = {
        "overdue": sum(status.state == "overdue" for status in statuses),
        "due": sum(status.state == "due" for status in statuses),
        "out_of_sight": sum(status.out_of_sight for status in statuses),
    }
    return render(
        request,
        "groups/group_detail.html",
        {
            "group": group,
            "placements": placements,
            "can_register": access.can_register_families(request.user),
            "order": order,
            "summary": summary,
            "may_log_any": bool(loggable),
            "margin_weeks": settings.CONTACT_OUT_OF_SIGHT_MARGIN_WEEKS,
        },
    )


def _row_key(placement: Placement) -> tuple:
    """Everything a row of the group overview shows (groups/group_detail.html caches the
    rendered row under it, with the page's own inputs): a change to any of them renders the
    row anew, so the cached row is never stale."""
    child = placement.child
    return (
        child.pk,
        child.full_name,
        child.first_name,
        child.birth_date,
        placement.mentor.get_full_name() if placement.mentor else None,
        placement.intake_status,
        placement.home_visit_planned,
        placement.home_visit_done,
        tuple(getattr(placement, f"consent_{kind}") for kind in _CONSENT_SHORT_LABELS),
        placement.contact,
        placement.may_log,
    )


def _overview_placements(group_id: int) -> QuerySet[Placement]:
    """The group's current placements with what a row of the overview shows."""
    placements = (
        Placement.objects.current()
        .filter(group_id=group_id)
        .select_related("child", "mentor")
        .annotate(
            intake_status=Subquery(Intake.objects.filter(child=OuterRef("child")).values("status")[:1]),
            home_visit_done=_home_visit_date(HomeVisit.Status.DONE, newest_first=True),
            home_visit_planned=_home_visit_date(HomeVisit.Status.PLANNED, newest_first=False),
            consent_portfolio_photos=_latest_consent(Consent.Kind.PORTFOLIO_PHOTOS),
            consent_group_photos=_latest_consent(Consent.Kind.GROUP_PHOTOS),
            consent_school_transfer=_latest_consent(Consent.Kind.SCHOOL_TRANSFER),
        )
        .order_by("child__first_name", "child__last_name")
    )
    return contacts.with_contact_status(placements, child="child")


def _placed_in(group_id: int) -> QuerySet[Child]:
    """The children placed in the group now: whose contact the overview may offer to log
    (`access.children_whose_contact_may_be_logged` asks for them all at once)."""
    return Child.objects.filter(pk__in=Placement.objects.current().filter(group_id=group_id).values("child_id"))
