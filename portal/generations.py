"""Generation numbers in the cache, for values kept until something changes.

A kept value carries the generation it was read under (or has it in its
key); moving the generation on makes every such value stale at once. The
one rule of this module: when the number itself is lost (a Redis restart or
an eviction), it starts again at a random number, never at 1, so a value
kept before the loss cannot match by accident.

Whatever reads a generation tells `note()`: while a page is being rendered
for keeping (portal/kept_pages.py), the generations it depended on are
collected, and the kept page is stale as soon as one of them moves on.
"""

import contextvars
import secrets
from contextlib import contextmanager

from django.core.cache import cache
from django.db import connection, transaction

# The generations read inside a noting() block: {key: value}; None outside.
_noted = contextvars.ContextVar("generations_noted", default=None)
# A generation that could not be read (None) spoils what depended on it.
UNKNOWN = object()


def current(key):
    """The generation under `key`, started when there is none (0 when the
    cache cannot be reached: nothing is kept then either)."""
    value = cache.get(key)
    if value is None:
        cache.add(key, _fresh(), None)
        value = cache.get(key)
    note(key, value)
    return value if value is not None else 0


def note(key, value):
    """Something was read under this generation (None: it could not be
    read). Recorded only inside noting()."""
    noted = _noted.get()
    if noted is not None and key not in noted:
        noted[key] = UNKNOWN if value is None else value


def spoil(reason):
    """What is being noted cannot be kept (it wrote, or depended on
    something without a generation)."""
    noted = _noted.get()
    if noted is not None:
        noted[f"spoiled: {reason}"] = UNKNOWN


def noting_now():
    """The generations noted so far in this block, or None outside one."""
    return _noted.get()


@contextmanager
def noting():
    """Collect the generations read inside the block into the dict it
    yields; UNKNOWN marks one that could not be read."""
    noted = {}
    token = _noted.set(noted)
    try:
        yield noted
    finally:
        _noted.reset(token)


def move_on(key):
    try:
        cache.incr(key)
    except ValueError:
        # Gone, or never there.
        cache.add(key, _fresh(), None)


def move_on_now_and_at_commit(key):
    """For a change inside a transaction: stale for the rest of it, and
    again when it commits, in case another request kept a value of the old
    data in between. Outside a transaction the change is already committed:
    once is enough."""
    move_on(key)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: move_on(key))


def _fresh():
    return secrets.randbits(48)
