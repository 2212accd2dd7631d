from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "retention"
    verbose_name = _("Retention")

    def ready(self):
        from portal.audit import personal_data_shown

        from . import panels, services, signals

        panels.register()
        signals.connect()
        personal_data_shown.connect(
            services.log_personal_data_shown, dispatch_uid="retention-access-log"
        )
