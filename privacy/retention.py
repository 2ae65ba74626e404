"""The retention period: when a child's last placement ended more than RETENTION_DAYS ago,
the child's data is removed by the routine of privacy.removal (the figures stay).

A child registered but never placed counts from the day its family was registered. A child
with a placement running now or starting later is never due, however old its other
placements are. The nightly task (privacy.tasks) and the `retention` command run
`retention_run`; running it twice removes nothing more, since anonymised children are no
longer due.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from uuid import UUID

from django.conf import settings
from django.db.models import DateField, Exists, F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from families.models import Child, Placement
from privacy.models import RemovalRecord
from privacy.removal import child_anonymise, removal_plans

logger = logging.getLogger("samenspel.privacy")


def retention_cutoff(today: date) -> date:
    """Data kept since before this day is due: its last day plus the period lies before `today`."""
    return today - timedelta(days=settings.RETENTION_DAYS)


def retention_due(*, today: date) -> QuerySet[Child]:
    """The children whose retention period is over on `today`, oldest first, each annotated
    with `kept_since`: the end of its last placement (or its family's registration)."""
    cutoff = retention_cutoff(today)
    placements = Placement.objects.filter(child=OuterRef("pk"))
    last_end = placements.order_by().values("child").annotate(last=Max("end_date")).values("last")[:1]
    registered_before = timezone.make_aware(datetime.combine(cutoff, time.min))
    return (
        Child.objects.filter(anonymised_at__isnull=True)
        .exclude(Exists(placements.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))))
        .filter(
            (Exists(placements) & ~Exists(placements.filter(end_date__gte=cutoff)))
            | (~Exists(placements) & Q(family__created_at__lt=registered_before))
        )
        .annotate(
            kept_since=Coalesce(
                Subquery(last_end, output_field=DateField()), TruncDate("family__created_at"), output_field=DateField()
            )
        )
        .order_by(F("kept_since").asc(), "pk")
    )


@dataclass(frozen=True)
class RetentionItem:
    """One child of a run: what went (or, in a dry run, would go), as counts."""

    child_id: UUID
    removed: dict[str, int]


def retention_run(*, today: date, dry_run: bool) -> list[RetentionItem]:
    """Remove the data of every child due on `today`; with `dry_run`, only say what would go."""
    due = list(retention_due(today=today))
    if dry_run:
        plans = removal_plans(children=due)
        return [RetentionItem(child.pk, plans[child.pk]) for child in due]
    done = []
    for child in due:
        try:
            record = child_anonymise(child=child, reason=RemovalRecord.Reason.RETENTION)
        except Exception:
            # One child that fails must not keep the others' data past their period.
            logger.exception("Retention: the data of child %s could not be removed", child.pk)
            continue
        if record is not None:
            done.append(RetentionItem(child.pk, record.removed))
    if done:
        logger.info("Retention: removed the data of %d children", len(done))
    return done
