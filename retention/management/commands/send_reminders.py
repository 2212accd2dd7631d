"""Queue the reminders that are due; the worker runs it daily. Safe to run
as often as you like: each reminder goes out once to each person."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from retention.reminders import send_due_reminders


class Command(BaseCommand):
    help = (
        "Queue due reminders (reviews of agreements, sick-leave steps, the next "
        "contact during absence) once each."
    )

    def handle(self, *args, **options):
        sent = send_due_reminders(timezone.localdate())
        self.stdout.write(f"Reminders queued: {sent}")
