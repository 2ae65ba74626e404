"""Create the daily reminders now, for today or another day: what beat does every morning.

Running it again for the same day sends nothing twice (see contacts.reminders).
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from contacts.reminders import plan_daily_reminders


class Command(BaseCommand):
    help = "Create the day's reminders (mentors' digest, conversations tomorrow, agreements due) and queue emails."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to plan for, as YYYY-MM-DD (default: today).")

    def handle(self, *args, date: str | None = None, **options):
        day = self._day(date)
        planned = plan_daily_reminders(day)
        self.stdout.write(
            f"{day.isoformat()}: {planned.digests} digests, {planned.bookings_tomorrow} conversation reminders, "
            f"{planned.agreements_due} agreement reminders, {planned.portfolio_views} portfolio reminders, "
            f"{planned.home_activities} home activity reminders, {planned.manager_digests} manager digests offered "
            "(existing ones are not sent again)."
        )

    @staticmethod
    def _day(value: str | None) -> date:
        if not value:
            return timezone.localdate()
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"--date must be a day as YYYY-MM-DD, not {value!r}.") from None
