"""Email reminders that are due; run it daily from a scheduler. Safe to run
as often as you like: each reminder goes out once."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from retention.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Send due reminders (reviews of agreements, sick-leave steps) once each."

    def handle(self, *args, **options):
        sent = send_due_reminders(timezone.localdate())
        self.stdout.write(f"Reminders sent: {sent}")
