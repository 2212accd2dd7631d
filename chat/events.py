"""Hints through the channel layer: "something changed, look in the database".

They are sent after the transaction commits, and a failure to send is logged,
not raised: the change itself is safe in the database, and clients find it
through their next resume or heartbeat.
"""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

QUEUE_GROUP = "chat.queue"


def conversation_group(conversation_id):
    return f"chat.conversation.{conversation_id}"


def _send(group, event):
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(group, event)


def after_commit(group, event_type, **fields):
    transaction.on_commit(
        lambda: _send(group, {"type": event_type, **fields}), robust=True
    )


def new_messages(conversation_id):
    after_commit(conversation_group(conversation_id), "chat.new_messages")


def status_changed(conversation_id):
    after_commit(conversation_group(conversation_id), "chat.status_changed")
    after_commit(QUEUE_GROUP, "chat.queue_changed")


def queue_changed():
    after_commit(QUEUE_GROUP, "chat.queue_changed")
