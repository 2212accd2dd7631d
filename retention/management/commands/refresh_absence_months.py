"""Rebuild the stored months the absence figures read (AbsenceMonth) from
every segment and report; the worker runs it nightly. Every change of a
report rebuilds its employee's months already: this catches what changed
the tables another way (a bulk import, a restore)."""

from django.core.management.base import BaseCommand

from retention.figures import refresh_months


class Command(BaseCommand):
    help = "Rebuild the stored months of the absence figures from the reports."

    def handle(self, *args, **options):
        rows = refresh_months()
        self.stdout.write(f"Stored months of the absence figures rebuilt: {rows}")
