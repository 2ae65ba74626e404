"""The planner settings of config/settings.py reach PostgreSQL on every connection, and a
query the connection runs again and again is prepared there."""

import os
import subprocess
import sys
from urllib.parse import urlsplit

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


# Run outside the test's transaction, in a process of its own on the test database, as a web
# worker would: the same query six times, then the statements PostgreSQL holds prepared.
PREPARED_IN_A_WORKER = """
import uuid, django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from django.db import connection
from families.models import Child
for _ in range(6):
    assert list(Child.objects.filter(pk=uuid.uuid4()).values_list("first_name", flat=True)) == []
with connection.cursor() as cursor:
    cursor.execute("SELECT statement FROM pg_prepared_statements")
    for (statement,) in cursor.fetchall():
        print(statement.replace("\\n", " "))
"""


def test_a_query_a_connection_runs_again_and_again_is_prepared_with_its_values_as_parameters():
    require_services()
    url = urlsplit(os.environ["DATABASE_URL"])._replace(path="/" + connection.settings_dict["NAME"]).geturl()

    result = subprocess.run(
        [sys.executable, "-c", PREPARED_IN_A_WORKER],
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert any('FROM "families_child" WHERE "families_child"."id" = $1' in line for line in result.stdout.splitlines())
