"""Fixtures for the tests that talk to real services, and CI's guard against skipping them.

Tests marked `services` need PostgreSQL and Redis (DATABASE_URL and REDIS_URL). On a
developer's machine without them they are skipped with a reason; in CI (CI is set) a skip
of such a test is a failure, so that a green run means they really ran.
"""

import os
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import kombu.pools
import pytest
import redis
from celery.contrib.testing.worker import start_worker
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


@contextmanager
def real_worker(broker: Broker) -> Iterator[object]:
    """A Celery worker on the real Redis, in a thread of this process (celery.contrib.testing),
    so it shares the test database and Django's test mailbox. Its keys on Redis carry a
    prefix of their own: another worker on the same Redis (a developer's, say) never takes
    the test's tasks, and the keys are removed afterwards."""
    require_services()
    # The embedded worker would wait for ever on a Redis that does not answer: fail first.
    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis at REDIS_URL does not answer: {error}")
    prefix = f"samenspel-test-{uuid.uuid4().hex[:12]}:"
    broker.use(settings.REDIS_URL, global_keyprefix=prefix)
    app.conf.worker_hijack_root_logger = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20) as started:
            yield started
    finally:
        keys = list(client.scan_iter(match=f"{prefix}*"))
        if keys:
            client.delete(*keys)
        client.close()


@pytest.fixture
def worker(broker) -> Iterator[object]:
    """A real worker on the real Redis for the whole test (see `real_worker`). A test module
    that uses it overrides the autouse `_celery_in_process` fixture, so that tasks go to Redis."""
    with real_worker(broker) as started:
        yield started


def wait_for(condition: Callable[[], bool], timeout: float = 20.0) -> bool:
    """Poll `condition` until it holds (True) or the time is up (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


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
