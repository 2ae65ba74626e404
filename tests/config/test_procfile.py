"""Smoke test of production mode: the Procfile's processes, started as an operator would.

`honcho start` runs gunicorn, a Celery worker and Celery beat against the test database on
PostgreSQL and the Redis of REDIS_URL. The test waits for /healthz, pings the worker,
lets it do one real task, and stops everything, in well under a minute.
"""

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from accounts.models import User
from accounts.tasks import send_invitation
from config.tasks import send_now
from tests.config.conftest import require_services
from tests.factories import UserFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

BIN = Path(sys.executable).parent
DEADLINE_SECONDS = 45


@pytest.fixture
def _celery_in_process():
    """Overrides the autouse fixture of tests/conftest.py: tasks go to the real broker here."""
    return


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _test_database_url() -> str:
    """The database pytest-django created, as a DATABASE_URL for the Procfile's processes."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}{port}/{quote(db['NAME'], safe='')}"


class Honcho:
    """`honcho start` in a session of its own, with its output in a log file."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = int(env["PORT"])
        self.started = time.monotonic()
        self.log = log
        self.output = log.open("w")
        self.process = subprocess.Popen(
            [str(BIN / "honcho"), "start", "-f", "Procfile"],
            cwd=settings.BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self.output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        # honcho starts each process in a session of its own: ask honcho to stop them (it
        # sends SIGTERM, then SIGKILL after 5 s), then make sure no process group is left.
        children = [int(pid) for pid in re.findall(r"started \(pid=(\d+)\)", self.text())]
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
        for group in [self.process.pid, *children]:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(group, signal.SIGKILL)
        self.process.wait(timeout=5)
        self.output.close()


@pytest.fixture
def procfile(tmp_path):
    require_services()
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PORT": str(_free_port()),
        "SAMENSPEL_ENV": "local",
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BEAT_SCHEDULE": str(tmp_path / "celerybeat-schedule"),
        "PYTHONUNBUFFERED": "1",
    }
    honcho = Honcho(env, tmp_path / "honcho.log")
    try:
        yield honcho
    finally:
        honcho.stop()
        print(f"--- honcho output ---\n{honcho.text()[-6000:]}")


def _wait_until(honcho: Honcho, what: str, condition) -> None:
    while time.monotonic() - honcho.started < DEADLINE_SECONDS:
        if not honcho.running():
            pytest.fail(f"honcho stopped while waiting for {what}:\n{honcho.text()[-4000:]}")
        if condition():
            return
        time.sleep(0.25)
    pytest.fail(f"no {what} within {DEADLINE_SECONDS} s:\n{honcho.text()[-4000:]}")


def _healthz(port: int) -> dict | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=3) as response:
            return json.load(response) if response.status == 200 else None
    except (urllib.error.URLError, OSError, ValueError):
        return None


def test_the_procfile_serves_healthz_and_its_worker_does_tasks(procfile):
    user = UserFactory(email="smoke@example.test")

    _wait_until(procfile, "healthy /healthz", lambda: _healthz(procfile.port) is not None)
    assert _healthz(procfile.port) == {"status": "ok", "database": "ok", "broker": "ok"}

    _wait_until(procfile, "ready worker", lambda: re.search(r"worker\.1 .*ready\.", procfile.text()))
    ping = subprocess.run(
        [str(BIN / "celery"), "-A", "config", "inspect", "ping", "--timeout", "5"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "REDIS_URL": settings.REDIS_URL},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert ping.returncode == 0, ping.stdout + ping.stderr
    assert "pong" in ping.stdout

    assert send_now(send_invitation, user.pk) is True
    _wait_until(procfile, "invitation sent by the worker", lambda: User.objects.get(pk=user.pk).invited_at is not None)
    _wait_until(procfile, "beat", lambda: re.search(r"beat\.1 .*beat: Starting", procfile.text()))
    assert time.monotonic() - procfile.started < DEADLINE_SECONDS
