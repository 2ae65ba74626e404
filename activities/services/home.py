"""Home activities: a professional hands an activity to a whole group or one family for a
week; the parents hear of it, do it at home and tell how it went, in the language they chose.

Any group can get a home activity, not only VE groups: the VE groups are the ones the
activities are written for (and the form lists them first), but a toddler group without
a VE indication may use them as well. Each write checks everything first and raises
`ValidationError({field: [...]})`, so nothing is saved half.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts import access
from activities.home_selectors import (
    families_reached,
    feedback_is_open,
    feedback_open_until,
    language_of,
    parent_view,
    week_end,
)
from activities.models import Activity, HomeActivity, HomeActivityFeedback
from activities.texts import text_in
from families.languages import LANGUAGE_CHOICES
from families.models import Family, Guardian, Placement
from notifications.models import Notification
from notifications.services import Draft, notify_all

if TYPE_CHECKING:
    from accounts.models import User
    from groups.models import Group

NOTE_MAX_LENGTH = HomeActivity._meta.get_field("note").max_length
TEXT_MAX_LENGTH = HomeActivityFeedback._meta.get_field("child_said").max_length
LANGUAGES = {code for code, _name in LANGUAGE_CHOICES}


def home_activity_url(home_activity: HomeActivity) -> str:
    return reverse("activities:home_activity_detail", kwargs={"home_activity_id": home_activity.pk})


def subject_of(home_activity: HomeActivity) -> str:
    """The notifications' subject; a reminder adds the family (hex ids: the column holds 80)."""
    return f"home-activity:{home_activity.pk.hex}"


# --- Who may hand out -----------------------------------------------------------------------


def may_hand_out_to_group(user: User, group: Group) -> bool:
    return access.can_work_in_group(user, group)


def may_hand_out_to_family(user: User, family: Family) -> bool:
    """A family with a child placed now in one of the groups the user works in."""
    return Placement.objects.current().filter(child__family=family, group__in=access.groups_worked_in(user)).exists()


def may_withdraw(user: User, home_activity: HomeActivity) -> bool:
    if home_activity.group_id is not None:
        return may_hand_out_to_group(user, home_activity.group)
    return may_hand_out_to_family(user, home_activity.family)


# --- Handing out ------------------------------------------------------------------------------


def _check_week(week_start: date | None, today: date) -> list[str]:
    if week_start is None:
        return [_("Choose the week.")]
    if week_start.weekday() != 0:
        return [_("A week starts on a Monday; choose one of the weeks offered.")]
    if week_end(week_start) < today:
        return [
            _("The week of %(date)s has already ended. Choose this week or a later one.")
            % {"date": formats.date_format(week_start, "DATE_FORMAT")}
        ]
    return []


def _already_handed_out(activity: Activity, group: Group | None, family: Family | None, week_start: date) -> str:
    if group is not None:
        return _("“%(activity)s” was already handed to %(group)s for the week of %(date)s.") % {
            "activity": activity.title,
            "group": group.name,
            "date": formats.date_format(week_start, "DATE_FORMAT"),
        }
    return _("“%(activity)s” was already handed to the %(family)s family for the week of %(date)s.") % {
        "activity": activity.title,
        "family": family.name,
        "date": formats.date_format(week_start, "DATE_FORMAT"),
    }


@transaction.atomic
def home_activity_hand_out(
    *,
    activity: Activity | None,
    by: User,
    week_start: date | None,
    group: Group | None = None,
    family: Family | None = None,
    note: str = "",
) -> HomeActivity:
    """Hand `activity` to a whole group or to one family for the week from `week_start` and
    tell the parents with a login (of the children placed in the group now, or the family's)."""
    if (group is None) == (family is None):
        raise ValidationError({"target": [_("Choose the whole group or one family.")]})
    if group is not None and not may_hand_out_to_group(by, group):
        raise PermissionDenied
    if family is not None and not may_hand_out_to_family(by, family):
        raise PermissionDenied
    today = timezone.localdate()
    note = (note or "").strip()
    errors: dict[str, list[str]] = {}
    if activity is None:
        errors["activity"] = [_("Choose an activity.")]
    elif not activity.is_published:
        errors["activity"] = [_("This activity is not published yet, so it cannot be handed out to parents.")]
    if week_errors := _check_week(week_start, today):
        errors["week_start"] = week_errors
    if len(note) > NOTE_MAX_LENGTH:
        errors["note"] = [
            _("The note can be at most %(max)s characters long; this one has %(length)s.")
            % {"max": NOTE_MAX_LENGTH, "length": len(note)}
        ]
    if not errors:
        same = HomeActivity.objects.filter(activity=activity, week_start=week_start)
        same = same.filter(group=group) if group is not None else same.filter(family=family)
        if same.exists():
            errors["activity"] = [_already_handed_out(activity, group, family, week_start)]
    if errors:
        raise ValidationError(errors)
    try:
        # A savepoint: a colleague handing out the same at the same moment meets the
        # database's constraint, and gets the same message as above.
        with transaction.atomic():
            home_activity = HomeActivity.objects.create(
                activity=activity, group=group, family=family, week_start=week_start, note=note, handed_out_by=by
            )
    except IntegrityError:
        raise ValidationError({"activity": [_already_handed_out(activity, group, family, week_start)]}) from None
    _notify_parents(home_activity)
    return home_activity


def _notify_parents(home_activity: HomeActivity) -> None:
    """The parents with a login, each told the activity's title in their own language."""
    if home_activity.group_id is not None:
        families = Placement.objects.current().filter(group_id=home_activity.group_id).values("child__family_id")
    else:
        families = [home_activity.family_id]
    guardians = (
        Guardian.objects.filter(family_id__in=families, user__isnull=False, user__is_active=True)
        .select_related("user", "family")
        .order_by("user_id", "family_id")
    )
    activity = Activity.objects.prefetch_related("translations").get(pk=home_activity.activity_id)
    drafts, told = [], set()
    for guardian in guardians:
        if guardian.user_id in told:  # a parent of two families of the group hears it once
            continue
        told.add(guardian.user_id)
        language = language_of(guardian.preferred_language, guardian.family.preferred_language)
        params = {"activity": text_in(activity, language).title, "week_start": home_activity.week_start.isoformat()}
        drafts.append(
            Draft(
                "home_activity",
                guardian.user,
                subject_of(home_activity),
                None,
                params,
                home_activity_url(home_activity),
            )
        )
    notify_all(drafts)


@transaction.atomic
def home_activity_withdraw(*, home_activity: HomeActivity, by: User) -> None:
    """Take a hand-out back (e.g. the wrong week) while no family has told about it yet;
    its notifications go too, so that no parent follows a link to nothing."""
    home_activity = (
        HomeActivity.objects.select_for_update(of=("self",)).select_related("group", "family").get(pk=home_activity.pk)
    )
    if not may_withdraw(by, home_activity):
        raise PermissionDenied
    if home_activity.feedback.exists():
        raise ValidationError(_("Families have already told how this activity went, so it can no longer be withdrawn."))
    Notification.objects.filter(
        kind__in=["home_activity", "home_activity_reminder"], subject__startswith=subject_of(home_activity)
    ).delete()
    home_activity.delete()


# --- Feedback from the parents -----------------------------------------------------------------


def _check_feedback(
    *, done_on: date | None, how_it_went: str, child_said: str, language_used: str, comment: str, since: date
) -> dict[str, list[str]]:
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if done_on is None:
        errors["done_on"] = [_("Give the day you did it.")]
    elif done_on > today:
        errors["done_on"] = [_("The day cannot be in the future.")]
    elif done_on < since:
        errors["done_on"] = [
            _("The activity was handed out on %(date)s; give a day from then on.")
            % {"date": formats.date_format(since, "DATE_FORMAT")}
        ]
    if how_it_went not in HomeActivityFeedback.HowItWent.values:
        errors["how_it_went"] = [_("Choose how it went.")]
    if language_used not in LANGUAGES:
        errors["language_used"] = [_("Choose the language you used. Any language is good.")]
    for name, text in (("child_said", child_said), ("comment", comment)):
        if len(text) > TEXT_MAX_LENGTH:
            errors[name] = [
                _("This can be at most %(max)s characters long; it has %(length)s.")
                % {"max": TEXT_MAX_LENGTH, "length": len(text)}
            ]
    return errors


@transaction.atomic
def home_activity_feedback_give(
    *,
    home_activity: HomeActivity,
    family: Family,
    by: User,
    done_on: date | None,
    how_it_went: str,
    child_said: str = "",
    language_used: str,
    comment: str = "",
) -> HomeActivityFeedback:
    """A parent tells how the activity went: once per family, changed in place until the
    week is two weeks past."""
    if not Guardian.objects.filter(user=by, family=family).exists():
        raise PermissionDenied
    if family.pk not in families_reached(home_activity, parent_view(by).spans):
        raise ValidationError(
            _("This activity was not handed to your family, so you cannot tell how it went. Ask the group about it.")
        )
    today = timezone.localdate()
    if not feedback_is_open(home_activity, today):
        raise ValidationError(
            _("You could tell how this activity went until %(date)s; that time has passed.")
            % {"date": formats.date_format(feedback_open_until(home_activity), "DATE_FORMAT")}
        )
    child_said, comment = (child_said or "").strip(), (comment or "").strip()
    errors = _check_feedback(
        done_on=done_on,
        how_it_went=how_it_went,
        child_said=child_said,
        language_used=language_used,
        comment=comment,
        since=timezone.localdate(home_activity.created_at),
    )
    if errors:
        raise ValidationError(errors)
    fields = {
        "done_on": done_on,
        "how_it_went": how_it_went,
        "child_said": child_said,
        "language_used": language_used,
        "comment": comment,
        "written_by": by,
    }
    existing = HomeActivityFeedback.objects.select_for_update().filter(home_activity=home_activity, family=family)
    if existing.update(**fields, updated_at=timezone.now()):
        return existing.get()
    try:
        # Two parents of the family at the same moment: the second one's words win.
        with transaction.atomic():
            return HomeActivityFeedback.objects.create(home_activity=home_activity, family=family, **fields)
    except IntegrityError:
        existing.update(**fields, updated_at=timezone.now())
        return existing.get()
