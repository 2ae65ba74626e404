"""Queueing background work so that a down or hung broker never breaks a request."""

import logging
import threading
import time
from typing import Any

from celery import Task
from django.db import transaction

logger = logging.getLogger("samenspel.tasks")

# After a failed enqueue, this process skips the broker for a while: otherwise every task
# queued in one request (an admin action inviting twenty parents) would wait its own
# socket timeout on a hung broker, adding up far past what a request may take.
BROKER_BACKOFF_SECONDS = 30.0
_broker_down_until = 0.0
_lock = threading.Lock()


def broker_recently_failed() -> bool:
    return time.monotonic() < _broker_down_until


def _remember_broker_failure() -> None:
    global _broker_down_until
    with _lock:
        _broker_down_until = time.monotonic() + BROKER_BACKOFF_SECONDS


def forget_broker_failure() -> None:
    global _broker_down_until
    with _lock:
        _broker_down_until = 0.0


def send_now(task: Task, *args: Any, run_here_if_broker_down: bool = False) -> bool:
    """Queue `task` now; a broker failure is logged, never raised. Returns whether it was queued.

    With `run_here_if_broker_down`, work that must not be lost (an invitation mail) is
    done in this process instead when the broker cannot take it.
    """
    if task.app.conf.task_always_eager:
        # No broker (local mode, tests): the task runs here and now. Its own failure is
        # logged as such; it says nothing about a broker.
        try:
            task.apply_async(args=args)
        except Exception:
            logger.exception("Task %s with ids %s failed in-process", task.name, args)
        return True
    if broker_recently_failed():
        logger.warning("Broker failed recently; not queueing task %s with ids %s", task.name, args)
    else:
        try:
            # retry=False: with the short socket timeouts in settings, a hung broker costs
            # a few seconds at most instead of kombu's retry loop.
            task.apply_async(args=args, retry=False)
        except Exception:
            _remember_broker_failure()
            logger.exception("Could not queue task %s with ids %s", task.name, args)
        else:
            return True
    if run_here_if_broker_down:
        try:
            task.apply(args=args, throw=True)
        except Exception:
            logger.exception("Task %s with ids %s failed in-process as well", task.name, args)
    return False


def enqueue(task: Task, *args: Any, run_here_if_broker_down: bool = False) -> None:
    """Queue `task` with id arguments once the current transaction has committed."""
    transaction.on_commit(lambda: send_now(task, *args, run_here_if_broker_down=run_here_if_broker_down))
