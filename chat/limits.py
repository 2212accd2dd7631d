"""Rate limits on chat, counted in the shared cache per fixed window."""

import time

from django.core.cache import cache


def allow(name, subject, limit, window_seconds):
    """Count one use; False when the limit for this window is reached.

    With Redis (portal.resilience) counting is one round trip, and an
    unreachable Redis lets people through; other caches add, then count.
    """
    window = int(time.time() // window_seconds)
    key = f"chat:limit:{name}:{subject}:{window}"
    timeout = window_seconds + 5
    count = getattr(cache, "count", None)
    if count is not None:
        used = count(key, timeout)
        return used is None or used <= limit
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key) <= limit
    except ValueError:
        # The key expired between add and incr: this use starts a new window.
        cache.set(key, 1, timeout=timeout)
        return True
