"""Remove the data whose retention period is over, now; `--dry-run` only lists what would go.

Prints per child its id and the counts per kind of data, never a name. What the nightly
task does (privacy.tasks.run_retention); running it twice removes nothing more.
"""

from collections import Counter
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from privacy.retention import retention_run


class Command(BaseCommand):
    help = "Remove (or with --dry-run list) the children's data whose retention period is over."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list what would be removed; change nothing.")
        parser.add_argument("--date", help="Count the retention period up to this day, as YYYY-MM-DD (default: today).")

    def handle(self, *args, dry_run: bool = False, date: str | None = None, **options):
        day = self._day(date)
        items = retention_run(today=day, dry_run=dry_run)
        total: Counter = Counter()
        for item in items:
            total.update(item.removed)
            counts = ", ".join(f"{kind}={count}" for kind, count in item.removed.items())
            self.stdout.write(f"child {item.child_id}: {counts}")
        verb = "would be removed (dry run: nothing was changed)" if dry_run else "removed"
        summary = ", ".join(f"{kind}={count}" for kind, count in sorted(total.items()))
        in_total = f"; in total {summary}" if summary else "."
        self.stdout.write(f"{day.isoformat()}: {len(items)} children {verb}{in_total}")

    @staticmethod
    def _day(value: str | None) -> date:
        if not value:
            return timezone.localdate()
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"--date must be a day as YYYY-MM-DD, not {value!r}.") from None
