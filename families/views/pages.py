from datetime import datetime
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts import access
from accounts.decorators import role_required
from accounts.models import User
from activities import home_selectors
from activities.home_cards import home_activity_cards
from activities.theme_cards import theme_word_cards
from config.kept_queries import kept_list
from contacts.models import Agreement, ContactMoment
from contacts.views import child_page as contacts
from families.models import Child, Guardian, HomeLanguage, Placement
from families.services.consents import children_with_unanswered_consents
from families.views import consents, home_visits, intake
from messaging.selectors import with_unread_counts
from messaging.services.announcements import unread_for_parent as unread_announcements_for_parent
from notifications.context_processors import with_unread_notifications
from privacy import audit


def _current_placements() -> Prefetch:
    return Prefetch(
        "placements",
        queryset=Placement.objects.current().select_related("group__location", "mentor"),
        to_attr="current_placements",
    )


@role_required(access.is_guardian)
def parent_home(request: HttpRequest) -> HttpResponse:
    """A parent's home: their own children, with group and mentor, the next conversation and
    what came out of the last ones. The children's SQL is kept per user, scope and day
    (config.kept_queries): only the time differs between requests."""
    user = request.user

    def own_children(now: datetime) -> QuerySet[Child]:
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
        unanswered = children_with_unanswered_consents(access.own_children(user))
        children = (
            Child.objects.filter(family__guardians__user=user)
            .distinct()
            .select_related("family")
            .prefetch_related(_current_placements())
            .annotate(
                open_agreements=Coalesce(Subquery(open_agreements[:1], IntegerField()), 0),
                latest_summary_at=Subquery(latest_summary[:1]),
                consents_unanswered=Exists(unanswered.filter(pk=OuterRef("pk"))),
            )
        )
        return with_unread_counts(user, contacts.with_next_booking(children, now=now), per_child=False)

    children = kept_list(("parent_home", *access.rule_key(user)), own_children, now=timezone.now())
    new_announcements, more_announcements = unread_announcements_for_parent(request.user)
    # The parent's placements and languages, read once for both activity cards.
    placed_and_languages = home_selectors.parent_view(request.user)
    context = {
        "children": children,
        "consents_unanswered": any(child.consents_unanswered for child in children),
        "new_announcements": new_announcements,
        "more_new_announcements": more_announcements,
        **home_activity_cards(request.user, view=placed_and_languages),
        **theme_word_cards(request.user, view=placed_and_languages),
    }
    if children:
        # The navigation's unread count came along: it takes the place of the context processor's.
        context["unread_messages"] = children[0].unread_total
    return render(request, "families/parent_home.html", context)


def _child_and_siblings(user: User, child_id: UUID) -> tuple[Child, list[Child]]:
    """The child for its page, 404 outside the user's reach, and the brothers and sisters the
    user may see: one query for the family's children, which also loads what the page's
    sections read of the child itself and the answers to the access questions they ask
    (remembered for the rest of the request). Its SQL is kept per user, scope and day
    (`config.kept_queries`): only the child's id and the time differ between requests."""

    def family_of(child_id: UUID, now: datetime) -> QuerySet[Child]:
        family_id = Subquery(Child.objects.filter(pk=child_id).values("family_id"))
        children = (
            Child.objects.visible_to(user)
            .filter(family_id=family_id)
            .select_related("family")
            .prefetch_related(_current_placements())
        )
        children = intake.with_child_page_data(user, children)
        children = contacts.with_child_page_data(user, children, now=now)
        if audit.may_read_trails(user):  # privacy.audit.may_read_trail_of, asked with the child
            readable = audit.children_whose_trail_may_be_read(user)
            children = children.annotate(may_read_trail=Exists(readable.filter(pk=OuterRef("pk"))))
        children = with_unread_notifications(user, children)
        # Unordered: Django's ORDER BY costs a lookup of each of the ~100 selected columns, and
        # the family's few children are put in order here (by name, as Child orders them).
        return access.with_answers(user, children.order_by())

    key = ("child_page", "family", *access.rule_key(user))
    family = kept_list(key, family_of, child_id=child_id, now=timezone.now())
    child = next((each for each in family if each.pk == child_id), None)
    if child is None:
        raise Http404
    access.remember_answers(user, child)
    siblings = sorted((each for each in family if each is not child), key=_by_name)
    return child, siblings


def _records_key(child: Child, as_staff: bool, guardians: list, home_languages: list, siblings: list) -> tuple:
    """Everything the child page's family section shows (families/records/_child_section.html
    caches it whole under this key, the invitation buttons' form and CSRF token outside): a
    change to any of it renders the section anew."""
    family = child.family
    return (
        as_staff,
        child.pk,
        family.pk,
        family.preferred_language,
        family.interpreter_needed,
        tuple(
            (
                guardian.pk,
                guardian.first_name,
                guardian.last_name,
                guardian.relationship,
                guardian.phone,
                guardian.email,
                guardian.user_id,
                bool(guardian.user and guardian.user.last_login),
                guardian.user.invited_at if guardian.user else None,
            )
            for guardian in guardians
        ),
        tuple((language.language, language.spoken_by) for language in home_languages),
        tuple((sibling.pk, sibling.first_name) for sibling in siblings),
    )


def _by_name(child: Child) -> tuple[str, str]:
    return child.first_name.casefold(), child.last_name.casefold()


def _guardians(family_id: int) -> QuerySet[Guardian]:
    return Guardian.objects.filter(family_id=family_id).select_related("user").order_by()  # sorted in Python


def _languages(family_id: int) -> QuerySet[HomeLanguage]:
    return HomeLanguage.objects.filter(family_id=family_id)


@login_required
def child_detail(request: HttpRequest, child_id) -> HttpResponse:
    child, siblings = _child_and_siblings(request.user, child_id)
    as_staff = access.can_work_with_child(request.user, child)
    guardians = kept_list(("child_page", "guardians"), _guardians, family_id=child.family_id)
    guardians.sort(key=lambda guardian: (guardian.last_name.casefold(), guardian.first_name.casefold()))
    home_languages = kept_list(("child_page", "languages"), _languages, family_id=child.family_id) if as_staff else []
    context = {
        "child": child,
        "as_staff": as_staff,
        "guardians": guardians,
        "home_languages": home_languages,
        "siblings": siblings,
        "records_key": _records_key(child, as_staff, guardians, home_languages, siblings),
        "unread_notifications": child.unread_notifications,  # the bell's count came along
    }
    # Each part of the family's records adds its own section to the page.
    for part in (intake, home_visits, consents):
        context.update(part.child_page_context(request.user, child))
    context.update(contacts.child_page_context(request.user, child, all_contacts=request.GET.get("contacts") == "all"))
    return render(request, "families/child_detail.html", context)
