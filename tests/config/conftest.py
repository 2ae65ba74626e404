"""Fixtures for the tests that talk to real services, and CI's guard against skipping them.

Tests marked `services` need PostgreSQL and Redis (DATABASE_URL and REDIS_URL). On a
developer's machine without them they are skipped with a reason; in CI (CI is set) a skip
of such a test is a failure, so that a green run means they really ran.
"""

import os
from collections import Counter
from collections.abc import Iterator

import kombu.pools
import pytest
from django.conf import settings

from config.celery import app
from config.tasks import forget_broker_failure


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


SERVICES_MISSING = [name for name in ("DATABASE_URL", "REDIS_URL") if not os.environ.get(name)]


def require_services() -> None:
    """Skip the calling test (a failure in CI) unless PostgreSQL and Redis are configured."""
    if SERVICES_MISSING:
        pytest.skip(f"needs PostgreSQL and Redis: set {' and '.join(SERVICES_MISSING)} (CI sets both)")
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("needs DATABASE_URL to point at PostgreSQL")


def _forget_broker_connections() -> None:
    # Celery caches its connection and producer pools, and kombu keeps them in a global
    # registry: without this the app goes on talking to the broker it was first pointed at.
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
    forget_broker_failure()


class Broker:
    """Points our Celery app at another broker for one test."""

    def use(self, url: str, **transport_options) -> None:
        app.conf.broker_url = url
        app.conf.broker_transport_options = {**settings.CELERY_BROKER_TRANSPORT_OPTIONS, **transport_options}
        app.conf.task_always_eager = False
        _forget_broker_connections()


@pytest.fixture
def broker() -> Iterator[Broker]:
    """The app's broker settings, restored after the test whatever it pointed them at."""
    names = ("broker_url", "broker_transport_options", "task_always_eager", "worker_hijack_root_logger")
    saved = {name: app.conf[name] for name in names}
    try:
        yield Broker()
    finally:
        for name, value in saved.items():
            app.conf[name] = value
        _forget_broker_connections()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.skipped and _in_ci() and item.get_closest_marker("services"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"CI must run the services tests, but this one was skipped: {reason}"
    return report


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Say in the output which real-service and browser tests ran, so CI's log shows it."""
    counts = {"services": Counter(), "e2e": Counter()}
    for outcome in ("passed", "failed", "error", "skipped"):
        for report in terminalreporter.stats.get(outcome, []):
            if getattr(report, "when", None) not in ("setup", "call"):
                continue  # a teardown error would count its test twice; collection errors have no test
            for marker, counter in counts.items():
                if marker in report.keywords:
                    counter[outcome] += 1
    database = settings.DATABASES["default"]
    terminalreporter.write_sep("-", "real services")
    terminalreporter.write_line(
        f"database: {database['ENGINE'].rsplit('.', 1)[-1]}"
        f" · broker: {'redis' if settings.REDIS_URL else 'in-process (no REDIS_URL)'}"
    )
    for marker, label in (("services", "PostgreSQL/Redis/Celery-worker tests"), ("e2e", "browser tests (Chromium)")):
        summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(counts[marker].items()))
        terminalreporter.write_line(f"{label}: {summary or 'none ran'}")
