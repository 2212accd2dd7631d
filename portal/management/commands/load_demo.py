"""Create the demo organisations, accounts (with a published password),
plans, absence and chats. Refuses to run unless DEBUG is on, so it can never
put demo accounts in a real installation.

Each app contributes through its own `demo.py` with a `load(stdout)`
function, called in INSTALLED_APPS order. Run `load_initial_data` first.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.management.loaders import run_app_loaders


class Command(BaseCommand):
    help = "Create or update the demo people and their data (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "load_demo creates accounts with a published password and only "
                "runs with DEBUG on (make run). Invite real people instead."
            )
        run_app_loaders("demo", self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
