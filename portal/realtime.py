"""Hints through the channel layer, sent after the transaction commits.

A hint only says "look again"; what it is about is safe in the database. A
failure to send is logged, not raised, so a save never fails because Redis
does.

Code that runs in a consumer's worker thread collects its hints instead
(`hints_collected`) and the consumer sends them from its event loop: the
thread does not have to wait for the loop to send them.
"""

import logging
import threading
from contextlib import contextmanager

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

_collecting = threading.local()


def _send(group, event):
    hints = getattr(_collecting, "hints", None)
    if hints is not None:
        hints.append((group, event))
        return
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


@contextmanager
def hints_collected():
    """Keep the hints of the transactions committed in this block, in this
    thread, in the list it yields; send them with `send_hints`."""
    hints = []
    _collecting.hints = hints
    try:
        yield hints
    finally:
        del _collecting.hints


async def send_hints(hints):
    layer = get_channel_layer()
    for group, event in hints:
        try:
            await layer.group_send(group, event)
        except Exception:  # noqa: BLE001 - the change itself is safe
            logger.exception("Could not send a hint to %s", group)
