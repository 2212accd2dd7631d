"""Build the demo site. Safe to run again: it updates what is already there.

Each app contributes through its own `demo.py` with a `load(stdout)`
function, called in INSTALLED_APPS order, so the portal needs to know
nothing about the apps that build on it.
"""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule


class Command(BaseCommand):
    help = "Create or update the demo organisations, users and content."

    def handle(self, *args, **options):
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                if module_has_submodule(app_config.module, "demo"):
                    import_module(f"{app_config.name}.demo").load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
