"""Queueing background work so that a down or hung broker never breaks a request."""

import logging
from typing import Any

from celery import Task
from django.db import transaction

logger = logging.getLogger("samenspel.tasks")


def send_now(task: Task, *args: Any, run_here_if_broker_down: bool = False) -> bool:
    """Queue `task` now; a broker failure is logged, never raised. Returns whether it was queued.

    With `run_here_if_broker_down`, work that must not be lost (an invitation mail) is
    done in this process instead when the broker cannot take it.
    """
    try:
        # retry=False: with the short socket timeouts in settings, a hung broker costs
        # a few seconds at most instead of kombu's retry loop.
        task.apply_async(args=args, retry=False)
    except Exception:
        logger.exception("Could not queue task %s with ids %s", task.name, args)
        if run_here_if_broker_down:
            task.apply(args=args)
        return False
    return True


def enqueue(task: Task, *args: Any, run_here_if_broker_down: bool = False) -> None:
    """Queue `task` with id arguments once the current transaction has committed."""
    transaction.on_commit(lambda: send_now(task, *args, run_here_if_broker_down=run_here_if_broker_down))
