"""Parent–child sessions at the group (ouder-kindactiviteiten).

Staff: a group's sessions (upcoming and past, with replies and who came), planning,
changing and cancelling one, inviting the parents, registering who came and a reflection
afterwards, and per family how often it took part. The group's professionals write;
managers read along (403 on writes). Parents: their invitations and each session's
activity in their own language, with a reply. Another group's or family's session
answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts import access
from activities import texts
from activities.models import ActivityTranslation, ParentChildSession, SessionFamily
from activities.services import sessions as services
from activities.session_forms import AttendanceForm, ReflectionForm, SessionForm, SessionPlanForm
from activities.sessions_selectors import (
    invitations_for_parent,
    participation_by_family,
    sessions_for_staff,
    with_counts,
)
from groups.models import Group


def _group(request: HttpRequest, group_id: int) -> Group:
    return get_object_or_404(access.groups_for(request.user).select_related("location"), pk=group_id)


def _staff_session(request: HttpRequest, session_id) -> ParentChildSession | None:
    """The session if the user works with or oversees its group; None when they may only
    reach it as an invited parent."""
    return sessions_for_staff(request.user).select_related("group__location", "activity").filter(pk=session_id).first()


def _invitation(request: HttpRequest, session_id) -> SessionFamily:
    """The user's own family's invitation to the session: any other answers 404."""
    invitations = invitations_for_parent(request.user).select_related(
        "session__group__location", "session__activity", "family"
    )
    return get_object_or_404(invitations.order_by("pk"), session_id=session_id)


def _session_to_write(request: HttpRequest, session_id) -> ParentChildSession:
    """404 outside the user's reach, 403 for those who only read it (managers, parents)."""
    session = _staff_session(request, session_id)
    if session is None:
        _invitation(request, session_id)  # 404 unless the user's family was invited
        raise PermissionDenied
    if not services.may_write(request.user, session.group):
        raise PermissionDenied
    return session


def _form_data(session: ParentChildSession) -> dict:
    starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    return {
        "activity": session.activity_id,
        "title": session.title,
        "day": starts.date(),
        "starts": starts.time(),
        "ends": ends.time(),
        "invitation": session.invitation,
    }


# --- Staff ------------------------------------------------------------------------------------


@login_required
def session_list(request: HttpRequest, group_id: int) -> HttpResponse:
    group = _group(request, group_id)
    sessions = list(
        with_counts(ParentChildSession.objects.filter(group=group)).select_related("activity").order_by("starts_at")
    )
    now = timezone.now()
    return render(
        request,
        "activities/sessions/list.html",
        {
            "group": group,
            "upcoming": [session for session in sessions if session.starts_at > now],
            "past": [session for session in reversed(sessions) if session.starts_at <= now],
            "may_write": services.may_write(request.user, group),
        },
    )


@login_required
def session_new(request: HttpRequest, group_id: int) -> HttpResponse:
    group = _group(request, group_id)
    if not services.may_write(request.user, group):
        raise PermissionDenied
    form = SessionPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_plan(
                group=group,
                by=request.user,
                activity=data["activity"],
                title=data["title"],
                day=data["day"],
                starts=data["starts"],
                ends=data["ends"],
                invitation=data["invitation"],
                invite=data["invite"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if data["invite"]:
                messages.success(request, _("The session is planned and the parents of the group are invited."))
            else:
                messages.success(request, _("The session is planned. Invite the parents when you are ready."))
            return redirect("activities:session_detail", session_id=session.pk)
    return render(request, "activities/sessions/form.html", {"group": group, "form": form, "session": None})


@login_required
def session_edit(request: HttpRequest, session_id) -> HttpResponse:
    session = _session_to_write(request, session_id)
    if session.cancelled_at is not None:
        messages.error(request, _("This session was cancelled and can no longer be changed."))
        return redirect("activities:session_detail", session_id=session.pk)
    form = SessionForm(request.POST or None, session=session, initial=_form_data(session))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.session_edit(
                session=session,
                by=request.user,
                activity=data["activity"],
                title=data["title"],
                day=data["day"],
                starts=data["starts"],
                ends=data["ends"],
                invitation=data["invitation"],
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "cancelled":
                messages.error(request, error.messages[0])
                return redirect("activities:session_detail", session_id=session.pk)
            form.add_error(None, error)
        else:
            messages.success(request, _("The session is saved."))
            return redirect("activities:session_detail", session_id=session.pk)
    return render(request, "activities/sessions/form.html", {"group": session.group, "form": form, "session": session})


@login_required
@require_POST
def session_cancel(request: HttpRequest, session_id) -> HttpResponse:
    session = _session_to_write(request, session_id)
    try:
        cancelled = services.session_cancel(session=session, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if cancelled:
            messages.success(request, _("The session is cancelled; the invited parents are told."))
        else:
            messages.info(request, _("This session was cancelled already."))
    return redirect("activities:session_detail", session_id=session.pk)


@login_required
@require_POST
def session_invite(request: HttpRequest, session_id) -> HttpResponse:
    session = _session_to_write(request, session_id)
    try:
        invited = services.session_invite(session=session, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if invited:
            messages.success(
                request,
                ngettext("%(count)d family is invited.", "%(count)d families are invited.", invited)
                % {"count": invited},
            )
        else:
            messages.info(request, _("Every family of the group is invited already."))
    return redirect("activities:session_detail", session_id=session.pk)


def _attendance_form(session: ParentChildSession, data=None) -> AttendanceForm:
    invited = session.families.select_related("family").order_by("family__name", "pk")
    initial = {"came": [row.pk for row in invited if row.attended]}
    return AttendanceForm(
        data,
        invited=invited,
        candidates=services.walk_in_candidates(session).order_by("name"),
        initial=initial,
    )


def _render_staff_detail(
    request: HttpRequest,
    session: ParentChildSession,
    *,
    attendance_form: AttendanceForm | None = None,
    reflection_form: ReflectionForm | None = None,
) -> HttpResponse:
    counted = with_counts(ParentChildSession.objects.filter(pk=session.pk)).values(
        "families_count", "coming_count", "not_coming_count", "attended_count", "registered_count"
    )[0]
    may_write = services.may_write(request.user, session.group)
    started = services.has_started(session)
    afterwards = started and session.cancelled_at is None
    if afterwards and may_write:
        attendance_form = attendance_form or _attendance_form(session)
        reflection_form = reflection_form or ReflectionForm(initial={"reflection": session.reflection})
    families = list(session.families.select_related("family", "registered_by").order_by("family__name", "pk"))
    return render(
        request,
        "activities/sessions/detail_staff.html",
        {
            "session": session,
            "group": session.group,
            "families": families,
            "counts": counted,
            "may_write": may_write,
            "started": started,
            "afterwards": afterwards,
            "may_edit": may_write and session.cancelled_at is None,
            "may_invite": may_write and session.cancelled_at is None and not started,
            "attendance_form": attendance_form if may_write else None,
            "reflection_form": reflection_form if may_write else None,
        },
    )


@login_required
def session_detail(request: HttpRequest, session_id) -> HttpResponse:
    session = _staff_session(request, session_id)
    if session is not None:
        return _render_staff_detail(request, session)
    return _render_parent_detail(request, _invitation(request, session_id))


@login_required
@require_POST
def session_attendance(request: HttpRequest, session_id) -> HttpResponse:
    session = _session_to_write(request, session_id)
    form = _attendance_form(session, request.POST)
    if form.is_valid():
        try:
            services.session_register_attendance(
                session=session,
                by=request.user,
                came=form.cleaned_data["came"],
                walk_ins=form.cleaned_data["walk_ins"],
            )
        except ValidationError as error:
            if getattr(error, "code", None) in ("cancelled", "not_started"):
                messages.error(request, error.messages[0])
                return redirect("activities:session_detail", session_id=session.pk)
            form.add_error(None, error)
        else:
            messages.success(request, _("Who came is saved."))
            return redirect("activities:session_detail", session_id=session.pk)
    return _render_staff_detail(request, session, attendance_form=form)


@login_required
@require_POST
def session_reflection(request: HttpRequest, session_id) -> HttpResponse:
    session = _session_to_write(request, session_id)
    form = ReflectionForm(request.POST)
    if form.is_valid():
        try:
            services.session_reflect(session=session, by=request.user, reflection=form.cleaned_data["reflection"])
        except ValidationError as error:
            if getattr(error, "code", None) in ("cancelled", "not_started"):
                messages.error(request, error.messages[0])
                return redirect("activities:session_detail", session_id=session.pk)
            form.add_error(None, error)
        else:
            messages.success(request, _("The reflection is saved."))
            return redirect("activities:session_detail", session_id=session.pk)
    return _render_staff_detail(request, session, reflection_form=form)


@login_required
def session_participation(request: HttpRequest, group_id: int) -> HttpResponse:
    group = _group(request, group_id)
    families = list(participation_by_family(group))
    held = ParentChildSession.objects.filter(
        group=group, cancelled_at__isnull=True, starts_at__lte=timezone.now()
    ).count()
    return render(
        request,
        "activities/sessions/participation.html",
        {"group": group, "families": families, "held": held},
    )


# --- Parents ------------------------------------------------------------------------------------


def _text_of(session: ParentChildSession, language: str):
    return texts.text_in(session.activity, language) if session.activity_id else None


def _render_parent_detail(request: HttpRequest, invitation: SessionFamily) -> HttpResponse:
    session = invitation.session
    language = texts.reading_language(request.user, invitation.family)
    activity_text = _text_of(session, language)
    translated = activity_text is not None and activity_text is not session.activity
    return render(
        request,
        "activities/sessions/detail_parent.html",
        {
            "session": session,
            "invitation": invitation,
            "text": activity_text,
            "steps": texts.steps_of(activity_text) if activity_text else [],
            "dutch": session.activity if translated else None,
            "dutch_steps": texts.steps_of(session.activity) if translated else [],
            "language": language if translated else "nl",
            "rtl": translated and texts.is_rtl(language),
            "may_reply": session.cancelled_at is None and not services.has_started(session),
            "replies": SessionFamily.Reply,
        },
    )


@login_required
@require_POST
def session_reply(request: HttpRequest, session_id) -> HttpResponse:
    session = _staff_session(request, session_id)
    if session is not None and not invitations_for_parent(request.user).filter(session_id=session_id).exists():
        raise PermissionDenied  # the group's staff: parents reply, not they
    invitation = _invitation(request, session_id)
    try:
        services.session_reply(invitation=invitation, by=request.user, reply=request.POST.get("reply", ""))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if invitation.reply == SessionFamily.Reply.COMING:
            messages.success(request, _("Thank you! The group knows you are coming."))
        else:
            messages.success(request, _("Thank you for letting the group know."))
    return redirect("activities:session_detail", session_id=session_id)


@login_required
def parent_sessions(request: HttpRequest) -> HttpResponse:
    if not access.is_guardian(request.user):
        raise PermissionDenied
    language = texts.reading_language(request.user)
    invitations = list(
        invitations_for_parent(request.user)
        .select_related("session__group", "session__activity", "family")
        .prefetch_related(
            Prefetch(
                "session__activity__translations",
                queryset=ActivityTranslation.objects.filter(language=language),
            )
        )
        .order_by("session__starts_at", "pk")
    )
    now = timezone.now()
    for invitation in invitations:
        text = _text_of(invitation.session, language)
        invitation.heading = text.title if text is not None else invitation.session.title
        invitation.heading_translated = text is not None and text is not invitation.session.activity
    return render(
        request,
        "activities/sessions/parent_list.html",
        {
            "upcoming": [row for row in invitations if row.session.starts_at > now],
            "past": [row for row in reversed(invitations) if row.session.starts_at <= now],
            "language": language,
            "rtl": texts.is_rtl(language),
        },
    )


urlpatterns = [
    path("groups/<int:group_id>/sessions/", session_list, name="session_list"),
    path("groups/<int:group_id>/sessions/new/", session_new, name="session_new"),
    path("groups/<int:group_id>/sessions/participation/", session_participation, name="session_participation"),
    path("sessions/<uuid:session_id>/", session_detail, name="session_detail"),
    path("sessions/<uuid:session_id>/edit/", session_edit, name="session_edit"),
    path("sessions/<uuid:session_id>/cancel/", session_cancel, name="session_cancel"),
    path("sessions/<uuid:session_id>/invite/", session_invite, name="session_invite"),
    path("sessions/<uuid:session_id>/attendance/", session_attendance, name="session_attendance"),
    path("sessions/<uuid:session_id>/reflection/", session_reflection, name="session_reflection"),
    path("sessions/<uuid:session_id>/reply/", session_reply, name="session_reply"),
    path("parent/sessions/", parent_sessions, name="parent_sessions"),
]
