from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "chat"
    verbose_name = _("Live chat")

    def ready(self):
        from portal.exports import register_export

        from .export import conversations_of

        register_export("chat_conversations", conversations_of)
