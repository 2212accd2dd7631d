from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Guidance")

    def ready(self):
        from portal.exports import register_export

        from . import admin_scripts, signals
        from .trainings import progress_of

        signals.connect()
        register_export("trainings", progress_of)
        admin_scripts.start_widgets_without_inline_scripts()
