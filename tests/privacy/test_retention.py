"""The retention period: with the dates moved forward, what is due goes and what is not stays."""

import datetime
import io
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from config.celery import app
from families.models import Child
from notifications.models import Notification
from privacy.models import RemovalRecord
from privacy.removal import HANDLED
from privacy.retention import retention_due, retention_run
from privacy.tasks import run_retention
from tests.conftest import client_for
from tests.factories import ChildFactory, GroupFactory, PlacementFactory
from tests.privacy.factories import child_with_everything

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def at_noon(day: datetime.date):
    """freeze_time at noon (UTC): the same day in Amsterdam."""
    return freeze_time(datetime.datetime.combine(day, datetime.time(12)))


def _placed(name: str, *, start: datetime.date, end: datetime.date | None, group=None) -> Child:
    child = ChildFactory(first_name=name)
    PlacementFactory(child=child, group=group or GroupFactory(), start_date=start, end_date=end)
    return child


@pytest.fixture
def children(settings, db):
    """Seen from `day` (RETENTION_DAYS from now): one child is due, the others are not."""
    period = settings.RETENTION_DAYS
    day = TODAY + timedelta(days=period)
    return {
        "day": day,
        # Ended yesterday: on `day` one day past the period.
        "gone": _placed("Weg", start=TODAY - timedelta(days=400), end=TODAY - timedelta(days=1)),
        # On `day` it ended RETENTION_DAYS - 1 days ago.
        "almost": _placed("Bijna", start=TODAY - timedelta(days=400), end=day - timedelta(days=period - 1)),
        # On `day` it ended exactly RETENTION_DAYS ago: not yet *before* today.
        "exactly": _placed("Precies", start=TODAY - timedelta(days=400), end=TODAY),
        # An old placement ended long ago, but the child is placed again and still is.
        "running": _placed("Loopt", start=TODAY - timedelta(days=800), end=TODAY - timedelta(days=700)),
        # An old placement, and one that starts after `day`.
        "future": _placed("Straks", start=TODAY - timedelta(days=800), end=TODAY - timedelta(days=700)),
        # Registered, never placed: counts from the family's registration (today).
        "never": ChildFactory(first_name="Nooit"),
    }


@pytest.fixture
def placed_again(children):
    PlacementFactory(child=children["running"], start_date=TODAY - timedelta(days=10), end_date=None)
    PlacementFactory(child=children["future"], start_date=children["day"] + timedelta(days=10), end_date=None)
    return children


def _counts() -> dict[str, int]:
    counts = {label: apps.get_model(label)._base_manager.count() for label in HANDLED}
    counts["anonymised"] = Child.objects.filter(anonymised_at__isnull=False).count()
    counts["notifications"] = Notification.objects.count()
    counts["audit"] = LogEntry.objects.count()
    return counts


def test_only_the_child_past_the_period_is_due(placed_again):
    with at_noon(placed_again["day"]):
        due = list(retention_due(today=timezone.localdate()))

    assert due == [placed_again["gone"]]
    assert due[0].kept_since == TODAY - timedelta(days=1)


def test_a_child_never_placed_is_due_a_period_after_its_family_was_registered(placed_again):
    with at_noon(placed_again["day"] + timedelta(days=1)):
        due = set(retention_due(today=timezone.localdate()))

    assert placed_again["never"] in due
    assert placed_again["exactly"] in due
    assert placed_again["almost"] not in due
    assert not {placed_again["running"], placed_again["future"]} & due


def test_with_the_dates_moved_forward_the_run_removes_what_is_due_and_leaves_the_rest(placed_again):
    with at_noon(placed_again["day"]):
        done = retention_run(today=timezone.localdate(), dry_run=False)

    gone = Child.objects.get(pk=placed_again["gone"].pk)
    assert [item.child_id for item in done] == [gone.pk]
    assert gone.anonymised_at is not None and gone.first_name != "Weg"
    for name in ("almost", "exactly", "running", "future", "never"):
        child = Child.objects.get(pk=placed_again[name].pk)
        assert child.anonymised_at is None and child.first_name == placed_again[name].first_name
    record = RemovalRecord.objects.get()
    assert (record.reason, record.child_ref, record.carried_out_by) == (RemovalRecord.Reason.RETENTION, gone.pk, None)


def test_a_second_run_removes_nothing_more(placed_again):
    with at_noon(placed_again["day"]):
        retention_run(today=timezone.localdate(), dry_run=False)
        counts = _counts()

        again = retention_run(today=timezone.localdate(), dry_run=False)

        assert again == []
        assert _counts() == counts
    assert RemovalRecord.objects.count() == 1


def test_the_dry_run_changes_nothing_and_lists_what_the_run_removes(ours, django_capture_on_commit_callbacks):
    child_with_everything(ours)
    day = ours.child.placements.get().end_date + timedelta(days=1000)
    counts = _counts()

    with at_noon(day):
        planned = retention_run(today=timezone.localdate(), dry_run=True)
        assert _counts() == counts
        with django_capture_on_commit_callbacks(execute=True):
            done = retention_run(today=timezone.localdate(), dry_run=False)

    assert [item.child_id for item in planned] == [ours.child.pk]
    assert planned[0].removed["contacts.ContactMoment"] == 1
    assert planned == done
    assert _counts() != counts


def test_one_child_that_fails_does_not_keep_the_others(placed_again, monkeypatch, caplog):
    from privacy import retention

    real = retention.child_anonymise
    other = _placed("Ook weg", start=TODAY - timedelta(days=500), end=TODAY - timedelta(days=2))

    def flaky(*, child, **kwargs):
        if child.pk == other.pk:
            raise RuntimeError("disk full")
        return real(child=child, **kwargs)

    monkeypatch.setattr(retention, "child_anonymise", flaky)
    with at_noon(placed_again["day"]):
        done = retention_run(today=timezone.localdate(), dry_run=False)

    assert [item.child_id for item in done] == [placed_again["gone"].pk]
    assert str(other.pk) in caplog.text and "Ook weg" not in caplog.text


def test_the_nightly_task_runs_the_retention(placed_again):
    with at_noon(placed_again["day"]):
        removed = run_retention.delay().get()

    assert removed == 1
    assert Child.objects.get(pk=placed_again["gone"].pk).anonymised_at is not None


def test_beat_runs_the_retention_nightly_at_the_configured_hour(settings):
    entry = app.conf.beat_schedule["nightly-retention"]

    assert entry["task"] == "privacy.tasks.run_retention"
    assert entry["schedule"].hour == {settings.RETENTION_HOUR}
    assert entry["task"] in app.tasks


# --- The command --------------------------------------------------------------------------------


def _command(*args) -> str:
    out = io.StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_ids_and_counts_never_names(placed_again):
    gone = placed_again["gone"]

    dry = _command("--dry-run", "--date", placed_again["day"].isoformat())
    assert Child.objects.get(pk=gone.pk).anonymised_at is None
    output = _command("--date", placed_again["day"].isoformat())

    for text in (dry, output):
        assert f"child {gone.pk}: " in text and "families.Child=1" in text
        assert "1 children" in text
        assert "Weg" not in text and gone.family.name not in text
    assert "dry run: nothing was changed" in dry
    assert Child.objects.get(pk=gone.pk).anonymised_at is not None
    assert "0 children removed." in _command("--date", placed_again["day"].isoformat())


def test_the_command_refuses_a_date_it_cannot_read(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        _command("--date", "31-12-2030")


# --- The admin's page ---------------------------------------------------------------------------


def _due_child(settings, days_past: int = 1, group=None) -> Child:
    end = TODAY - timedelta(days=settings.RETENTION_DAYS + days_past)
    child = _placed("Oud", start=end - timedelta(days=300), end=end, group=group)
    return child


def test_the_page_lists_the_children_due_now_and_soon_with_what_would_go(settings, org_admin):
    due = _due_child(settings)
    soon = _due_child(settings, days_past=-10)
    later = _due_child(settings, days_past=-40)

    response = client_for(org_admin).get(reverse("privacy:retention"))

    assert response.status_code == 200
    assert [child for child, _due_on, _rows in response.context["due"]] == [due]
    assert [child for child, _due_on, _rows in response.context["soon"]] == [soon]
    assert later.pk not in {child.pk for child, _d, _r in response.context["due"] + response.context["soon"]}
    due_on = response.context["soon"][0][1]
    assert due_on == soon.placements.get().end_date + timedelta(days=settings.RETENTION_DAYS + 1)
    assert response.context["due"][0][2], "the plan's rows"


def test_the_page_shows_the_history_of_removals(settings, org_admin, django_capture_on_commit_callbacks):
    child = _due_child(settings)
    with django_capture_on_commit_callbacks(execute=True):
        retention_run(today=TODAY, dry_run=False)

    response = client_for(org_admin).get(reverse("privacy:retention"))

    page = response.content.decode()
    assert str(child.pk) in page
    assert response.context["due"] == []


@pytest.mark.parametrize("role", ["parent", "professional", "manager"])
def test_the_page_is_for_the_organisation_admin_only(ours, role):
    assert client_for(getattr(ours, role)).get(reverse("privacy:retention")).status_code == 403


@pytest.mark.parametrize("size", [1, 6])
def test_the_page_needs_the_same_number_of_queries_however_many_children(
    settings, org_admin, size, django_assert_max_num_queries
):
    group = GroupFactory()
    for number in range(size):
        child = _due_child(settings, group=group)
        _due_child(settings, days_past=-5, group=group)
        RemovalRecord.objects.create(reason="retention", child_ref=child.pk, removed={"families.Child": number + 1})
    client = client_for(org_admin)

    with django_assert_max_num_queries(40):
        response = client.get(reverse("privacy:retention"))

    assert len(response.context["due"]) == size and len(response.context["soon"]) == size
