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
import threading
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
    _move_on_what_was_missed()
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
    """Make everything kept under `key` stale. When the cache cannot be
    reached the move is remembered and made on this process's next use of
    a generation: a kept value that outlived a short outage of Redis must
    not outlive a change made during it."""
    if not _moved_on(key):
        with _lock:
            _not_moved_on.add(key)
    _move_on_what_was_missed()


def _moved_on(key):
    try:
        cache.incr(key)
        return True
    except ValueError:
        # Gone, never there, or the cache is unreachable.
        if cache.add(key, _fresh(), None):
            return True
    try:
        cache.incr(key)  # added by someone else meanwhile
        return True
    except ValueError:
        return False


# Generations that could not be moved on (the cache was unreachable).
_not_moved_on = set()
_lock = threading.Lock()


def _move_on_what_was_missed():
    if not _not_moved_on:
        return
    with _lock:
        missed = list(_not_moved_on)
    for key in missed:
        if _moved_on(key):
            with _lock:
                _not_moved_on.discard(key)


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
