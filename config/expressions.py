"""Query expressions the apps share."""

from django.db.models import F, Func, IntegerField, QuerySet, Subquery
from django.db.models.functions import Coalesce


def count_of(queryset: QuerySet) -> Coalesce:
    """COUNT(*) of a subquery (correlated or not; no GROUP BY, so one row) as an annotation:
    a number the query that loads the page's objects brings along, 0 when nothing matches."""
    counted = queryset.order_by().annotate(_n=Func(F("pk"), function="COUNT")).values("_n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
