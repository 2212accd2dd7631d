"""After a change made outside the portal (by hand in the database):
every kept dashboard is rendered afresh on its next view."""

from django.core.management.base import BaseCommand

from portal import kept_pages


class Command(BaseCommand):
    help = (
        "Render every kept dashboard afresh (after a change by hand in the database)."
    )

    def handle(self, *args, **options):
        kept_pages.forget_all()
        self.stdout.write("Every kept page is rendered afresh on its next view.")
