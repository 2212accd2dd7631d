"""Seed the content every installation needs: the guidance pages, topics,
behaviour cards and canned answers. Safe anywhere, production included: it
creates no accounts, and content that exists is left as editors made it.

Each app contributes through its own `seed.py` with a `load(stdout)`
function, called in INSTALLED_APPS order. Demo people come from the
separate `load_demo` command.
"""

from django.core.management.base import BaseCommand

from portal.management.loaders import run_app_loaders


class Command(BaseCommand):
    help = "Create what is missing of the guidance content. Creates no accounts."

    def handle(self, *args, **options):
        run_app_loaders("seed", self.stdout)
        self.stdout.write(self.style.SUCCESS("The guidance content is ready."))
