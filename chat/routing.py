"""Websocket routes of the chat."""

from django.urls import path

from . import consumers

websocket_urlpatterns = [
    path("ws/chat/<int:conversation_id>/", consumers.ConversationConsumer.as_asgi()),
    path("ws/chat/queue/", consumers.QueueConsumer.as_asgi()),
]
