"""Run one kind of loader module (seed.py, demo.py) of every app."""

from importlib import import_module

from django.apps import apps
from django.db import transaction
from django.utils.module_loading import module_has_submodule


def run_app_loaders(module_name, stdout):
    """Call `<app>.<module_name>.load(stdout)` for each app that has one, in
    INSTALLED_APPS order, in one transaction."""
    with transaction.atomic():
        for app_config in apps.get_app_configs():
            if module_has_submodule(app_config.module, module_name):
                import_module(f"{app_config.name}.{module_name}").load(stdout)
