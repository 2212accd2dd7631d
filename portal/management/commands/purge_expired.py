"""Delete data whose retention period has passed; run it daily.

Each app says what it keeps and for how long in its own `purge.py` with a
`purge(today, stdout)` function, called in INSTALLED_APPS order.
"""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.module_loading import module_has_submodule


class Command(BaseCommand):
    help = "Delete data past its retention period."

    def handle(self, *args, **options):
        today = timezone.localdate()
        for app_config in apps.get_app_configs():
            if module_has_submodule(app_config.module, "purge"):
                import_module(f"{app_config.name}.purge").purge(today, self.stdout)
