"""Quiet hours: staff get no notification email outside working hours (STAFF_EMAIL_HOURS and
STAFF_EMAIL_DAYS, Amsterdam time); it waits for the next start of working hours. Parents
have none, and in the app nothing waits."""

import datetime
import subprocess
import sys
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from notifications import delivery
from notifications.models import Notification
from notifications.services import notify
from notifications.tasks import dispatch_pending_emails, send_notification_email
from tests.config.test_settings import PROJECT_ROOT, SETUP, _clean_env
from tests.factories import LocationFactory, StaffAssignmentFactory, UserFactory

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
FRIDAY_EVENING = datetime.datetime(2026, 11, 20, 19, 0, tzinfo=AMSTERDAM)
MONDAY_START = datetime.datetime(2026, 11, 23, 7, 30, tzinfo=AMSTERDAM)
MONDAY_MORNING = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=AMSTERDAM)
TUESDAY_START = datetime.datetime(2026, 11, 24, 7, 30, tzinfo=AMSTERDAM)


@pytest.fixture(autouse=True)
def _working_hours(settings):
    settings.STAFF_EMAIL_HOURS = (datetime.time(7, 30), datetime.time(18))
    settings.STAFF_EMAIL_DAYS = frozenset(range(5))


class Clock:
    def __init__(self, now: datetime.datetime) -> None:
        self.now = now

    def __call__(self) -> datetime.datetime:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock(FRIDAY_EVENING)
    monkeypatch.setattr(timezone, "now", clock)
    return clock


# --- The next start of working hours ---------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "until"),
    [
        (FRIDAY_EVENING, MONDAY_START),
        (datetime.datetime(2026, 11, 21, 12, 0, tzinfo=AMSTERDAM), MONDAY_START),  # Saturday
        (datetime.datetime(2026, 11, 23, 6, 0, tzinfo=AMSTERDAM), MONDAY_START),  # Monday, early
        (
            datetime.datetime(2026, 11, 23, 18, 0, tzinfo=AMSTERDAM),
            datetime.datetime(2026, 11, 24, 7, 30, tzinfo=AMSTERDAM),
        ),
        (MONDAY_START, None),
        (MONDAY_MORNING, None),
        (datetime.datetime(2026, 11, 20, 17, 59, tzinfo=AMSTERDAM), None),
    ],
)
def test_outside_working_hours_staff_email_waits_for_the_next_start(now, until):
    assert delivery.staff_quiet_until(now) == until


def test_the_next_start_is_in_amsterdam_time_also_across_the_change_to_winter_time():
    # Saturday 24 October 2026, then Sunday the clocks go back: Monday starts at 07:30 CET.
    saturday = datetime.datetime(2026, 10, 24, 20, 0, tzinfo=AMSTERDAM)

    until = delivery.staff_quiet_until(saturday)

    assert until == datetime.datetime(2026, 10, 26, 7, 30, tzinfo=AMSTERDAM)
    assert until.astimezone(datetime.UTC).hour == 6


def test_working_days_and_hours_follow_the_settings(settings):
    settings.STAFF_EMAIL_HOURS = (datetime.time(8), datetime.time(12))
    settings.STAFF_EMAIL_DAYS = frozenset({1, 3})  # Tuesday and Thursday

    assert delivery.staff_quiet_until(MONDAY_MORNING) == datetime.datetime(2026, 11, 24, 8, 0, tzinfo=AMSTERDAM)
    assert delivery.staff_quiet_until(datetime.datetime(2026, 11, 24, 9, 0, tzinfo=AMSTERDAM)) is None


def test_all_day_every_day_means_no_quiet_hours(settings):
    settings.STAFF_EMAIL_HOURS = (datetime.time(0), datetime.time.max)
    settings.STAFF_EMAIL_DAYS = frozenset(range(7))

    assert delivery.staff_quiet_until(datetime.datetime(2026, 11, 22, 23, 59, tzinfo=AMSTERDAM)) is None


# --- The sweeper ---------------------------------------------------------------------------------


@pytest.fixture
def professional(db):
    user = UserFactory(email="pm@example.test", first_name="Pm")
    StaffAssignmentFactory(user=user)
    return user


@pytest.fixture
def parent(db):
    return UserFactory(email="ouder@example.test", first_name="Ouder")


def _notify(recipient, subject="contact:1") -> Notification:
    notify("contact_summary", recipient, subject=subject, params={"child": "Noor"})
    return Notification.objects.get(recipient=recipient, subject=subject)


@pytest.mark.django_db
def test_on_friday_evening_a_staff_email_is_held_until_monday_and_sent_then(
    professional, clock, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(professional)

    notification.refresh_from_db()
    assert mailoutbox == []
    assert notification.email_after == MONDAY_START
    assert notification.read_at is None  # in the app it is there now

    clock.now = datetime.datetime(2026, 11, 22, 12, 0, tzinfo=AMSTERDAM)
    dispatch_pending_emails()
    assert mailoutbox == []

    clock.now = MONDAY_START + datetime.timedelta(minutes=1)
    dispatch_pending_emails()
    dispatch_pending_emails()

    assert [email.to for email in mailoutbox] == [[professional.email]]


@pytest.mark.django_db
def test_on_monday_morning_a_staff_email_goes_at_once(
    professional, clock, mailoutbox, django_capture_on_commit_callbacks
):
    clock.now = MONDAY_MORNING

    with django_capture_on_commit_callbacks(execute=True):
        _notify(professional)

    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_parents_have_no_quiet_hours(parent, clock, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(parent)

    assert len(mailoutbox) == 1
    notification.refresh_from_db()
    assert notification.email_after is None


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["manager", "admin"])
def test_managers_and_admins_have_quiet_hours_too(role, clock, mailoutbox, django_capture_on_commit_callbacks):
    from groups.models import StaffAssignment

    user = UserFactory(email=f"{role}@example.test", is_superuser=role == "admin")
    if role == "manager":
        location = LocationFactory()
        StaffAssignmentFactory(user=user, role=StaffAssignment.Role.LOCATION_MANAGER, group=None, location=location)

    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(user)

    assert mailoutbox == []
    notification.refresh_from_db()
    assert notification.email_after == MONDAY_START


@pytest.mark.django_db
def test_an_email_held_for_a_message_delay_is_held_on_until_working_hours(professional, clock, mailoutbox):
    notification = _notify(professional)
    Notification.objects.filter(pk=notification.pk).update(email_after=FRIDAY_EVENING - datetime.timedelta(hours=1))

    dispatch_pending_emails()

    notification.refresh_from_db()
    assert notification.email_after == MONDAY_START
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_staff_email_that_reaches_a_worker_after_hours_waits_too(professional, clock, mailoutbox):
    # Handed out at 17:59, the queue ran late: the worker takes it at 19:00.
    notification = _notify(professional)

    send_notification_email(notification.pk)

    notification.refresh_from_db()
    assert mailoutbox == []
    assert notification.email_after == MONDAY_START
    assert notification.email_claimed_until is None
    assert notification.email_wanted is True


@pytest.mark.django_db
def test_a_staff_email_held_over_a_long_weekend_is_still_sent(professional, clock, mailoutbox, settings):
    settings.NOTIFICATION_EMAIL_MAX_AGE_DAYS = 1
    settings.STAFF_EMAIL_DAYS = frozenset({1})  # Tuesdays only
    notification = _notify(professional)
    dispatch_pending_emails()
    notification.refresh_from_db()
    assert notification.email_after == TUESDAY_START

    clock.now = datetime.datetime(2026, 11, 24, 8, 0, tzinfo=AMSTERDAM)
    dispatch_pending_emails()

    assert len(mailoutbox) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 30])
def test_the_sweeper_decides_about_all_recipients_in_two_queries(count, clock, monkeypatch, django_assert_num_queries):
    for number in range(count):
        staff = UserFactory(email=f"pm{number}@example.test")
        StaffAssignmentFactory(user=staff)
        _notify(staff)
        _notify(UserFactory(email=f"ouder{number}@example.test"))
    handed_out = []
    monkeypatch.setattr(delivery, "send_now", lambda task, notification_id: handed_out.append(notification_id))

    # One UPDATE holds the staff emails, one SELECT finds the rest.
    with django_assert_num_queries(2):
        delivery.dispatch_pending()

    assert len(handed_out) == count
    assert Notification.objects.filter(email_after=MONDAY_START).count() == count


# --- The settings -------------------------------------------------------------------------------------

BAD_VALUES = {
    "hours-not-times": ({"STAFF_EMAIL_HOURS": "half eight till six"}, "STAFF_EMAIL_HOURS"),
    "hours-backwards": ({"STAFF_EMAIL_HOURS": "18:00-07:30"}, "STAFF_EMAIL_HOURS"),
    "hours-past-midnight": ({"STAFF_EMAIL_HOURS": "07:30-25:00"}, "STAFF_EMAIL_HOURS"),
    "days-in-dutch": ({"STAFF_EMAIL_DAYS": "ma-vr"}, "STAFF_EMAIL_DAYS"),
    "days-backwards": ({"STAFF_EMAIL_DAYS": "fri-mon"}, "STAFF_EMAIL_DAYS"),
    "delay-negative": ({"MESSAGE_EMAIL_DELAY_MINUTES": "-5"}, "MESSAGE_EMAIL_DELAY_MINUTES"),
    "delay-not-a-number": ({"MESSAGE_EMAIL_DELAY_MINUTES": "ten"}, "MESSAGE_EMAIL_DELAY_MINUTES"),
}
SHOW = SETUP + (
    "; from django.conf import settings as s"
    "; print(s.STAFF_EMAIL_HOURS[0], s.STAFF_EMAIL_HOURS[1], sorted(s.STAFF_EMAIL_DAYS), s.MESSAGE_EMAIL_DELAY_MINUTES)"
)
GOOD_VALUES = {
    "defaults": ({}, "07:30:00 18:00:00 [0, 1, 2, 3, 4] 10"),
    "set": (
        {"STAFF_EMAIL_HOURS": "8:00 - 17:30", "STAFF_EMAIL_DAYS": "mon-wed, fri", "MESSAGE_EMAIL_DELAY_MINUTES": "5"},
        "08:00:00 17:30:00 [0, 1, 2, 4] 5",
    ),
    "all-day": ({"STAFF_EMAIL_HOURS": "00:00-24:00", "STAFF_EMAIL_DAYS": "mon-sun"}, "00:00:00 23:59:59.999999"),
}


@pytest.fixture(scope="module")
def runs() -> dict[str, subprocess.CompletedProcess]:
    """Start Django in a fresh interpreter per case, all at once, as a server starts."""
    cases = {
        **{name: (SETUP, environment) for name, (environment, _) in BAD_VALUES.items()},
        **{name: (SHOW, environment) for name, (environment, _) in GOOD_VALUES.items()},
    }
    started = {
        name: subprocess.Popen(
            [sys.executable, "-c", code],
            cwd=PROJECT_ROOT,
            env=_clean_env(**environment),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, (code, environment) in cases.items()
    }
    finished = {}
    for name, process in started.items():
        stdout, stderr = process.communicate(timeout=120)
        finished[name] = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    return finished


@pytest.mark.parametrize(("case", "variable"), [(name, variable) for name, (_, variable) in BAD_VALUES.items()])
def test_a_bad_value_stops_start_up_with_a_message_naming_the_variable(runs, case, variable):
    result = runs[case]

    assert result.returncode != 0
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith("django.core.exceptions.ImproperlyConfigured:"), result.stderr
    assert variable in message


@pytest.mark.parametrize(("case", "shown"), [(name, shown) for name, (_, shown) in GOOD_VALUES.items()])
def test_good_values_are_read(runs, case, shown):
    result = runs[case]

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(shown)
