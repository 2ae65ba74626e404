"""Query expressions the apps share."""

from django.db import connection
from django.db.models import F, Func, IntegerField, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce


def counted(queryset: QuerySet) -> QuerySet:
    """The one row and column that counts `queryset`'s rows: COUNT(*) with no GROUP BY."""
    return queryset.order_by().annotate(_n=Func(F("pk"), function="COUNT")).values("_n")


def count_of(queryset: QuerySet) -> Coalesce:
    """COUNT(*) of a subquery (correlated or not; no GROUP BY, so one row) as an annotation:
    a number the query that loads the page's objects brings along, 0 when nothing matches."""
    return Coalesce(Subquery(counted(queryset), output_field=IntegerField()), 0)


class KeptSQL(RawSQL):
    """SQL that `accounts.access.kept_sql` compiled once, as an expression, e.g. the ids of a
    rule in `pk__in=KeptSQL(kept)`. The values stay parameters."""

    def __init__(self, kept: tuple[str, tuple], output_field=None) -> None:
        super().__init__(kept[0], list(kept[1]), output_field)


class KeptCount(RawSQL):
    """`count_of` for a count whose SQL was compiled once (`accounts.access.kept_sql` of
    `counted(…)`; None: nothing to count). It correlates with nothing in the outer query, so,
    as Django does for such a Subquery, it adds nothing to a GROUP BY."""

    def __init__(self, kept: tuple[str, tuple] | None) -> None:
        sql, params = kept or ("SELECT 0", ())
        super().__init__(f"COALESCE(({sql}), 0)", list(params), output_field=IntegerField())

    def get_group_by_cols(self) -> list:
        return []


def run_count(kept: tuple[str, tuple] | None) -> int:
    """Run the SQL `accounts.access.kept_sql` kept of `counted(…)`: its count (None: 0)."""
    if kept is None:
        return 0
    sql, params = kept
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]
