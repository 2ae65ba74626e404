from celery import shared_task
from django.utils import timezone

from privacy.retention import retention_run


@shared_task(acks_late=True, time_limit=3600, soft_time_limit=3540)
def run_retention() -> int:
    """Nightly from beat: remove the data whose retention period is over; safe to run twice
    (an anonymised child is no longer due). Returns how many children went."""
    return len(retention_run(today=timezone.localdate(), dry_run=False))
