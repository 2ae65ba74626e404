"""Notification emails: made once per key, sent once, in the recipient's language, only to
whoever wants them; a claimed email is left alone, a failed one is tried again."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from config.celery import app
from notifications import delivery
from notifications.models import Notification
from notifications.services import Draft, email_notifications_set, notify, notify_all
from notifications.tasks import dispatch_pending_emails, send_notification_email
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class FailingOnceBackend(EmailBackend):
    """A mail server that refuses the first message and accepts the next."""

    calls = 0

    def send_messages(self, messages):
        FailingOnceBackend.calls += 1
        if FailingOnceBackend.calls == 1:
            raise smtplib.SMTPServerDisconnected("the mail server went away")
        return super().send_messages(messages)


class AlwaysFailingBackend(EmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("the mail server is away")


@pytest.fixture
def like_a_worker(monkeypatch):
    """Eager tasks that fail are retried as on a worker, instead of raising into the caller."""
    monkeypatch.setitem(app.conf, "task_eager_propagates", False)


@pytest.fixture
def parent(db):
    return UserFactory(email="ouder@example.test", first_name="Sanne", preferred_language="en")


def _summary(recipient, *, subject="contact:1", **fields) -> Notification:
    fields = {"params": {"child": "Noor"}, "link": "/children/x/", "email_wanted": True, **fields}
    return Notification.objects.create(
        kind="contact_summary", recipient=recipient, subject=subject, on_date=timezone.localdate(), **fields
    )


def test_notifying_twice_with_the_same_key_makes_one_notification_and_one_email(
    parent, mailoutbox, django_capture_on_commit_callbacks
):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            notify("contact_summary", parent, subject="contact:7", params={"child": "Noor"}, link="/children/x/")

    assert Notification.objects.filter(recipient=parent).count() == 1
    assert len(mailoutbox) == 1


def test_the_same_subject_on_another_day_or_of_another_kind_is_another_notification(parent):
    today = timezone.localdate()
    notify_all(
        [
            Draft("contact_summary", parent, "contact:7", today, {"child": "Noor"}),
            Draft("contact_summary", parent, "contact:7", today + datetime.timedelta(days=1), {"child": "Noor"}),
            Draft("agreement_due", parent, "contact:7", today, {"child": "Noor", "description": "Lezen"}),
        ]
    )

    assert Notification.objects.filter(recipient=parent).count() == 3


def test_the_email_is_in_the_recipients_language_with_a_link_and_a_way_to_turn_it_off(
    parent, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://samenspel.example.nl"

    with django_capture_on_commit_callbacks(execute=True):
        notify("contact_summary", parent, subject="contact:7", params={"child": "Noor"}, link="/children/x/")

    [message] = mailoutbox
    assert message.to == ["ouder@example.test"]
    assert message.subject == "[Samenspel] A summary of your conversation about Noor is ready"
    assert message.body.startswith("Hello Sanne,")
    assert "https://samenspel.example.nl/children/x/" in message.body
    assert "turn them off" in message.body
    assert "https://samenspel.example.nl/notifications/" in message.body
    notification = Notification.objects.get()
    assert notification.email_sent_at is not None
    assert notification.email_claimed_until is None


def test_without_a_language_of_their_own_the_recipient_gets_the_default_language(parent, settings, mailoutbox):
    parent.preferred_language = ""
    parent.save()
    settings.LANGUAGE_CODE = "en"
    notification = _summary(parent)

    send_notification_email(notification.pk)

    assert mailoutbox[0].subject == "[Samenspel] A summary of your conversation about Noor is ready"


def test_a_user_with_emails_off_gets_the_notification_in_the_app_only(
    parent, mailoutbox, django_capture_on_commit_callbacks
):
    parent.email_notifications = False
    parent.save()

    with django_capture_on_commit_callbacks(execute=True):
        notify("contact_summary", parent, subject="contact:7", params={"child": "Noor"})

    notification = Notification.objects.get(recipient=parent)
    assert notification.email_wanted is False
    assert mailoutbox == []


def test_turning_emails_off_drops_the_emails_not_sent_yet(parent, mailoutbox):
    notification = _summary(parent)

    email_notifications_set(user=parent, enabled=False)
    send_notification_email(notification.pk)

    notification.refresh_from_db()
    assert notification.email_wanted is False
    assert mailoutbox == []


def test_an_email_is_not_sent_to_someone_who_turned_emails_off_after_it_was_made(parent, mailoutbox):
    notification = _summary(parent)
    type(parent).objects.filter(pk=parent.pk).update(email_notifications=False)

    send_notification_email(notification.pk)
    delivery.dispatch_pending()

    notification.refresh_from_db()
    assert mailoutbox == []
    assert notification.email_wanted is False


def test_an_email_claimed_by_another_worker_is_not_sent_by_a_second_task(parent, mailoutbox):
    notification = _summary(parent, email_claimed_until=timezone.now() + datetime.timedelta(minutes=4))

    send_notification_email(notification.pk)
    delivery.dispatch_pending()

    notification.refresh_from_db()
    assert mailoutbox == []
    assert notification.email_sent_at is None


def test_the_sweeper_sends_an_email_whose_claim_ran_out(parent, mailoutbox):
    # A worker was killed while it held the email; its claim has run out since.
    notification = _summary(parent, email_claimed_until=timezone.now() - datetime.timedelta(seconds=1))

    dispatch_pending_emails()

    notification.refresh_from_db()
    assert len(mailoutbox) == 1
    assert notification.email_sent_at is not None


def test_a_sent_email_is_not_sent_again_by_the_sweeper_or_a_second_task(parent, mailoutbox):
    notification = _summary(parent)

    send_notification_email(notification.pk)
    send_notification_email(notification.pk)
    dispatch_pending_emails()

    assert len(mailoutbox) == 1


def test_a_failed_send_releases_the_claim_and_the_retry_sends_once(parent, settings, mailoutbox, like_a_worker):
    settings.EMAIL_BACKEND = f"{__name__}.FailingOnceBackend"
    FailingOnceBackend.calls = 0
    notification = _summary(parent)

    send_notification_email.apply_async(args=[notification.pk])

    notification.refresh_from_db()
    assert FailingOnceBackend.calls == 2, "the task was retried"
    assert len(mail.outbox) == 1
    assert notification.email_sent_at is not None
    assert notification.email_attempts == 1
    assert notification.email_claimed_until is None


def test_an_email_that_keeps_failing_is_given_up_after_the_maximum_of_attempts(
    parent, settings, mailoutbox, like_a_worker
):
    settings.EMAIL_BACKEND = f"{__name__}.AlwaysFailingBackend"
    settings.NOTIFICATION_EMAIL_MAX_ATTEMPTS = 6
    notification = _summary(parent)

    result = send_notification_email.apply_async(args=[notification.pk])

    assert isinstance(result.result, smtplib.SMTPException)
    notification.refresh_from_db()
    assert notification.email_attempts == 1 + send_notification_email.max_retries
    assert notification.email_claimed_until is None, "the sweeper may try it again"
    assert list(delivery.pending_emails()) == [notification]

    Notification.objects.filter(pk=notification.pk).update(email_attempts=6)
    assert list(delivery.pending_emails()) == []


def test_a_reminder_for_tomorrow_is_not_mailed_once_that_day_has_passed(parent, mailoutbox):
    two_days_ago = timezone.localdate() - datetime.timedelta(days=2)
    notification = Notification.objects.create(
        kind="booking_tomorrow",
        recipient=parent,
        subject="booking:1",
        on_date=two_days_ago,
        params={"child": "Noor", "starts_at": timezone.now().isoformat()},
        email_wanted=True,
    )

    send_notification_email(notification.pk)

    notification.refresh_from_db()
    assert mailoutbox == []
    assert notification.email_wanted is False


def test_the_sweeper_leaves_emails_older_than_a_few_days(parent, settings, mailoutbox):
    notification = _summary(parent)
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=settings.NOTIFICATION_EMAIL_MAX_AGE_DAYS, minutes=1)
    )

    assert delivery.dispatch_pending() == 0
    assert mailoutbox == []


def test_the_sweeper_finds_any_number_of_pending_emails_with_one_query(parent, monkeypatch, django_assert_num_queries):
    for number in range(30):
        _summary(parent, subject=f"contact:{number}")
    queued = []
    monkeypatch.setattr(delivery, "send_now", lambda task, *ids: queued.append(ids))

    with django_assert_num_queries(1):
        assert delivery.dispatch_pending() == 30

    assert len(queued) == 30


def test_an_email_of_an_unknown_kind_is_still_sent_with_a_generic_title(parent, mailoutbox):
    notification = Notification.objects.create(
        kind="from_a_newer_version", recipient=parent, subject="x", on_date=timezone.localdate(), email_wanted=True
    )

    send_notification_email(notification.pk)

    assert mailoutbox[0].subject == "[Samenspel] You have a new notification"


def test_a_link_that_is_not_a_path_in_the_app_is_left_out_of_the_email(parent, mailoutbox):
    notification = _summary(parent, link="https://elsewhere.example/")

    send_notification_email(notification.pk)

    assert "elsewhere.example" not in mailoutbox[0].body
