"""Generation numbers in the cache, for values kept until something changes.

A kept value carries the generation it was read under (or has it in its
key); moving the generation on makes every such value stale at once. The
one rule of this module: when the number itself is lost (a Redis restart or
an eviction), it starts again at a random number, never at 1, so a value
kept before the loss cannot match by accident.
"""

import secrets

from django.core.cache import cache
from django.db import transaction


def current(key):
    """The generation under `key`, started when there is none (0 when the
    cache cannot be reached: nothing is kept then either)."""
    value = cache.get(key)
    if value is None:
        cache.add(key, _fresh(), None)
        value = cache.get(key, 0)
    return value


def move_on(key):
    try:
        cache.incr(key)
    except ValueError:
        # Gone, or never there.
        cache.add(key, _fresh(), None)


def move_on_now_and_at_commit(key):
    """For a change inside a transaction: stale for the rest of it, and
    again when it commits, in case another request kept a value of the old
    data in between."""
    move_on(key)
    transaction.on_commit(lambda: move_on(key))


def _fresh():
    return secrets.randbits(48)
