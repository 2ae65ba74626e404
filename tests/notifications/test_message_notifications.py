"""Notifications about messages and announcements: in the app at once, one email after a
short delay for whatever is still unread then, none when it was read in time, and never
two emails about the same messages.

The clock is `django.utils.timezone.now`, moved by the tests (a Wednesday morning, inside
staff's working hours); messages are saved with that time.
"""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from messaging.models import Announcement, AnnouncementRead, Message, ReadMark
from messaging.notify import (
    announcement_opened,
    announcement_posted,
    conversation_read,
    message_posted,
    time_window,
)
from notifications.models import Notification
from notifications.tasks import dispatch_pending_emails
from tests.factories import ChildFactory, PlacementFactory, StaffAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

AMSTERDAM = timezone.get_fixed_timezone(60)  # November: CET
WEDNESDAY_MORNING = datetime.datetime(2026, 11, 18, 10, 0, 30, tzinfo=AMSTERDAM)


class Clock:
    def __init__(self, now: datetime.datetime) -> None:
        self.now = now

    def __call__(self) -> datetime.datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += datetime.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch, settings) -> Clock:
    settings.MESSAGE_EMAIL_DELAY_MINUTES = 10
    clock = Clock(WEDNESDAY_MORNING)
    monkeypatch.setattr(timezone, "now", clock)
    return clock


@pytest.fixture
def post(clock, django_capture_on_commit_callbacks):
    """Save a message and notify, in one transaction, as the conversation's service does."""

    def post(child, *, by, side=Message.Side.PARENTS, body="Hij heeft vannacht slecht geslapen.") -> Message:
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            message = Message.objects.create(child=child, author=by, side=side, body=body, created_at=clock.now)
            message_posted(message)
        return message

    return post


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """What beat runs every few minutes."""

    def sweep() -> None:
        with django_capture_on_commit_callbacks(execute=True):
            dispatch_pending_emails()

    return sweep


def _read(user, child, clock) -> None:
    ReadMark.objects.update_or_create(child=child, user=user, defaults={"read_up_to": clock.now})


def _to(mailoutbox, user) -> list:
    return [message for message in mailoutbox if message.to == [user.email]]


# --- Messages from parents to the group ----------------------------------------------------


def test_a_parents_message_notifies_the_childs_professionals_in_the_app_at_once(ours, post):
    post(ours.child, by=ours.parent)

    notification = Notification.objects.get()
    assert notification.recipient == ours.professional
    assert notification.kind == "messages_unread"
    assert notification.link == f"/children/{ours.child.pk}/messages/"
    assert notification.params == {"child": "Kindons", "child_id": str(ours.child.pk), "side": "parents"}
    assert notification.read_at is None


def test_two_messages_a_minute_apart_make_one_notification_and_one_email_after_the_delay(
    ours, clock, post, sweep, mailoutbox
):
    post(ours.child, by=ours.parent)
    clock.advance(minutes=1)
    post(ours.child, by=ours.parent, body="En hij heeft nog wat koorts.")

    clock.advance(minutes=5)
    sweep()
    assert mailoutbox == []

    clock.advance(minutes=5)
    sweep()

    assert Notification.objects.count() == 1
    [email] = mailoutbox
    assert email.to == [ours.professional.email]
    assert "Kindons: 2" in email.body
    assert f"/children/{ours.child.pk}/messages/" in email.body


def test_the_email_says_who_and_how_many_but_not_what(ours, clock, post, sweep, mailoutbox):
    post(ours.child, by=ours.parent, body="Hij heeft vannacht slecht geslapen.")
    clock.advance(minutes=11)
    sweep()

    [email] = mailoutbox
    assert "slecht geslapen" not in email.body
    assert "Kindons" in email.body
    assert ours.child.last_name not in email.body


def test_reading_the_conversation_within_the_delay_sends_no_email(ours, clock, post, sweep, mailoutbox):
    post(ours.child, by=ours.parent)
    clock.advance(minutes=3)
    _read(ours.professional, ours.child, clock)

    clock.advance(minutes=10)
    sweep()

    assert mailoutbox == []
    notification = Notification.objects.get()
    assert notification.email_wanted is False
    assert notification.email_sent_at is None


def test_a_message_withdrawn_within_the_delay_sends_no_email(ours, clock, post, sweep, mailoutbox):
    message = post(ours.child, by=ours.parent)
    clock.advance(minutes=2)
    Message.objects.filter(pk=message.pk).update(withdrawn_at=clock.now)

    clock.advance(minutes=10)
    sweep()

    assert mailoutbox == []


def test_a_message_after_the_email_gives_a_new_email(ours, clock, post, sweep, mailoutbox):
    post(ours.child, by=ours.parent)
    clock.advance(minutes=11)
    sweep()
    assert len(mailoutbox) == 1

    clock.advance(minutes=30)
    post(ours.child, by=ours.parent, body="Zijn jullie morgen open?")
    clock.advance(minutes=11)
    sweep()

    assert len(mailoutbox) == 2
    # Both are unread, and the new email says so.
    assert "Kindons: 2" in mailoutbox[1].body


def test_running_the_sweeper_again_sends_nothing_twice(ours, clock, post, sweep, mailoutbox):
    post(ours.child, by=ours.parent)
    clock.advance(minutes=11)
    sweep()
    sweep()
    clock.advance(minutes=20)
    sweep()

    assert len(mailoutbox) == 1


def test_messages_on_both_sides_of_a_window_still_give_one_email(ours, clock, post, sweep, mailoutbox):
    # The last second of one window, then the first of the next: two notifications in the app.
    clock.now = datetime.datetime.fromtimestamp((time_window(clock.now) + 1) * 600 - 1, tz=AMSTERDAM)
    post(ours.child, by=ours.parent)
    clock.advance(seconds=2)
    post(ours.child, by=ours.parent)
    assert Notification.objects.count() == 2

    clock.advance(minutes=11)
    sweep()
    clock.advance(minutes=11)
    sweep()

    assert len(mailoutbox) == 1
    assert "Kindons: 2" in mailoutbox[0].body
    assert Notification.objects.filter(email_sent_at__isnull=False).count() == 1
    assert Notification.objects.filter(email_wanted=False).count() == 1


def test_one_email_lists_every_conversation_with_unread_messages(ours, clock, post, sweep, mailoutbox):
    other_child = ChildFactory(first_name="Mila")
    PlacementFactory(child=other_child, group=ours.group, mentor=ours.professional)
    other_parent = UserFactory(email="ouder.mila@example.test")
    other_child.family.guardians.create(user=other_parent, first_name="Ouder", last_name="Mila")

    post(ours.child, by=ours.parent)
    clock.advance(minutes=4)
    post(other_child, by=other_parent)
    clock.advance(minutes=7)
    sweep()
    clock.advance(minutes=5)
    sweep()

    [email] = mailoutbox
    assert "Kindons: 1" in email.body
    assert "Mila: 1" in email.body
    assert email.body.index("Kindons") < email.body.index("Mila")
    assert "/messages/\n" in email.body
    assert Notification.objects.count() == 2


def test_a_message_from_the_group_notifies_the_parents_with_a_login_but_not_the_writer(
    ours, clock, post, sweep, mailoutbox
):
    colleague = UserFactory(email="collega@example.test")
    StaffAssignmentFactory(user=colleague, group=ours.group)
    ours.parent.preferred_language = "en"
    ours.parent.save()

    post(ours.child, by=ours.professional, side=Message.Side.STAFF)
    clock.advance(minutes=11)
    sweep()

    assert list(Notification.objects.values_list("recipient", flat=True)) == [ours.parent.pk]
    [email] = mailoutbox
    assert email.to == [ours.parent.email]
    assert email.subject == "[Samenspel] You have unread messages in 1 conversation"
    assert "Kindons: 1 unread message\n" in email.body


def test_a_parent_writing_does_not_notify_the_other_parent_but_the_group(ours, post):
    second_parent = UserFactory(email="tweede.ouder@example.test")
    ours.family.guardians.create(user=second_parent, first_name="Tweede", last_name="Ouder")

    post(ours.child, by=ours.parent)

    assert set(Notification.objects.values_list("recipient", flat=True)) == {ours.professional.pk}


def test_after_the_placement_ended_parents_get_neither_notification_nor_email(ours, clock, post, sweep, mailoutbox):
    ours.child.placements.update(end_date=timezone.localdate() - datetime.timedelta(days=1))

    post(ours.child, by=ours.professional, side=Message.Side.STAFF)
    clock.advance(minutes=11)
    sweep()

    assert not Notification.objects.exists()
    assert mailoutbox == []


def test_a_placement_that_ends_within_the_delay_drops_the_email(ours, clock, post, sweep, mailoutbox):
    post(ours.child, by=ours.professional, side=Message.Side.STAFF)
    ours.child.placements.update(end_date=timezone.localdate() - datetime.timedelta(days=1))
    clock.advance(minutes=11)
    sweep()

    assert mailoutbox == []
    assert Notification.objects.get().email_wanted is False


def test_a_recipient_with_emails_off_gets_the_notification_in_the_app_only(ours, clock, post, sweep, mailoutbox):
    ours.professional.email_notifications = False
    ours.professional.save()

    post(ours.child, by=ours.parent)
    clock.advance(minutes=11)
    sweep()

    assert Notification.objects.filter(recipient=ours.professional).exists()
    assert mailoutbox == []


def test_opening_the_conversation_marks_its_notifications_read(ours, post):
    post(ours.child, by=ours.parent)

    assert conversation_read(user=ours.professional, child=ours.child) == 1
    assert Notification.objects.get().read_at is not None


def test_in_the_app_the_notification_names_the_child(ours, post, english):
    from notifications.kinds import title_for

    post(ours.child, by=ours.parent)

    assert title_for(Notification.objects.get()) == "New message about Kindons"


# --- Announcements -------------------------------------------------------------------------


@pytest.fixture
def announce(clock, django_capture_on_commit_callbacks):
    def announce(group, *, by) -> Announcement:
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            announcement = Announcement.objects.create(
                group=group, author=by, body="Morgen gaan we naar het bos.", created_at=clock.now
            )
            announcement_posted(announcement)
        return announcement

    return announce


def test_an_announcement_notifies_each_parent_of_the_group_once(ours, theirs, announce):
    sibling = ChildFactory(family=ours.family, first_name="Broer")
    PlacementFactory(child=sibling, group=ours.group)
    ended = ChildFactory(first_name="Vertrokken")
    PlacementFactory(child=ended, group=ours.group, end_date=timezone.localdate() - datetime.timedelta(days=1))
    ended.family.guardians.create(user=UserFactory(email="vertrokken@example.test"), first_name="V", last_name="V")

    announcement = announce(ours.group, by=ours.professional)

    notification = Notification.objects.get()
    assert notification.recipient == ours.parent
    assert notification.kind == "announcement"
    assert notification.subject == f"announcement:{announcement.pk}"
    assert notification.link == f"/announcements/{announcement.pk}/"


def test_an_announcement_not_opened_is_emailed_after_the_delay(ours, clock, announce, sweep, mailoutbox, english):
    ours.parent.preferred_language = "en"
    ours.parent.save()
    announce(ours.group, by=ours.professional)

    sweep()
    assert mailoutbox == []
    clock.advance(minutes=11)
    sweep()
    sweep()

    [email] = mailoutbox
    assert email.to == [ours.parent.email]
    assert email.subject == "[Samenspel] New announcement for the parents of Groep ons"
    assert "naar het bos" not in email.body


def test_an_announcement_opened_in_time_is_not_emailed(ours, clock, announce, sweep, mailoutbox):
    announcement = announce(ours.group, by=ours.professional)
    clock.advance(minutes=2)
    AnnouncementRead.objects.create(announcement=announcement, user=ours.parent)
    announcement_opened(user=ours.parent, announcement=announcement)

    clock.advance(minutes=10)
    sweep()

    assert mailoutbox == []
    notification = Notification.objects.get()
    assert notification.email_wanted is False
    assert notification.read_at is not None


def test_a_withdrawn_announcement_is_not_emailed(ours, clock, announce, sweep, mailoutbox):
    announcement = announce(ours.group, by=ours.professional)
    Announcement.objects.filter(pk=announcement.pk).update(withdrawn_at=clock.now)

    clock.advance(minutes=11)
    sweep()

    assert mailoutbox == []
