"""Hints through the channel layer, sent after the transaction commits.

A hint only says "look again"; what it is about is safe in the database. A
failure to send is logged, not raised, so a save never fails because Redis
does.
"""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


def _send(group, event):
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(group, event)


def send_after_commit(group, event_type, **fields):
    transaction.on_commit(
        lambda: _send(group, {"type": event_type, **fields}), robust=True
    )


def send_built_after_commit(group, build):
    """Build the event when the transaction has committed (it reads what
    was just saved), then send it."""
    transaction.on_commit(lambda: _send(group, build()), robust=True)
