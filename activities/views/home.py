"""Home activities: staff hand an activity to a group or a family and read the take-up;
parents read it in their own language (the Dutch text one tap away) and tell how it went.

The parents' pages show only hand-outs that reached the parent's own family (404 otherwise,
also for staff: they read the take-up page). The take-up page is for the group's staff:
its professionals and admins hand out and withdraw, managers of its location read along.
"""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from accounts.decorators import role_required
from accounts.models import User
from activities import home_selectors as selectors
from activities.home_forms import FeedbackForm, HandOutForm
from activities.models import MASTER_LANGUAGE, Activity, HomeActivity
from activities.services import home as services
from families.models import Family
from groups.models import Group

TAKE_UP_PAGE_SIZE = 10
# A parent's list reaches back this many weeks.
PARENT_LIST_WEEKS = 26


def _hands_out(user: User) -> bool:
    """Professionals (for their groups) and admins hand out; managers read the take-up."""
    return access.is_professional(user) or access.is_org_admin(user)


def _parent_item(request: HttpRequest, home_activity_id) -> selectors.ParentHomeActivity:
    item = selectors.home_activity_for_parent(request.user, home_activity_id)
    if item is None:
        raise Http404
    return item


def _take_up_url(group_id: int) -> str:
    return reverse("activities:group_take_up", kwargs={"group_id": group_id})


# --- Staff -------------------------------------------------------------------------------


def _uuid(value: str | None) -> UUID | None:
    try:
        return UUID(value) if value else None
    except ValueError:
        return None


@role_required(_hands_out)
def hand_out(request: HttpRequest) -> HttpResponse:
    """Choose an activity, the whole group or one family, the week and a note. `?group=`
    (from a group's page) offers only that group; `?activity=` (from the library) chooses it."""
    user, today = request.user, timezone.localdate()
    group = None
    group_id = request.GET.get("group", "")
    if group_id:
        if not group_id.isdecimal():
            raise Http404
        group = get_object_or_404(access.groups_for(user), pk=group_id)
        if not access.can_work_in_group(user, group):
            raise PermissionDenied
    targets = selectors.hand_out_targets(user, group)
    initial: dict = {"week_start": selectors.monday_of(today).isoformat()}
    if group is not None:
        initial["target"] = f"group:{group.pk}"
    if activity_id := _uuid(request.GET.get("activity")):
        initial["activity"] = (
            Activity.objects.filter(pk=activity_id, is_published=True).values_list("pk", flat=True).first()
        )
    form = HandOutForm(request.POST or None, initial=initial, targets=targets, today=today)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kind, _sep, target_id = data["target"].partition(":")
        chosen = next(target for target in targets if target.value == data["target"])
        try:
            home_activity = services.home_activity_hand_out(
                activity=data["activity"],
                by=user,
                week_start=data["week_start"],
                group=Group.objects.get(pk=target_id) if kind == "group" else None,
                family=Family.objects.get(pk=target_id) if kind == "family" else None,
                note=data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("“%(activity)s” is handed out for the week of %(date)s. The parents with a login were told.")
                % {
                    "activity": home_activity.activity.title,
                    "date": formats.date_format(home_activity.week_start, "DATE_FORMAT"),
                },
            )
            return redirect(_take_up_url(chosen.group_id))
    return render(
        request,
        "activities/home/hand_out.html",
        {"form": form, "group": group, "has_targets": bool(targets)},
    )


@login_required
def group_take_up(request: HttpRequest, group_id: int) -> HttpResponse:
    """Per hand-out of the group (and to its families): who did it, how it went, what the
    child said, in which language. The same queries for 10 families as for 100."""
    group = get_object_or_404(access.groups_for(request.user).select_related("location"), pk=group_id)
    page = Paginator(selectors.group_hand_outs(group), TAKE_UP_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "activities/home/take_up.html",
        {
            "group": group,
            "page": page,
            "take_ups": selectors.take_up(group, list(page.object_list)),
            "may_hand_out": access.can_work_in_group(request.user, group),
            "this_week": selectors.monday_of(timezone.localdate()),
        },
    )


@login_required
@require_POST
def home_activity_withdraw(request: HttpRequest, home_activity_id) -> HttpResponse:
    user = request.user
    visible = HomeActivity.objects.filter(
        Q(group__in=access.groups_for(user)) | Q(family__in=access.families_for(user, as_parent=False))
    )
    home_activity = get_object_or_404(visible.select_related("activity", "group", "family"), pk=home_activity_id)
    if not services.may_withdraw(user, home_activity):
        raise PermissionDenied
    back = request.POST.get("group", "")
    back_group = access.groups_for(user).filter(pk=back).first() if back.isdecimal() else None
    try:
        services.home_activity_withdraw(home_activity=home_activity, by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("“%(activity)s” is withdrawn.") % {"activity": home_activity.activity.title})
    if back_group is not None:
        return redirect(_take_up_url(back_group.pk))
    if home_activity.group_id is not None:
        return redirect(_take_up_url(home_activity.group_id))
    return redirect("home")


# --- Parents ------------------------------------------------------------------------------


@role_required(access.is_guardian)
def parent_home_activities(request: HttpRequest) -> HttpResponse:
    """This week's (and coming) activities first, then the past ones, newest first."""
    monday = selectors.monday_of(timezone.localdate())
    since = monday - timedelta(weeks=PARENT_LIST_WEEKS)
    items = selectors.home_activities_for_parent(
        request.user, home_activities=HomeActivity.objects.filter(week_start__gte=since)
    )
    current = sorted(
        (item for item in items if item.home_activity.week_start >= monday),
        key=lambda item: item.home_activity.week_start,
    )
    past = [item for item in items if item.home_activity.week_start < monday]
    return render(request, "activities/home/parent_list.html", {"current": current, "past": past, "monday": monday})


@login_required
def home_activity_detail(request: HttpRequest, home_activity_id) -> HttpResponse:
    item = _parent_item(request, home_activity_id)
    open_ = selectors.feedback_is_open(item.home_activity, timezone.localdate())
    form = None
    if item.feedback is None and open_:
        family = Family.objects.only("preferred_language").get(pk=item.family_id)
        form = FeedbackForm(initial=_feedback_initial(item, family))
    return render(
        request,
        "activities/home/detail.html",
        {
            "item": item,
            "activity": item.home_activity.activity,
            "form": form,
            "feedback_open": open_,
            "open_until": selectors.feedback_open_until(item.home_activity),
        },
    )


def _feedback_initial(item: selectors.ParentHomeActivity, family: Family) -> dict:
    feedback = item.feedback
    if feedback is not None:
        return {
            "done_on": feedback.done_on,
            "how_it_went": feedback.how_it_went,
            "child_said": feedback.child_said,
            "language_used": feedback.language_used,
            "comment": feedback.comment,
        }
    # The parent's own language by default (else the family's): no nudge towards Dutch.
    language = item.language if item.language != MASTER_LANGUAGE else family.preferred_language
    return {"done_on": timezone.localdate(), "language_used": language}


@login_required
def home_activity_feedback(request: HttpRequest, home_activity_id) -> HttpResponse:
    """Give or change the family's feedback; the form keeps what was typed on an error."""
    item = _parent_item(request, home_activity_id)
    detail_url = reverse("activities:home_activity_detail", kwargs={"home_activity_id": item.home_activity.pk})
    if not selectors.feedback_is_open(item.home_activity, timezone.localdate()):
        messages.info(request, _("The time to tell how this activity went has passed."))
        return redirect(detail_url)
    family = get_object_or_404(Family, pk=item.family_id)
    form = FeedbackForm(request.POST or None, initial=_feedback_initial(item, family))
    if request.method == "POST" and form.is_valid():
        try:
            services.home_activity_feedback_give(
                home_activity=item.home_activity, family=family, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you! The group can read how it went."))
            return redirect(detail_url)
    return render(request, "activities/home/feedback.html", {"item": item, "form": form, "detail_url": detail_url})


urlpatterns = [
    path("activities/hand-out/", hand_out, name="hand_out"),
    path("groups/<int:group_id>/activities/", group_take_up, name="group_take_up"),
    path(
        "activities/handed-out/<uuid:home_activity_id>/withdraw/", home_activity_withdraw, name="home_activity_withdraw"
    ),
    path("activities/at-home/", parent_home_activities, name="parent_home_activities"),
    path("activities/at-home/<uuid:home_activity_id>/", home_activity_detail, name="home_activity_detail"),
    path("activities/at-home/<uuid:home_activity_id>/feedback/", home_activity_feedback, name="home_activity_feedback"),
]
