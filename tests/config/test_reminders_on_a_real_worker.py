"""Reminders on a real Celery worker and Redis: each sent once, a failed send retried, and
nothing lost while Redis is down or hangs.

The worker runs in a thread of this process (see `real_worker` in tests/config/conftest.py),
so it shares the test database and Django's test mailbox.
"""

import datetime
import smtplib
import time
from collections.abc import Iterator

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from config.tasks import send_now
from contacts.services.moments import contact_log
from contacts.tasks import send_daily_reminders
from notifications.models import Notification
from notifications.services import notify
from notifications.tasks import dispatch_pending_emails
from tests.config.conftest import real_worker, require_services, wait_for
from tests.config.test_broker_outage import CLOSED_PORT_URL, LIMIT_SECONDS, SilentServer
from tests.contacts.factories import AgreementFactory, BookingFactory, ConversationSlotFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def _celery_in_process():
    """Overrides the autouse fixture of tests/conftest.py: tasks go to the real broker here."""
    return


class FailingOnceBackend(EmailBackend):
    """A mail server that drops the connection on the first message and accepts the rest."""

    calls = 0

    def send_messages(self, messages):
        FailingOnceBackend.calls += 1
        if FailingOnceBackend.calls == 1:
            raise smtplib.SMTPServerDisconnected("the mail server went away")
        return super().send_messages(messages)


@pytest.fixture
def hung_redis_url() -> Iterator[str]:
    server = SilentServer()
    try:
        yield f"redis://127.0.0.1:{server.port}/0"
    finally:
        server.stop()


def _all_sent() -> bool:
    return not Notification.objects.filter(email_wanted=True, email_sent_at__isnull=True).exists()


def _settle(seconds: float = 2.0) -> None:
    """Give the worker time to do anything it would still do twice."""
    time.sleep(seconds)


def _recipients(mailoutbox) -> list[str]:
    return sorted(message.to[0] for message in mailoutbox)


def test_the_daily_job_run_twice_through_the_worker_sends_each_reminder_once(ours, worker, mailoutbox, settings):
    # Ours: the mentor's child is overdue (placed 90 days ago, never a contact), the parent
    # has a conversation tomorrow and never wrote in the portfolio, the mentor owns an
    # agreement due tomorrow, and the manager's weekly digest is due today (the group's
    # routine is not kept).
    settings.PORTFOLIO_VIEW_REMINDER_WEEKS = 6
    settings.MANAGER_DIGEST_WEEKDAY = timezone.localdate().weekday()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    starts_at = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(19)))
    slot = ConversationSlotFactory(
        mentor=ours.professional, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(minutes=15)
    )
    BookingFactory(slot=slot, child=ours.child, booked_by=ours.parent)
    AgreementFactory(contact_moment__child=ours.child, contact_moment__professional=ours.professional, due_on=tomorrow)

    assert send_now(send_daily_reminders) is True
    assert send_now(send_daily_reminders) is True

    assert wait_for(lambda: len(mailoutbox) >= 5 and _all_sent()), "the reminders were not all sent"
    _settle()
    assert _recipients(mailoutbox) == sorted(
        [ours.professional.email, ours.professional.email, ours.parent.email, ours.parent.email, ours.manager.email]
    )
    assert sorted(Notification.objects.values_list("kind", flat=True)) == [
        "agreement_due",
        "booking_tomorrow",
        "manager_digest",
        "mentor_digest",
        "portfolio_view_reminder",
    ]


def test_an_email_that_fails_once_is_retried_and_arrives_once(ours, worker, mailoutbox, settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingOnceBackend"
    FailingOnceBackend.calls = 0

    notify("contact_summary", ours.parent, subject="contact:1", params={"child": ours.child.first_name})

    assert wait_for(_all_sent), "the email was not sent after the retry"
    _settle()
    notification = Notification.objects.get()
    assert FailingOnceBackend.calls == 2
    assert _recipients(mailoutbox) == [ours.parent.email]
    assert notification.email_attempts == 1
    assert notification.email_claimed_until is None


def _log_a_shared_contact(side) -> float:
    """What a professional does on the web: log a contact with a summary for the parents.
    Outside a transaction, as in a request, the email is queued right after the commit."""
    started = time.monotonic()
    contact_log(
        child=side.child,
        by=side.professional,
        child_experience="Heeft een toren gebouwd.",
        summary_shared=True,
        shared_summary="Een fijne dag gehad.",
    )
    return time.monotonic() - started


def _the_reminder_arrives_once_redis_is_back(broker, side, mailoutbox) -> None:
    notification = Notification.objects.get(kind="contact_summary", recipient=side.parent)
    assert notification.email_wanted and notification.email_sent_at is None
    assert mailoutbox == []

    with real_worker(broker):
        # What beat does every few minutes; twice, as two beat processes might.
        assert send_now(dispatch_pending_emails) is True
        assert send_now(dispatch_pending_emails) is True
        assert wait_for(_all_sent), "the sweeper did not send the email"
        _settle()

    assert _recipients(mailoutbox) == [side.parent.email]


def test_with_redis_down_a_contact_is_logged_in_time_and_its_reminder_arrives_once_redis_is_back(
    ours, broker, mailoutbox
):
    require_services()
    broker.use(CLOSED_PORT_URL)

    seconds = _log_a_shared_contact(ours)

    assert seconds < LIMIT_SECONDS
    _the_reminder_arrives_once_redis_is_back(broker, ours, mailoutbox)


def test_with_redis_hanging_a_contact_is_logged_in_time_and_its_reminder_arrives_once_redis_is_back(
    ours, broker, hung_redis_url, mailoutbox
):
    require_services()
    broker.use(hung_redis_url)

    seconds = _log_a_shared_contact(ours)

    assert seconds < LIMIT_SECONDS
    _the_reminder_arrives_once_redis_is_back(broker, ours, mailoutbox)
