from django.contrib.auth.decorators import login_required
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from accounts import access
from accounts.decorators import role_required
from activities.home_cards import home_activity_cards
from activities.theme_cards import theme_word_cards
from contacts.models import Agreement, Booking, ContactMoment
from contacts.views import child_page as contacts
from families.models import Child, Guardian, Placement
from families.services.consents import children_with_unanswered_consents
from families.views import consents, home_visits, intake
from messaging.services.announcements import unread_for_parent as unread_announcements_for_parent


def _current_placements() -> Prefetch:
    return Prefetch(
        "placements",
        queryset=Placement.objects.current().select_related("group__location", "mentor"),
        to_attr="current_placements",
    )


@role_required(access.is_guardian)
def parent_home(request: HttpRequest) -> HttpResponse:
    """A parent's home: their own children, with group and mentor, the next conversation and
    what came out of the last ones."""
    open_agreements = (
        Agreement.objects.filter(contacts.parents_see(), contact_moment__child=OuterRef("pk"), done_at__isnull=True)
        .order_by()
        .values("contact_moment__child")
        .annotate(count=Count("pk"))
        .values("count")
    )
    latest_summary = (
        ContactMoment.objects.filter(child=OuterRef("pk"))
        .shared_with_parents()
        .order_by("-occurred_at")
        .values("occurred_at")
    )
    upcoming = (
        Booking.objects.filter(cancelled_at__isnull=True, slot__starts_at__gte=timezone.now())
        .select_related("slot__mentor")
        .order_by("slot__starts_at")
    )
    children = (
        Child.objects.filter(family__guardians__user=request.user)
        .distinct()
        .select_related("family")
        .prefetch_related(_current_placements(), Prefetch("bookings", queryset=upcoming, to_attr="upcoming_bookings"))
        .annotate(
            open_agreements=Coalesce(Subquery(open_agreements[:1], output_field=IntegerField()), 0),
            latest_summary_at=Subquery(latest_summary[:1]),
        )
    )
    unanswered = children_with_unanswered_consents(access.own_children(request.user)).exists()
    new_announcements, more_announcements = unread_announcements_for_parent(request.user)
    return render(
        request,
        "families/parent_home.html",
        {
            "children": children,
            "consents_unanswered": unanswered,
            "new_announcements": new_announcements,
            "more_new_announcements": more_announcements,
            **home_activity_cards(request.user),
            **theme_word_cards(request.user),
        },
    )


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
    context.update(contacts.child_page_context(request.user, child, all_contacts=request.GET.get("contacts") == "all"))
    return render(request, "families/child_detail.html", context)
