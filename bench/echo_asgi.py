"""The floor for the chat benchmark: a bare Channels echo over the same Redis.

Each socket joins the group of its conversation; whatever it sends goes to
the whole group through the channel layer, as a chat hint would, and every
member sends it on to its client. No database, no sessions, no checks: what
is left is the server (portal.serve), Channels and channels_redis's
standard layer over Redis: the cost any chat built on Channels pays.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402
from django.conf import settings  # noqa: E402

django.setup()
# Bare Channels: channels_redis's own layer, on the portal's Redis, prefix
# and encryption key, not the portal's layer (portal/channel_layer.py).
settings.CHANNEL_LAYERS = {
    "default": {
        **settings.CHANNEL_LAYERS["default"],
        "BACKEND": "channels_redis.core.RedisChannelLayer",
    }
}

from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402


class EchoConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        self.group = f"echo.{self.scope['url_route']['kwargs']['conversation']}"
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        await self.channel_layer.group_send(
            self.group, {"type": "echo.message", "text": text_data}
        )

    async def echo_message(self, event):
        await self.send(text_data=event["text"])


application = ProtocolTypeRouter(
    {"websocket": URLRouter([path("echo/<int:conversation>/", EchoConsumer.as_asgi())])}
)
