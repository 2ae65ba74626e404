"""Query expressions the apps share."""

from django.db import connection
from django.db.models import F, Func, IntegerField, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce


def counted(queryset: QuerySet) -> QuerySet:
    """The one row and column that counts `queryset`'s rows: COUNT(*) with no GROUP BY."""
    return queryset.order_by().annotate(_n=Func(F("pk"), function="COUNT", output_field=IntegerField())).values("_n")


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


# Compiled correlated subqueries, per process (see KeptSubquery): at most this many.
KEPT_SUBQUERIES_MAX = 2000
_kept_subqueries: dict[tuple, tuple[str, tuple]] = {}


class KeptSubquery(Subquery):
    """A correlated Subquery whose SQL is compiled once per process, not in every query.

    `key` names the subquery and every value it was built from (e.g. today's date): the
    caller's promise that the same key builds the same subquery. The SQL also depends on
    where the subquery stands, and that is added to the key when it is compiled: the outer
    columns it refers to (their aliases differ with the outer query's joins), the aliases of
    its own tables, the template and the database. A subquery that refers to no outer column
    at all is compiled as usual.
    """

    def __init__(self, key: tuple, queryset, output_field=None) -> None:
        super().__init__(queryset, output_field=output_field)
        self.kept_key = key

    def as_sql(self, compiler, connection, template=None, **extra_context):
        outer = tuple(sorted((col.alias, col.target.column) for col in self.get_external_cols()))
        if not outer or extra_context:
            return super().as_sql(compiler, connection, template, **extra_context)
        key = (self.kept_key, outer, self.query.alias_prefix, template, connection.alias, connection.vendor)
        kept = _kept_subqueries.get(key)
        if kept is None:
            sql, params = super().as_sql(compiler, connection, template)
            kept = (sql, tuple(params))
            if len(_kept_subqueries) >= KEPT_SUBQUERIES_MAX:
                _kept_subqueries.clear()
            _kept_subqueries[key] = kept
        return kept[0], list(kept[1])
