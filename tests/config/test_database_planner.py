"""The planner settings of config/settings.py reach PostgreSQL on every connection, and a
query the connection runs again and again is prepared there."""

import pytest
from django.db import connection

from families.models import Child
from tests.config.conftest import require_services
from tests.factories import ChildFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db]


def test_the_connection_runs_without_jit_and_with_the_ssd_page_cost():
    require_services()
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone() == ("1.1",)


def test_a_query_run_again_and_again_is_prepared_and_still_answers_for_its_own_values():
    require_services()
    first, second = ChildFactory(), ChildFactory()
    query = Child.objects.filter(pk=first.pk).values_list("first_name", flat=True)

    # psycopg prepares a query on its sixth run on a connection; the values are parameters.
    for _ in range(6):
        assert list(query) == [first.first_name]
    assert list(Child.objects.filter(pk=second.pk).values_list("first_name", flat=True)) == [second.first_name]

    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any('FROM "families_child"' in statement and "$1" in statement for statement in prepared)
