"""Message emails on a real Celery worker and Redis: two messages in a minute give one email
after the delay, a conversation read within the delay gives none, and running the sweeper
again sends nothing twice.

The worker runs in a thread of this process (see `real_worker` in tests/config/conftest.py),
so it shares the test database and Django's test mailbox. Instead of waiting out the delay,
the tests move the emails' `email_after` into the past, as if the delay had passed.
"""

import datetime
import threading
import time

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, transaction
from django.utils import timezone

from config.tasks import send_now
from messaging.models import Message
from messaging.notify import message_posted
from messaging.services.conversations import conversation_read, message_post
from notifications import delivery
from notifications.models import Notification
from notifications.tasks import dispatch_pending_emails
from tests.config.conftest import require_services, wait_for
from tests.factories import ChildFactory, GuardianFactory, PlacementFactory, UserFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def _celery_in_process():
    """Overrides the autouse fixture of tests/conftest.py: tasks go to the real broker here."""
    return


@pytest.fixture(autouse=True)
def _any_hour(settings):
    """These tests run at any hour: no quiet hours for staff here (tests/notifications has them)."""
    settings.STAFF_EMAIL_HOURS = (datetime.time(0), datetime.time.max)
    settings.STAFF_EMAIL_DAYS = frozenset(range(7))
    settings.MESSAGE_EMAIL_DELAY_MINUTES = 10


def _settle(seconds: float = 2.0) -> None:
    """Give the worker time to do anything it would still do twice."""
    time.sleep(seconds)


def _sweep_twice() -> None:
    """What beat does every few minutes; twice, as two beat processes might."""
    assert send_now(dispatch_pending_emails) is True
    assert send_now(dispatch_pending_emails) is True


def _the_delay_passes() -> None:
    Notification.objects.update(email_after=timezone.now() - datetime.timedelta(seconds=1))


def _nothing_pending() -> bool:
    return not Notification.objects.filter(email_wanted=True, email_sent_at__isnull=True).exists()


def test_two_messages_in_a_minute_give_one_email_after_the_delay_and_a_second_sweep_sends_nothing(
    ours, worker, mailoutbox
):
    message_post(child=ours.child, by=ours.parent, body="Hij heeft vannacht slecht geslapen.")
    message_post(child=ours.child, by=ours.parent, body="En hij heeft wat koorts.")

    # Before the delay the sweeper leaves the email alone.
    _sweep_twice()
    _settle()
    assert mailoutbox == []
    assert Notification.objects.get().email_sent_at is None

    _the_delay_passes()
    _sweep_twice()
    assert wait_for(_nothing_pending), "the email was not sent"
    _settle()

    [email] = mailoutbox
    assert email.to == [ours.professional.email]
    assert "Kindons: 2" in email.body
    assert "slecht geslapen" not in email.body

    _sweep_twice()
    _settle()
    assert len(mailoutbox) == 1


def test_a_message_read_within_the_delay_gives_no_email(ours, worker, mailoutbox):
    message_post(child=ours.child, by=ours.professional, body="Vandaag hebben we gebakken!")
    conversation_read(child=ours.child, user=ours.parent, up_to=timezone.now())

    _the_delay_passes()
    _sweep_twice()
    assert wait_for(_nothing_pending), "the email was not decided on"
    _settle()

    assert mailoutbox == []
    notification = Notification.objects.get()
    assert notification.recipient == ours.parent
    assert notification.email_wanted is False
    assert notification.read_at is not None


def test_a_message_after_the_email_gives_one_new_email(ours, worker, mailoutbox):
    # Half an hour ago: a message, and its email has been due for twenty minutes.
    earlier = timezone.now() - datetime.timedelta(minutes=30)
    with transaction.atomic():
        message = Message.objects.create(
            child=ours.child, author=ours.parent, side=Message.Side.PARENTS, body="Zijn jullie morgen open?"
        )
        Message.objects.filter(pk=message.pk).update(created_at=earlier)
        message.created_at = earlier
        message_posted(message, now=earlier)
    _sweep_twice()
    assert wait_for(lambda: len(mailoutbox) == 1), "the first email was not sent"

    message_post(child=ours.child, by=ours.parent, body="En overmorgen?")
    _the_delay_passes()
    _sweep_twice()
    assert wait_for(_nothing_pending), "the second email was not sent"
    _settle()

    assert len(mailoutbox) == 2
    assert Notification.objects.filter(email_sent_at__isnull=False).count() == 2
    assert "Kindons: 2" in mailoutbox[1].body


class SlowBackend(EmailBackend):
    """A mail server that takes its time: long enough for a second worker to come along."""

    def send_messages(self, messages):
        time.sleep(1.0)
        return super().send_messages(messages)


def test_two_workers_at_once_send_a_recipient_one_email_about_two_conversations(ours, settings, mailoutbox):
    require_services()
    settings.EMAIL_BACKEND = f"{__name__}.SlowBackend"
    other_parent = UserFactory(email="ouder.mila@example.test")
    other_child = ChildFactory(family=GuardianFactory(user=other_parent).family, first_name="Mila")
    PlacementFactory(child=other_child, group=ours.group, mentor=ours.professional)
    # Two conversations, so two notifications whose emails are due at the same sweep.
    earlier = timezone.now() - datetime.timedelta(minutes=30)
    for child, parent, minutes in ((ours.child, ours.parent, 0), (other_child, other_parent, 15)):
        at = earlier + datetime.timedelta(minutes=minutes)
        with transaction.atomic():
            message = Message.objects.create(child=child, author=parent, side=Message.Side.PARENTS, body="Hallo")
            Message.objects.filter(pk=message.pk).update(created_at=at)
            message_posted(message, now=at)
    _the_delay_passes()
    ids = list(Notification.objects.values_list("pk", flat=True))
    assert len(ids) == 2

    def work(notification_id: int) -> None:
        try:
            delivery.deliver(notification_id)
        finally:
            connection.close()

    workers = [threading.Thread(target=work, args=(notification_id,)) for notification_id in ids]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)

    [email] = mailoutbox
    assert email.to == [ours.professional.email]
    assert "Kindons: 1" in email.body
    assert "Mila: 1" in email.body
    assert Notification.objects.filter(email_sent_at__isnull=False).count() == 1
    assert Notification.objects.filter(email_wanted=False).count() == 1
