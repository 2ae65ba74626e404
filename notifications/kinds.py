"""What each kind of notification says: its title and its email.

A notification stores ids, first names and dates in `params`; the words are made here
when someone reads it, in the reader's language. A feature that needs a new kind adds
one `register(Kind(...))` below and nothing else. A kind this registry does not know
(a row from a newer or an older version of the code) gets a generic title, never an error.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext

if TYPE_CHECKING:
    from notifications.models import Notification

logger = logging.getLogger("samenspel.notifications")

DEFAULT_EMAIL_TEMPLATE = "notifications/email/notification.txt"


@dataclass(frozen=True)
class Kind:
    """One kind of notification.

    `title(params)` says it in one sentence in the active language. `email_context`, when
    given, adds what the email's template shows beyond the title, read at send time (a
    "title" in it replaces the email's subject).
    An email of a kind with `fresh_days` is dropped when it could not be sent within that
    many days after the notification's date: "your conversation is tomorrow" must not
    arrive after the conversation. `still_to_email(notification)`, when given, is asked
    just before sending: False drops the email (the messages were read in time). With
    `one_email_at_a_time`, a recipient's emails of this kind are decided and sent one after
    the other, never by two workers at once (one email sums up several notifications).
    """

    name: str
    title: Callable[[Mapping[str, Any]], str]
    email_template: str = DEFAULT_EMAIL_TEMPLATE
    email_context: Callable[[Notification], dict[str, Any]] | None = None
    fresh_days: int | None = None
    still_to_email: Callable[[Notification], bool] | None = None
    one_email_at_a_time: bool = False


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    if kind.name in KINDS:
        raise ValueError(f"notification kind {kind.name!r} is registered twice")
    KINDS[kind.name] = kind
    return kind


def kind_of(name: str) -> Kind | None:
    return KINDS.get(name)


def generic_title() -> str:
    return gettext("You have a new notification")


def title_for(notification: Notification) -> str:
    """The notification's title in the active language; a generic one when its kind is
    unknown or its details do not fit the kind (never an error on a page or in a task)."""
    kind = KINDS.get(notification.kind)
    if kind is None:
        return generic_title()
    try:
        return kind.title(notification.params or {})
    except (KeyError, TypeError, ValueError):
        logger.warning("Notification %s of kind %s has details its title cannot use", notification.pk, kind.name)
        return generic_title()


# --- Formatting the details ----------------------------------------------------------


def show_date(value: str) -> str:
    return formats.date_format(date.fromisoformat(value), "DATE_FORMAT")


def _moment(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return timezone.localtime(moment)


def show_datetime(value: str) -> str:
    return formats.date_format(_moment(value), "DATETIME_FORMAT")


def show_time(value: str) -> str:
    return formats.time_format(_moment(value), "TIME_FORMAT")


# --- The kinds ------------------------------------------------------------------------


def _booking_changed(params: Mapping[str, Any]) -> str:
    values = {"child": params["child"], "when": show_datetime(params["starts_at"])}
    action = params.get("action", "booked")
    if action == "moved":
        return gettext("The conversation about %(child)s was moved to %(when)s") % values
    if action == "cancelled":
        return gettext("The conversation about %(child)s on %(when)s was cancelled") % values
    return gettext("A conversation about %(child)s was booked for %(when)s") % values


def _mentor_digest(params: Mapping[str, Any]) -> str:
    parts = []
    overdue, due, agreements = (int(params.get(name, 0)) for name in ("overdue", "due", "agreements"))
    if overdue:
        parts.append(ngettext("%(count)d contact overdue", "%(count)d contacts overdue", overdue) % {"count": overdue})
    if due:
        parts.append(
            ngettext("%(count)d contact due this week", "%(count)d contacts due this week", due) % {"count": due}
        )
    if agreements:
        parts.append(
            ngettext("%(count)d agreement due", "%(count)d agreements due", agreements) % {"count": agreements}
        )
    if not parts:
        return gettext("Your overview for today")
    return gettext("Your overview for today: %(items)s") % {"items": ", ".join(parts)}


def _mentor_digest_email(notification: Notification) -> dict[str, Any]:
    # Read when the email is sent, so that a contact logged since the morning counts.
    from contacts.reminders import mentor_overview

    overview = mentor_overview(notification.recipient_id, timezone.localdate())
    return {"overdue": overview.overdue, "due": overview.due, "agreements": overview.agreements}


register(
    Kind(
        "contact_summary",
        lambda params: gettext("A summary of your conversation about %(child)s is ready") % {"child": params["child"]},
    )
)
register(
    Kind(
        "agreement_new",
        lambda params: (
            gettext("New agreement about %(child)s, to do by %(day)s")
            % {"child": params["child"], "day": show_date(params["due_on"])}
        ),
    )
)
register(
    Kind(
        "conversation_request",
        lambda params: gettext("The parents of %(child)s ask for a conversation") % {"child": params["child"]},
    )
)
register(Kind("booking_changed", _booking_changed))
register(
    Kind(
        "mentor_digest",
        _mentor_digest,
        email_template="notifications/email/mentor_digest.txt",
        email_context=_mentor_digest_email,
        fresh_days=0,
    )
)
register(
    Kind(
        "booking_tomorrow",
        lambda params: (
            gettext("Tomorrow at %(time)s: your conversation about %(child)s")
            % {"child": params["child"], "time": show_time(params["starts_at"])}
        ),
        fresh_days=1,
    )
)
register(
    Kind(
        "agreement_due",
        lambda params: (
            gettext("Due tomorrow, about %(child)s: %(description)s")
            % {"child": params["child"], "description": params["description"]}
        ),
        fresh_days=1,
    )
)


# Messages and announcements: the checks read the conversation when the email is due
# (see messaging.notify).


def _messages_still_to_email(notification: Notification) -> bool:
    from messaging.notify import messages_still_to_email

    return messages_still_to_email(notification)


def _messages_email(notification: Notification) -> dict[str, Any]:
    from messaging.notify import messages_email_context

    return messages_email_context(notification)


def _announcement_still_to_email(notification: Notification) -> bool:
    from messaging.notify import announcement_still_to_email

    return announcement_still_to_email(notification)


register(
    Kind(
        "messages_unread",
        lambda params: gettext("New message about %(child)s") % {"child": params["child"]},
        email_template="notifications/email/messages_unread.txt",
        email_context=_messages_email,
        still_to_email=_messages_still_to_email,
        one_email_at_a_time=True,
    )
)
register(
    Kind(
        "announcement",
        lambda params: gettext("New announcement for the parents of %(group)s") % {"group": params["group"]},
        email_template="notifications/email/announcement.txt",
        still_to_email=_announcement_still_to_email,
    )
)


def _portfolio_view_still_to_email(notification: Notification) -> bool:
    """The nudge is moot once a parent of the child wrote something since it was made."""
    from portfolios.models import Perspective, PortfolioEntry, Response

    child_id, since = notification.params.get("child_id"), notification.created_at
    if not child_id:
        return True
    return not (
        PortfolioEntry.objects.filter(child_id=child_id, perspective=Perspective.PARENT, created_at__gte=since).exists()
        or Response.objects.filter(
            entry__child_id=child_id, perspective=Perspective.PARENT, created_at__gte=since
        ).exists()
    )


# A gentle nudge to parents who have not added their view to the portfolio for a while.
register(
    Kind(
        "portfolio_view_reminder",
        lambda params: (
            gettext("What do you see of %(child)s at home? Add it to the portfolio") % {"child": params["child"]}
        ),
        still_to_email=_portfolio_view_still_to_email,
    )
)


# The portfolio: an observation shared with the parents, and an answer to an entry.
register(
    Kind(
        "portfolio_shared",
        lambda params: gettext("A new observation about %(child)s in the portfolio") % {"child": params["child"]},
    )
)
register(
    Kind(
        "portfolio_response",
        lambda params: gettext("A response to your portfolio entry about %(child)s") % {"child": params["child"]},
    )
)


# The portfolio review: the parents are asked for their view, and the agreed review is ready.
register(
    Kind(
        "portfolio_review_input",
        lambda params: (
            gettext("Before the portfolio conversation: how do you see %(child)s's development?")
            % {"child": params["child"]}
        ),
    )
)
register(
    Kind(
        "portfolio_review_agreed",
        lambda params: gettext("The portfolio review of %(child)s is agreed") % {"child": params["child"]},
    )
)


# Parent–child sessions at the group: the invitation, a new time, a cancellation.
def _session_values(params: Mapping[str, Any]) -> dict[str, str]:
    return {"group": params["group"], "when": show_datetime(params["starts_at"])}


register(
    Kind(
        "session_invitation",
        lambda params: (
            gettext("You are invited: an activity for parents and children at %(group)s on %(when)s")
            % _session_values(params)
        ),
    )
)
register(
    Kind(
        "session_changed",
        lambda params: (
            gettext("The activity for parents and children at %(group)s is now on %(when)s") % _session_values(params)
        ),
    )
)
register(
    Kind(
        "session_cancelled",
        lambda params: (
            gettext("The activity for parents and children at %(group)s on %(when)s is cancelled")
            % _session_values(params)
        ),
    )
)


# Home activities: an activity handed to the family (or their group) for a week, and a
# gentle reminder mid-week while the family has not told how it went.


def _home_activity_reminder_still_to_email(notification: Notification) -> bool:
    """The reminder is moot once the family told how it went."""
    from activities.models import HomeActivityFeedback

    home_activity_id, family_id = notification.params.get("home_activity_id"), notification.params.get("family_id")
    if not home_activity_id or not family_id:
        return True
    return not HomeActivityFeedback.objects.filter(home_activity_id=home_activity_id, family_id=family_id).exists()


register(
    Kind(
        "home_activity",
        lambda params: (
            gettext("An activity to do at home in the week of %(date)s: %(activity)s")
            % {"date": show_date(params["week_start"]), "activity": params["activity"]}
        ),
    )
)
register(
    Kind(
        "home_activity_reminder",
        lambda params: (
            gettext("Did you do “%(activity)s” with your child this week? Tell the group how it went")
            % {"activity": params["activity"]}
        ),
        still_to_email=_home_activity_reminder_still_to_email,
    )
)


def _manager_digest(params: Mapping[str, Any]) -> str:
    count = int(params.get("groups", 0))
    return ngettext(
        "This week: %(count)d group needs attention",
        "This week: %(count)d groups need attention",
        count,
    ) % {"count": count}


def _manager_digest_email(notification: Notification) -> dict[str, Any]:
    from groups.digest import digest_email_context

    return digest_email_context(notification.params)


register(
    Kind(
        "manager_digest",
        _manager_digest,
        email_template="notifications/email/manager_digest.txt",
        email_context=_manager_digest_email,
    )
)
