"""Websocket routes of the chat app."""

from django.urls import path

from . import consumers

websocket_urlpatterns = [
    path("ws/heartbeat/", consumers.HeartbeatConsumer.as_asgi()),
]
