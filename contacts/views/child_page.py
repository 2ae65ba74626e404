"""The child page's "Contact" section; see families.views.pages.child_detail.

Staff see the routine and where it stands, open requests and agreements, the next booked
conversation and the timeline. Parents see their routine, the next conversation, the
summaries shared with them and the agreements they may see: nothing else of a contact
moment is even read from the database for them.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING
from uuid import UUID

from django.db.models import F, FilteredRelation, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from accounts import access
from config.kept_queries import kept_list
from contacts.models import Agreement, Booking, ContactMoment, ConversationRequest
from contacts.selectors import contact_status, with_contact_status
from families.models import Child
from messaging.selectors import conversation_preview, with_unread_counts
from portfolios.selectors import child_page_summary as portfolio_summary

if TYPE_CHECKING:
    from accounts.models import User

# The timeline shows the latest moments; "show all" lists every one.
TIMELINE_SHOWN = 20
SUMMARIES_SHOWN = 10


def with_next_booking(children: QuerySet[Child], *, now: datetime | None = None) -> QuerySet[Child]:
    """`children` with their next booked conversation that has not started yet (at `now`,
    default the current time), joined in with its slot and mentor: read it with
    `getattr(child, "next_booking", None)`, as Django sets no attribute when there is none."""
    upcoming = Booking.objects.filter(
        child=OuterRef("pk"), cancelled_at__isnull=True, slot__starts_at__gte=now or timezone.now()
    ).order_by("slot__starts_at")
    next_one = FilteredRelation("bookings", condition=Q(bookings__pk=Subquery(upcoming.values("pk")[:1])))
    return children.annotate(next_booking=next_one).select_related("next_booking__slot__mentor")


def parents_see() -> Q:
    """On agreements: those parents see, of moments whose summary was shared with them, and
    those a parent of the family took on."""
    shared = Q(contact_moment__summary_shared=True) & ~Q(contact_moment__shared_summary="")
    return shared | Q(owner_guardian__family_id=F("contact_moment__child__family_id"))


def with_child_page_data(user: User, children: QuerySet[Child], *, now: datetime) -> QuerySet[Child]:
    """What this section reads of the child itself, for the page to load with the child: the
    routine, the next booking (after `now`), the unread messages and, for staff, what the due
    date needs."""
    children = with_unread_counts(user, with_next_booking(children.select_related("contact_routine"), now=now))
    return with_contact_status(children) if access.is_staff_member(user) else children


def child_page_context(user: User, child: Child, *, all_contacts: bool = False) -> dict:
    """`child` comes from `with_child_page_data`."""
    if access.can_read_contacts(user, child):
        context = _for_staff(user, child, all_contacts=all_contacts)
    elif access.is_parent_of(user, child):
        context = _for_parent(child)
    else:
        context = {}
    # The messages between the contact moments, beside them on the child page.
    context.update(conversation_preview(user, child))
    # The portfolio, for everyone who sees the child (parents: what was shared).
    context.update(portfolio_summary(user, child))
    return context


def _for_staff(user: User, child: Child, *, all_contacts: bool) -> dict:
    routine = getattr(child, "contact_routine", None)
    # The section's queries differ from child to child only in the id: their SQL is kept.
    timeline = kept_list(
        ("contacts", "timeline", all_contacts), partial(_timeline, everything=all_contacts), child_id=child.pk
    )
    more = not all_contacts and len(timeline) > TIMELINE_SHOWN
    for moment in timeline:
        moment.row_key = _timeline_key(moment)
    open_agreements = kept_list(("contacts", "open_agreements"), _open_agreements, child_id=child.pk)
    requests = kept_list(("contacts", "open_requests"), _open_requests, child_id=child.pk)
    context = {
        "contact_for": "staff",
        "contact_routine": routine,
        "contact_status": contact_status(child),
        "contact_may_log": access.can_log_contact(user, child),
        "contact_timeline": timeline[:TIMELINE_SHOWN] if more else timeline,
        "contact_timeline_more": more,
        "contact_agreements": sorted(open_agreements, key=_by_due_date),
        "contact_requests": requests,
        "contact_next_booking": getattr(child, "next_booking", None),
        "contact_today": timezone.localdate(),
    }
    context["contact_section_key"] = _section_key(child, context)
    return context


def _timeline(child_id: UUID, *, everything: bool = False) -> QuerySet[ContactMoment]:
    """The staff's timeline of the child: the latest moments and whether there are more (one
    more than shown), or all; the topics as a list on each moment (to_attr), so that Django
    builds no queryset per moment."""
    topics = Prefetch("topics", to_attr="topic_list")
    moments = ContactMoment.objects.filter(child_id=child_id).select_related("professional").prefetch_related(topics)
    return moments if everything else moments[: TIMELINE_SHOWN + 1]


def _open_agreements(child_id: UUID) -> QuerySet[Agreement]:
    # Unordered: see _by_due_date.
    return (
        Agreement.objects.filter(contact_moment__child_id=child_id, done_at__isnull=True)
        .select_related("owner_professional", "owner_guardian")
        .order_by()
    )


def _open_requests(child_id: UUID) -> QuerySet[ConversationRequest]:
    return ConversationRequest.objects.filter(child_id=child_id, handled_at__isnull=True).select_related("requested_by")


def _section_key(child: Child, context: dict) -> tuple:
    """Everything the staff's contact section shows (contacts/_child_section.html caches it
    whole under this key, its buttons' form and CSRF token outside): a change to any of it
    renders the section anew."""
    routine, booking = context["contact_routine"], context["contact_next_booking"]
    slot = booking.slot if booking else None
    return (
        child.pk,
        context["contact_may_log"],
        context["contact_status"],  # a frozen dataclass: the due date, state and today
        context["contact_today"],
        (routine.every_weeks, routine.weekday, routine.time, routine.channel, routine.from_intake, routine.agreed_on)
        if routine
        else None,
        (
            booking.pk,
            slot.starts_at,
            slot.ends_at,
            slot.kind,
            slot.place,
            slot.mentor.get_full_name() if slot.mentor else None,
        )
        if slot
        else None,
        tuple(
            (each.pk, each.reason, each.created_at, each.requested_by.get_full_name() if each.requested_by else None)
            for each in context["contact_requests"]
        ),
        tuple(
            (
                each.pk,
                each.description,
                each.due_on,
                each.done_at,
                str(each.owner_guardian) if each.owner_guardian else None,
                each.owner_professional.get_full_name() if each.owner_professional else None,
            )
            for each in context["contact_agreements"]
        ),
        tuple(moment.row_key for moment in context["contact_timeline"]),
        context["contact_timeline_more"],
    )


def _by_due_date(agreement: Agreement) -> tuple:
    """Agreement's order, applied here: an ORDER BY costs Django a lookup of each of the
    query's selected columns, more than sorting the child's few open agreements."""
    return agreement.due_on, agreement.pk


def _timeline_key(moment: ContactMoment) -> tuple:
    """Everything a moment in the staff's contact timeline shows (contacts/_timeline.html
    caches the rendered item under it): a correction of any of it renders the item anew."""
    return (
        moment.pk,
        moment.kind,
        moment.occurred_at,
        moment.professional.get_full_name() if moment.professional else None,
        moment.summary_shared,
        moment.shared_summary,
        moment.child_experience,
        moment.home_news,
        moment.positive_note,
        moment.staff_notes,
        tuple(str(topic) for topic in moment.topic_list),
    )


def _for_parent(child: Child) -> dict:
    return {
        "contact_for": "parent",
        "contact_routine": getattr(child, "contact_routine", None),
        "contact_summaries": kept_list(("contacts", "parents_summaries"), _shared_summaries, child_id=child.pk),
        "contact_agreements": kept_list(("contacts", "parents_agreements"), _parents_agreements, child_id=child.pk),
        "contact_requests": kept_list(("contacts", "parents_requests"), _parents_requests, child_id=child.pk),
        "contact_next_booking": getattr(child, "next_booking", None),
    }


def _shared_summaries(child_id: UUID) -> QuerySet[ContactMoment]:
    shared = (
        ContactMoment.objects.filter(child_id=child_id)
        .shared_with_parents()
        .select_related("professional")
        .only(
            "child_id", "occurred_at", "kind", "shared_summary", "professional__first_name", "professional__last_name"
        )
    )
    return shared[:SUMMARIES_SHOWN]


def _parents_agreements(child_id: UUID) -> QuerySet[Agreement]:
    return (
        Agreement.objects.filter(parents_see(), contact_moment__child_id=child_id, done_at__isnull=True)
        .select_related("owner_professional", "owner_guardian")
        .order_by("due_on", "pk")
    )


def _parents_requests(child_id: UUID) -> QuerySet[ConversationRequest]:
    return ConversationRequest.objects.filter(child_id=child_id, handled_at__isnull=True).only("child_id", "created_at")
