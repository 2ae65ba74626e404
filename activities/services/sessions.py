"""Parent–child sessions at the group (ouder-kindactiviteiten): planning one, inviting the
group's parents, changing or cancelling it, the parents' replies, who came and a short
reflection afterwards.

The group's professionals (and admins) write; managers read along. Every write checks
everything first and raises ValidationError({field: [...]}) before saving anything, in one
transaction. Parents hear about an invitation, a changed time and a cancellation through
the notifications (once per family and change).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from activities.models import Activity, ParentChildSession, SessionFamily
from activities.sessions_selectors import placed_families
from families.models import Family, Guardian
from notifications.services import Draft, notify_all

if TYPE_CHECKING:
    from accounts.models import User
    from groups.models import Group

TITLE_MAX_LENGTH = ParentChildSession._meta.get_field("title").max_length
INVITATION_MAX_LENGTH = ParentChildSession._meta.get_field("invitation").max_length
REFLECTION_MAX_LENGTH = ParentChildSession._meta.get_field("reflection").max_length


def may_write(user: User, group: Group) -> bool:
    """Plans, changes and registers the group's sessions: its professionals and admins."""
    return access.can_work_in_group(user, group)


def has_started(session: ParentChildSession) -> bool:
    return session.starts_at <= timezone.now()


def session_url(session: ParentChildSession) -> str:
    return reverse("activities:session_detail", kwargs={"session_id": session.pk})


def _check_writer(user: User, session: ParentChildSession) -> None:
    if not may_write(user, session.group):
        raise PermissionDenied


def _cancelled_error(action: str) -> ValidationError:
    messages = {
        "edit": _("This session was cancelled and can no longer be changed."),
        "invite": _("This session was cancelled; the parents cannot be invited to it."),
        "register": _("This session was cancelled; there is nothing to register."),
        "reply": _("This session was cancelled."),
    }
    return ValidationError({"__all__": [messages[action]]}, code="cancelled")


# --- Planning and changing ----------------------------------------------------------------


def _moments(day: date | None, starts: time | None, ends: time | None) -> tuple[datetime | None, datetime | None]:
    if day is None or starts is None or ends is None:
        return None, None
    return (
        timezone.make_aware(datetime.combine(day, starts)),
        timezone.make_aware(datetime.combine(day, ends)),
    )


def _check_session(
    *,
    activity: Activity | None,
    title: str,
    day: date | None,
    starts: time | None,
    ends: time | None,
    invitation: str,
    kept_activity: Activity | None = None,
    time_changed: bool = True,
) -> dict[str, list[str]]:
    """`kept_activity`: the activity an edited session has already (fine if unpublished since).
    `time_changed`: only a new time must lie ahead; a session that took place keeps its own."""
    errors: dict[str, list[str]] = {}
    if activity is None and not title:
        errors["title"] = [_("Choose an activity from the library or give the session a title.")]
    elif activity is not None and not activity.is_published and activity != kept_activity:
        errors["activity"] = [_("This activity is not published yet. Choose a published activity.")]
    if len(title) > TITLE_MAX_LENGTH:
        errors["title"] = [_("Keep the title shorter than %(max)d characters.") % {"max": TITLE_MAX_LENGTH}]
    if len(invitation) > INVITATION_MAX_LENGTH:
        errors["invitation"] = [
            _("Keep the invitation shorter than %(max)d characters.") % {"max": INVITATION_MAX_LENGTH}
        ]
    if day is None:
        errors["day"] = [_("Give the date.")]
    if starts is None:
        errors["starts"] = [_("Give the start time.")]
    if ends is None:
        errors["ends"] = [_("Give the end time.")]
    if errors.keys() & {"day", "starts", "ends"}:
        return errors
    if ends <= starts:
        errors["ends"] = [_("The end time must be after the start time.")]
    if time_changed:
        now = timezone.localtime()
        if day < now.date():
            errors["day"] = [_("This date has passed. Choose today or a later date.")]
        elif day == now.date() and starts <= now.time():
            errors["starts"] = [_("This time has passed. Choose a later time.")]
    return errors


@transaction.atomic
def session_plan(
    *,
    group: Group,
    by: User,
    activity: Activity | None,
    title: str,
    day: date | None,
    starts: time | None,
    ends: time | None,
    invitation: str = "",
    invite: bool = False,
) -> ParentChildSession:
    """Plan a session for the group; with `invite`, invite the parents right away."""
    if not may_write(by, group):
        raise PermissionDenied
    title, invitation = (title or "").strip(), (invitation or "").strip()
    errors = _check_session(activity=activity, title=title, day=day, starts=starts, ends=ends, invitation=invitation)
    if errors:
        raise ValidationError(errors)
    starts_at, ends_at = _moments(day, starts, ends)
    session = ParentChildSession.objects.create(
        group=group,
        activity=activity,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        invitation=invitation,
        created_by=by,
    )
    if invite:
        session_invite(session=session, by=by)
    return session


@transaction.atomic
def session_edit(
    *,
    session: ParentChildSession,
    by: User,
    activity: Activity | None,
    title: str,
    day: date | None,
    starts: time | None,
    ends: time | None,
    invitation: str = "",
) -> ParentChildSession:
    """Change a session; the invited parents hear of a new date or time."""
    _check_writer(by, session)
    session = ParentChildSession.objects.select_for_update().select_related("group").get(pk=session.pk)
    if session.cancelled_at is not None:
        raise _cancelled_error("edit")
    title, invitation = (title or "").strip(), (invitation or "").strip()
    starts_at, ends_at = _moments(day, starts, ends)
    time_changed = (starts_at, ends_at) != (session.starts_at, session.ends_at)
    errors = _check_session(
        activity=activity,
        title=title,
        day=day,
        starts=starts,
        ends=ends,
        invitation=invitation,
        kept_activity=session.activity,
        time_changed=time_changed,
    )
    if errors:
        raise ValidationError(errors)
    session.activity, session.title, session.invitation = activity, title, invitation
    session.starts_at, session.ends_at = starts_at, ends_at
    session.save(update_fields=["activity", "title", "invitation", "starts_at", "ends_at"])
    if time_changed:
        # The new time is part of the key: moving it twice in a day tells the parents twice,
        # saving the same change again does not.
        stamp = timezone.localtime(starts_at).strftime("%Y%m%dT%H%M")
        _notify_families(session, "session_changed", f"session:{session.pk}:{stamp}", _invited_family_ids(session))
    return session


@transaction.atomic
def session_cancel(*, session: ParentChildSession, by: User) -> bool:
    """Cancel a session that has not started; the invited parents hear of it. False when it
    was cancelled already (two clicks, two colleagues)."""
    _check_writer(by, session)
    if has_started(session) and session.cancelled_at is None:
        raise ValidationError(
            {"__all__": [_("This session has started already and can no longer be cancelled.")]}, code="started"
        )
    cancelled = ParentChildSession.objects.filter(pk=session.pk, cancelled_at__isnull=True).update(
        cancelled_at=timezone.now()
    )
    session.refresh_from_db(fields=["cancelled_at"])
    if cancelled:
        _notify_families(session, "session_cancelled", f"session:{session.pk}", _invited_family_ids(session))
    return bool(cancelled)


# --- Inviting -------------------------------------------------------------------------------


def _invited_family_ids(session: ParentChildSession) -> list:
    return list(SessionFamily.objects.filter(session=session).values_list("family_id", flat=True))


def _notify_families(session: ParentChildSession, kind: str, subject: str, family_ids: Iterable) -> int:
    family_ids = list(family_ids)
    if not family_ids:
        return 0
    parents = Guardian.objects.filter(family_id__in=family_ids, user__isnull=False).select_related("user")
    params = {"group": session.group.name, "starts_at": timezone.localtime(session.starts_at).isoformat()}
    link = session_url(session)
    # One notification per parent, even when a parent belongs to two invited families.
    users = {guardian.user_id: guardian.user for guardian in parents}
    return notify_all(Draft(kind, user, subject, params=params, link=link) for user in users.values())


@transaction.atomic
def session_invite(*, session: ParentChildSession, by: User) -> int:
    """Invite the parents of the children placed in the group. Families invited before keep
    their reply and hear nothing new; families placed since are added and notified.
    Returns how many families were newly invited."""
    _check_writer(by, session)
    # Locked, so that two clicks never notify a family twice.
    locked = ParentChildSession.objects.select_for_update().select_related("group").get(pk=session.pk)
    if locked.cancelled_at is not None:
        raise _cancelled_error("invite")
    if has_started(locked):
        raise ValidationError(
            {"__all__": [_("This session has started already; it is too late to invite parents.")]}, code="started"
        )
    invited = set(_invited_family_ids(locked))
    new_ids = [pk for pk in placed_families(locked.group).values_list("pk", flat=True) if pk not in invited]
    SessionFamily.objects.bulk_create([SessionFamily(session=locked, family_id=pk) for pk in new_ids])
    if locked.invited_at is None:
        locked.invited_at = timezone.now()
        locked.save(update_fields=["invited_at"])
    session.invited_at = locked.invited_at
    _notify_families(locked, "session_invitation", f"session:{locked.pk}", new_ids)
    return len(new_ids)


# --- The parents' reply -----------------------------------------------------------------------


@transaction.atomic
def session_reply(*, invitation: SessionFamily, by: User, reply: str) -> SessionFamily:
    """A parent says whether their family comes; they may change their mind until it starts."""
    if not Guardian.objects.filter(family_id=invitation.family_id, user=by).exists():
        raise PermissionDenied
    session = invitation.session
    if session.cancelled_at is not None:
        raise _cancelled_error("reply")
    if has_started(session):
        raise ValidationError(
            {"reply": [_("This session has started already; replying is no longer possible.")]}, code="started"
        )
    if reply not in SessionFamily.Reply.values:
        raise ValidationError({"reply": [_("Choose whether you are coming.")]})
    invitation.reply, invitation.replied_at = reply, timezone.now()
    invitation.save(update_fields=["reply", "replied_at"])
    return invitation


# --- Afterwards: who came, and a reflection ---------------------------------------------------


def _check_afterwards(session: ParentChildSession) -> None:
    if session.cancelled_at is not None:
        raise _cancelled_error("register")
    if not has_started(session):
        raise ValidationError(
            {"__all__": [_("You can register this once the session has started.")]}, code="not_started"
        )


def walk_in_candidates(session: ParentChildSession) -> QuerySet[Family]:
    """Families of the group who were not invited (placed since, or added later) and may be
    registered as having come."""
    invited = SessionFamily.objects.filter(session=session).values("family_id")
    return placed_families(session.group).exclude(pk__in=invited)


@transaction.atomic
def session_register_attendance(
    *,
    session: ParentChildSession,
    by: User,
    came: Iterable[SessionFamily],
    walk_ins: Iterable[Family] = (),
) -> None:
    """Record who came: each invited family in `came` came, every other invited family did
    not; `walk_ins` are families of the group that came without an invitation."""
    _check_writer(by, session)
    _check_afterwards(session)
    came_ids = {row.pk for row in came}
    rows = list(SessionFamily.objects.filter(session=session))
    if came_ids - {row.pk for row in rows}:
        raise ValidationError({"came": [_("Only families invited to this session can be ticked here.")]})
    walk_in_ids = {family.pk for family in walk_ins}
    if walk_in_ids - set(walk_in_candidates(session).filter(pk__in=walk_in_ids).values_list("pk", flat=True)):
        raise ValidationError({"walk_ins": [_("Only families of this group who were not invited can be added.")]})
    for row in rows:
        row.attended, row.registered_by = row.pk in came_ids, by
    SessionFamily.objects.bulk_update(rows, ["attended", "registered_by"])
    SessionFamily.objects.bulk_create(
        [SessionFamily(session=session, family_id=pk, attended=True, registered_by=by) for pk in walk_in_ids]
    )


@transaction.atomic
def session_reflect(*, session: ParentChildSession, by: User, reflection: str) -> ParentChildSession:
    """The short reflection afterwards: what went well, what the parents tried, what next."""
    _check_writer(by, session)
    _check_afterwards(session)
    reflection = (reflection or "").strip()
    if not reflection:
        raise ValidationError({"reflection": [_("Write a few sentences about how it went.")]})
    if len(reflection) > REFLECTION_MAX_LENGTH:
        raise ValidationError(
            {
                "reflection": [
                    _("Keep the reflection shorter than %(max)d characters; this one has %(length)d.")
                    % {"max": REFLECTION_MAX_LENGTH, "length": len(reflection)}
                ]
            }
        )
    session.reflection, session.reflection_by = reflection, by
    session.save(update_fields=["reflection", "reflection_by"])
    return session
