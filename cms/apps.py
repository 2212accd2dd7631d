from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Guidance")

    def ready(self):
        from . import admin_scripts, signals

        signals.connect()
        admin_scripts.start_widgets_without_inline_scripts()
