"""A task queued on the real Redis broker is done by a real Celery worker.

The worker (the `worker` fixture of tests/config/conftest.py) runs in a thread of this
process, so it shares the test database and Django's test mailbox.
"""

import pytest
from django.db import connection

from accounts.models import User
from accounts.tasks import send_invitation
from config.tasks import send_now
from tests.config.conftest import require_services, wait_for
from tests.factories import UserFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def _celery_in_process():
    """Overrides the autouse fixture of tests/conftest.py: tasks go to the real broker here."""
    return


def test_it_runs_on_postgresql():
    require_services()
    assert connection.vendor == "postgresql"
    assert connection.settings_dict["NAME"].startswith("test_")


def test_a_real_worker_sends_the_invitation_queued_on_redis(worker, mailoutbox):
    user = UserFactory(email="nieuw@example.test")
    assert user.invited_at is None

    assert send_now(send_invitation, user.pk) is True

    assert wait_for(lambda: User.objects.get(pk=user.pk).invited_at is not None), "the worker did not run the task"
    assert [message.to for message in mailoutbox] == [["nieuw@example.test"]]
    assert "/accounts/password/reset/key/" in mailoutbox[0].body
