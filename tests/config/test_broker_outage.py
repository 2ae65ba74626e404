"""The web app keeps working when Redis is down or hangs.

"Down" is a closed port: the connection is refused at once. "Hangs" is a server that
accepts connections and never answers, the harder case: only the socket timeouts in
settings stop a request from waiting on it. These tests bring their own fake brokers, so
they run without REDIS_URL too.
"""

import logging
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import User
from accounts.tasks import send_invitation
from config.tasks import BROKER_BACKOFF_SECONDS, broker_recently_failed, send_now
from tests.conftest import client_for
from tests.factories import UserFactory

# Nothing listens on port 1 of the loopback interface: connecting is refused at once.
CLOSED_PORT_URL = "redis://127.0.0.1:1/0"
# What a request may cost at most when the broker is away (the limit).
LIMIT_SECONDS = 5


class SilentServer:
    """Accepts TCP connections and never answers: a hung Redis."""

    def __init__(self) -> None:
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.listener.settimeout(0.1)
        self.port = self.listener.getsockname()[1]
        self.connections: list[socket.socket] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._accept, name="silent-redis", daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections.append(connection)

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(5)
        self.listener.close()
        for connection in self.connections:
            connection.close()


@pytest.fixture
def hung_redis_url() -> Iterator[str]:
    server = SilentServer()
    try:
        yield f"redis://127.0.0.1:{server.port}/0"
    finally:
        server.stop()


@pytest.fixture
def broker_down(broker) -> None:
    broker.use(CLOSED_PORT_URL)


@pytest.fixture
def broker_hung(broker, hung_redis_url, settings) -> str:
    broker.use(hung_redis_url)
    settings.REDIS_URL = hung_redis_url  # what /healthz pings
    return hung_redis_url


def _queue_failures(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "samenspel.tasks" and record.levelno >= logging.ERROR]


@pytest.fixture
def invitee(db) -> User:
    return UserFactory(email="nieuw@example.test")


def _timed(function, *args, **kwargs):
    started = time.monotonic()
    result = function(*args, **kwargs)
    return result, time.monotonic() - started


# --- Redis down -------------------------------------------------------------------


def test_queueing_on_a_down_broker_returns_false_and_logs(broker_down, invitee, caplog, mailoutbox):
    queued, seconds = _timed(send_now, send_invitation, invitee.pk)

    assert queued is False
    assert seconds < LIMIT_SECONDS
    assert len(_queue_failures(caplog)) == 1
    assert mailoutbox == []


def test_work_that_must_not_be_lost_runs_here_when_the_broker_is_down(broker_down, invitee, caplog, mailoutbox):
    queued, seconds = _timed(send_now, send_invitation, invitee.pk, run_here_if_broker_down=True)

    assert queued is False
    assert seconds < LIMIT_SECONDS
    assert len(_queue_failures(caplog)) == 1
    assert [message.to for message in mailoutbox] == [[invitee.email]]
    invitee.refresh_from_db()
    assert invitee.invited_at is not None


# --- Redis hangs ------------------------------------------------------------------


def test_queueing_on_a_hung_broker_gives_up_in_time_and_logs(broker_hung, invitee, caplog, mailoutbox):
    queued, seconds = _timed(send_now, send_invitation, invitee.pk)

    assert queued is False
    assert seconds < LIMIT_SECONDS
    assert len(_queue_failures(caplog)) == 1
    assert mailoutbox == []


@pytest.mark.django_db(transaction=True)
def test_a_request_that_queues_a_task_completes_in_time_on_a_hung_broker(broker_hung, invitee, caplog, mailoutbox):
    admin_client = client_for(UserFactory(email="admin@example.test", is_staff=True, is_superuser=True))
    changelist = reverse("admin:accounts_user_changelist")

    # Outside a transaction, as in production, the task is queued (and times out) during the request.
    response, seconds = _timed(
        admin_client.post, changelist, {"action": "send_invitation", "_selected_action": [invitee.pk]}
    )

    assert seconds < LIMIT_SECONDS
    assert response.status_code == 302
    assert len(_queue_failures(caplog)) == 1
    # An invitation must not be lost: it was sent from the web process instead.
    assert [message.to for message in mailoutbox] == [[invitee.email]]
    page = admin_client.get(response["Location"])
    assert page.status_code == 200
    assert "1 uitnodiging verstuurd" in page.content.decode() or "1 invitation sent" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_inviting_many_people_at_once_on_a_hung_broker_still_completes_in_time(broker_hung, caplog, mailoutbox):
    invitees = [UserFactory(email=f"nieuw{number}@example.test") for number in range(12)]
    admin_client = client_for(UserFactory(email="admin@example.test", is_staff=True, is_superuser=True))
    changelist = reverse("admin:accounts_user_changelist")

    response, seconds = _timed(
        admin_client.post,
        changelist,
        {"action": "send_invitation", "_selected_action": [invitee.pk for invitee in invitees]},
    )

    assert response.status_code == 302
    assert seconds < LIMIT_SECONDS, "after one timeout the broker is skipped for a while"
    assert len(_queue_failures(caplog)) == 1
    assert sorted(message.to[0] for message in mailoutbox) == sorted(invitee.email for invitee in invitees)


def test_a_failure_of_the_in_process_fallback_is_logged_not_raised(broker_down, invitee, caplog, monkeypatch):
    def mail_server_down(*args, **kwargs):
        raise ConnectionRefusedError("SMTP is down as well")

    monkeypatch.setattr("accounts.emails.send_mail", mail_server_down)

    queued = send_now(send_invitation, invitee.pk, run_here_if_broker_down=True)

    assert queued is False
    messages = [record.getMessage() for record in _queue_failures(caplog)]
    assert any("failed in-process as well" in message for message in messages)


def test_the_broker_is_tried_again_after_the_back_off(broker_down, invitee, caplog, monkeypatch):
    send_now(send_invitation, invitee.pk)
    send_now(send_invitation, invitee.pk)
    assert broker_recently_failed()
    assert len(_queue_failures(caplog)) == 1, "the second call skipped the broker"

    later = time.monotonic() + BROKER_BACKOFF_SECONDS + 1
    monkeypatch.setattr("config.tasks.time.monotonic", lambda: later)
    assert not broker_recently_failed()
    send_now(send_invitation, invitee.pk)

    assert len(_queue_failures(caplog)) == 2, "after the back-off the broker was tried again"


def test_healthz_answers_and_reports_a_hung_broker(broker_hung, client, db):
    response, seconds = _timed(client.get, "/healthz")

    assert seconds < LIMIT_SECONDS
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "down"}


def test_healthz_reports_a_down_broker(broker_down, client, db, settings):
    settings.REDIS_URL = CLOSED_PORT_URL

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["broker"] == "down"


def test_logging_in_and_staying_logged_in_work_on_a_hung_broker(broker_hung, ours, client):
    started = time.monotonic()
    response = client.post(reverse("account_login"), {"login": ours.parent.email, "password": settings.DEMO_PASSWORD})
    assert response.status_code == 302

    home = client.get(reverse("home"), follow=True)

    assert time.monotonic() - started < LIMIT_SECONDS
    assert home.status_code == 200
    assert home.redirect_chain[-1][0] == reverse("families:parent_home")
    assert ours.child.first_name in home.content.decode()
