"""A task queued on the real Redis broker is done by a real Celery worker.

The worker runs in a thread of this process (celery.contrib.testing), so it shares the
test database and Django's test mailbox. Its keys on Redis carry a prefix of their own:
another worker on the same Redis (a developer's, say) never takes the test's tasks.
"""

import time
import uuid

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import connection

from accounts.models import User
from accounts.tasks import send_invitation
from config.celery import app
from config.tasks import send_now
from tests.config.conftest import require_services
from tests.factories import UserFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def _celery_in_process():
    """Overrides the autouse fixture of tests/conftest.py: tasks go to the real broker here."""
    return


@pytest.fixture
def worker(broker):
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


def _wait_for(condition, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_it_runs_on_postgresql():
    require_services()
    assert connection.vendor == "postgresql"
    assert connection.settings_dict["NAME"].startswith("test_")


def test_a_real_worker_sends_the_invitation_queued_on_redis(worker, mailoutbox):
    user = UserFactory(email="nieuw@example.test")
    assert user.invited_at is None

    assert send_now(send_invitation, user.pk) is True

    assert _wait_for(lambda: User.objects.get(pk=user.pk).invited_at is not None), "the worker did not run the task"
    assert [message.to for message in mailoutbox] == [["nieuw@example.test"]]
    assert "/accounts/password/reset/key/" in mailoutbox[0].body
