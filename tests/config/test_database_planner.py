"""The planner settings of config/settings.py reach PostgreSQL on every connection."""

import pytest
from django.db import connection

from tests.config.conftest import require_services

pytestmark = [pytest.mark.services, pytest.mark.django_db]


def test_the_connection_runs_without_jit_and_with_the_ssd_page_cost():
    require_services()
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone() == ("1.1",)
