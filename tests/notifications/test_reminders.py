"""The daily reminders: a digest for mentors with something to do, a reminder for parents
the day before a booked conversation, and one for owners of agreements due tomorrow; each
once, however often the job runs, with the same number of queries for any number of children."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from config.celery import app
from contacts.models import Agreement
from contacts.reminders import mentor_overview, plan_daily_reminders
from contacts.tasks import send_daily_reminders
from families.models import Child
from notifications.models import Notification
from notifications.tasks import send_notification_email
from tests.contacts.factories import (
    AgreementFactory,
    BookingFactory,
    ContactMomentFactory,
    ConversationSlotFactory,
)
from tests.factories import ChildFactory, GuardianFactory, PlacementFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
TOMORROW = TODAY + datetime.timedelta(days=1)


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _placed(side, first_name: str, *, started_days_ago: int = 10, mentor=None):
    child = ChildFactory(family__name=f"Familie {first_name}", first_name=first_name)
    PlacementFactory(
        child=child,
        group=side.group,
        mentor=mentor or side.professional,
        start_date=TODAY - datetime.timedelta(days=started_days_ago),
    )
    return child


def _contact(child, days_ago: int, professional):
    return ContactMomentFactory(
        child=child, professional=professional, occurred_at=_at(TODAY - datetime.timedelta(days=days_ago), 9)
    )


def _booking_tomorrow(side, child, hour: int = 19, minute: int = 0, **fields):
    slot = ConversationSlotFactory(
        mentor=side.professional,
        starts_at=_at(TOMORROW, hour, minute),
        ends_at=_at(TOMORROW, hour, minute) + datetime.timedelta(minutes=15),
    )
    return BookingFactory(slot=slot, child=child, booked_by=side.parent, **fields)


def _of(kind: str, recipient) -> list[Notification]:
    return list(Notification.objects.filter(kind=kind, recipient=recipient))


@pytest.fixture(autouse=True)
def _no_portfolio_reminders(settings):
    """These tests are about the contacts' reminders; the portfolio's nudge to parents, part of
    the same daily job, has its own tests (tests/portfolios/test_view_reminders.py)."""
    settings.PORTFOLIO_VIEW_REMINDER_WEEKS = 0


@pytest.fixture(autouse=True)
def _no_home_activity_reminders(settings):
    """Nor about the mid-week home-activity reminder (tests/activities/test_home_reminders.py):
    its day is never today here, so that the counts and queries below hold on any weekday."""
    settings.HOME_ACTIVITY_REMINDER_WEEKDAY = (TODAY.weekday() + 1) % 7


@pytest.fixture(autouse=True)
def _no_manager_digests(settings):
    """Nor about the managers' weekly digest (tests/groups/test_digest.py): its day is never
    today here either."""
    settings.MANAGER_DIGEST_WEEKDAY = (TODAY.weekday() + 1) % 7


@pytest.fixture
def mentor_week(ours):
    """Ours: Kindons overdue (placed 90 days ago, never a contact), Daan due on Friday, Eva
    just talked to, and an agreement about Eva due on Thursday."""
    ours.child.placements.update(start_date=TODAY - datetime.timedelta(days=90))
    daan = _placed(ours, "Daan")
    _contact(daan, 42 - 3, ours.professional)  # six weeks' routine: due in three days
    eva = _placed(ours, "Eva")
    moment = _contact(eva, 2, ours.professional)
    AgreementFactory(contact_moment=moment, description="Slaapritme bespreken", due_on=TODAY + datetime.timedelta(2))
    return ours


def test_a_mentor_gets_a_digest_of_contacts_overdue_and_due_and_agreements_due(mentor_week):
    planned = plan_daily_reminders(TODAY)

    [digest] = _of("mentor_digest", mentor_week.professional)
    assert planned.digests == 1
    assert digest.subject == "digest"
    assert digest.on_date == TODAY
    assert digest.params == {"overdue": 1, "due": 1, "agreements": 1}
    assert digest.link == reverse("groups:staff_home")


def test_the_overview_names_each_child_with_its_due_date(mentor_week):
    overview = mentor_overview(mentor_week.professional.pk, TODAY)

    assert [(item.first_name, item.due_on) for item in overview.overdue] == [
        ("Kindons", TODAY - datetime.timedelta(days=90) + datetime.timedelta(weeks=6))
    ]
    assert [(item.first_name, item.due_on) for item in overview.due] == [("Daan", TODAY + datetime.timedelta(3))]
    assert [(item.first_name, item.description) for item in overview.agreements] == [("Eva", "Slaapritme bespreken")]


def test_a_mentor_with_nothing_due_gets_no_digest(ours):
    _contact(ours.child, 1, ours.professional)

    plan_daily_reminders(TODAY)

    assert _of("mentor_digest", ours.professional) == []


def test_done_agreements_and_children_no_longer_placed_are_left_out(ours):
    _contact(ours.child, 1, ours.professional)
    AgreementFactory(
        contact_moment__child=ours.child,
        contact_moment__professional=ours.professional,
        due_on=TODAY,
        done_at=timezone.now(),
    )
    gone = _placed(ours, "Weg", started_days_ago=400)
    gone.placements.update(end_date=TODAY - datetime.timedelta(days=1))

    plan_daily_reminders(TODAY)

    assert _of("mentor_digest", ours.professional) == []


def test_parents_with_a_login_get_a_reminder_the_day_before_their_conversation(ours):
    second_parent = GuardianFactory(family=ours.family).user
    GuardianFactory(family=ours.family, user=None, email="")  # no login: nobody to notify
    booking = _booking_tomorrow(ours, ours.child, 19, 30)

    planned = plan_daily_reminders(TODAY)

    assert planned.bookings_tomorrow == 2
    for parent in (ours.parent, second_parent):
        [reminder] = _of("booking_tomorrow", parent)
        assert reminder.subject == f"booking:{booking.pk}"
        assert reminder.params["child"] == "Kindons"
        assert datetime.datetime.fromisoformat(reminder.params["starts_at"]) == _at(TOMORROW, 19, 30)
        assert reminder.link == reverse("families:child_detail", args=[ours.child.pk])
    assert Notification.objects.filter(kind="booking_tomorrow").count() == 2


def test_no_reminder_for_a_cancelled_conversation_or_one_later_than_tomorrow(ours):
    _booking_tomorrow(ours, ours.child, cancelled_at=timezone.now())
    later = ConversationSlotFactory(
        mentor=ours.professional,
        starts_at=_at(TOMORROW + datetime.timedelta(days=1), 0, 0),
        ends_at=_at(TOMORROW + datetime.timedelta(days=1), 0, 15),
    )
    BookingFactory(slot=later, child=ours.child, booked_by=ours.parent)

    plan_daily_reminders(TODAY)

    assert _of("booking_tomorrow", ours.parent) == []


def test_the_owner_of_an_agreement_due_tomorrow_gets_a_reminder(ours):
    moment = _contact(ours.child, 1, ours.professional)
    guardian = ours.family.guardians.get()
    for_parent = AgreementFactory(
        contact_moment=moment, owner_professional=None, owner_guardian=guardian, due_on=TOMORROW, description="Lezen"
    )
    for_mentor = AgreementFactory(contact_moment=moment, due_on=TOMORROW, description="Boekje meegeven")
    AgreementFactory(contact_moment=moment, due_on=TOMORROW, done_at=timezone.now())
    AgreementFactory(contact_moment=moment, due_on=TOMORROW + datetime.timedelta(days=1))

    planned = plan_daily_reminders(TODAY)

    assert planned.agreements_due == 2
    [parents] = _of("agreement_due", ours.parent)
    assert parents.subject == f"agreement:{for_parent.pk}"
    assert parents.params == {"child": "Kindons", "description": "Lezen", "due_on": TOMORROW.isoformat()}
    [mentors] = _of("agreement_due", ours.professional)
    assert mentors.subject == f"agreement:{for_mentor.pk}"


def test_running_the_daily_job_twice_makes_and_mails_each_reminder_once(
    mentor_week, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.PORTFOLIO_VIEW_REMINDER_WEEKS = 6
    _booking_tomorrow(mentor_week, mentor_week.child)
    AgreementFactory(
        contact_moment__child=mentor_week.child,
        contact_moment__professional=mentor_week.professional,
        due_on=TOMORROW,
    )

    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            plan_daily_reminders(TODAY)

    kinds = sorted(Notification.objects.values_list("kind", flat=True))
    # The parents of Kindons, placed 90 days ago, never wrote in the portfolio either.
    assert kinds == ["agreement_due", "booking_tomorrow", "mentor_digest", "portfolio_view_reminder"]
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [mentor_week.professional.email, mentor_week.parent.email] * 2
    )


def test_the_digest_email_lists_the_children_and_agreements_in_the_mentors_language(
    mentor_week, mailoutbox, django_capture_on_commit_callbacks
):
    mentor_week.professional.preferred_language = "en"
    mentor_week.professional.save()

    with django_capture_on_commit_callbacks(execute=True):
        plan_daily_reminders(TODAY)

    [message] = mailoutbox
    assert message.subject == (
        "[Samenspel] Your overview for today: 1 contact overdue, 1 contact due this week, 1 agreement due"
    )
    with translation.override("en"):
        overdue_since = date_format(TODAY - datetime.timedelta(days=90 - 42), "j F")
        due_on = date_format(TODAY + datetime.timedelta(days=3), "l j F")
        agreement_on = date_format(TODAY + datetime.timedelta(days=2), "j F")
    assert f"Contact overdue:\n- Kindons, due since {overdue_since}\n" in message.body
    assert f"Contact due this week:\n- Daan, by {due_on}\n" in message.body
    assert f"Agreements due:\n- Eva: Slaapritme bespreken (by {agreement_on})\n" in message.body


def test_the_digest_email_is_read_when_it_is_sent_so_a_mentor_who_caught_up_hears_so(mentor_week, mailoutbox):
    mentor_week.professional.preferred_language = "en"
    mentor_week.professional.save()
    plan_daily_reminders(TODAY)
    for child in Child.objects.filter(first_name__in=["Kindons", "Daan"]):
        _contact(child, 0, mentor_week.professional)
    Agreement.objects.update(done_at=timezone.now())

    send_notification_email(Notification.objects.get(kind="mentor_digest").pk)

    assert "Everything that was due this morning has been done since." in mailoutbox[0].body


@pytest.mark.parametrize("size", [10, 100])
def test_the_daily_job_needs_the_same_number_of_queries_for_10_and_100_children(
    ours, size, django_assert_max_num_queries, settings
):
    settings.PORTFOLIO_VIEW_REMINDER_WEEKS = 6
    second_mentor = UserFactory()
    for number in range(size):
        child = _placed(
            ours, f"Kind{number}", started_days_ago=90, mentor=[ours.professional, second_mentor][number % 2]
        )
        GuardianFactory(family=child.family)
        _booking_tomorrow(ours, child, 8 + number // 12, number % 12 * 5)
        AgreementFactory(contact_moment__child=child, contact_moment__professional=ours.professional, due_on=TOMORROW)

    # Two of them for the portfolio reminders (portfolios.reminders); on SQLite the
    # notifications go in batches of ~75 rows, one query each.
    with django_assert_max_num_queries(15):
        planned = plan_daily_reminders(TODAY)

    assert planned.digests == 2
    assert planned.bookings_tomorrow == size
    assert planned.agreements_due == size
    assert planned.portfolio_views == size + 1  # and "ours"


def test_the_task_plans_the_given_day_or_today(ours, monkeypatch):
    planned_days = []
    monkeypatch.setattr("contacts.tasks.plan_daily_reminders", planned_days.append)
    monkeypatch.setattr("contacts.tasks.timezone.localdate", lambda: TODAY)

    send_daily_reminders.delay()
    send_daily_reminders.delay("2026-04-01")

    assert planned_days == [TODAY, datetime.date(2026, 4, 1)]


def test_the_send_reminders_command_plans_the_given_day(mentor_week, capsys):
    call_command("send_reminders", "--date", TODAY.isoformat())

    assert "1 digests" in capsys.readouterr().out
    assert Notification.objects.filter(kind="mentor_digest", on_date=TODAY).count() == 1


def test_the_send_reminders_command_refuses_a_date_it_cannot_read(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "10-03-2026")


def test_beat_runs_the_daily_job_at_the_configured_hour_and_the_sweeper_every_five_minutes(settings):
    schedule = app.conf.beat_schedule

    daily = schedule["daily-reminders"]
    assert daily["task"] == "contacts.tasks.send_daily_reminders"
    assert daily["schedule"].hour == {settings.REMINDERS_DAILY_HOUR}
    assert daily["schedule"].minute == {0}
    assert app.conf.timezone == "Europe/Amsterdam"
    sweeper = schedule["dispatch-pending-emails"]
    assert sweeper["task"] == "notifications.tasks.dispatch_pending_emails"
    assert sweeper["schedule"] == 300
    catch_up = schedule["daily-reminders-catch-up"]
    assert catch_up["task"] == "contacts.tasks.catch_up_daily_reminders_task"
    assert catch_up["schedule"].minute == {0, 15, 30, 45}
    assert set(app.tasks) >= {daily["task"], sweeper["task"], catch_up["task"]}


@pytest.fixture
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_the_catch_up_runs_a_missed_day_once_after_its_hour(
    mentor_week, mailoutbox, settings, django_capture_on_commit_callbacks, _fresh_cache
):
    from contacts.reminders import catch_up_daily_reminders

    settings.REMINDERS_DAILY_HOUR = 7
    before_the_hour = _at(TODAY, 6, 45)
    after_the_hour = _at(TODAY, 9, 15)

    assert catch_up_daily_reminders(before_the_hour) is False
    assert not Notification.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert catch_up_daily_reminders(after_the_hour) is True
    with django_capture_on_commit_callbacks(execute=True):
        assert catch_up_daily_reminders(after_the_hour + datetime.timedelta(minutes=15)) is False

    assert [n.kind for n in Notification.objects.all()] == ["mentor_digest"]
    assert [message.to for message in mailoutbox] == [[mentor_week.professional.email]]


def test_the_catch_up_leaves_a_day_alone_that_the_daily_job_did(
    mentor_week, settings, django_capture_on_commit_callbacks, _fresh_cache
):
    from contacts.reminders import catch_up_daily_reminders

    settings.REMINDERS_DAILY_HOUR = 7
    with django_capture_on_commit_callbacks(execute=True):
        plan_daily_reminders(TODAY)
    Notification.objects.all().delete()

    assert catch_up_daily_reminders(_at(TODAY, 10)) is False
    assert not Notification.objects.exists()
