"""Rate limits on chat, counted in the shared cache per fixed window."""

import time

from django.core.cache import cache


def allow(name, subject, limit, window_seconds):
    """Count one use; False when the limit for this window is reached."""
    window = int(time.time() // window_seconds)
    key = f"chat:limit:{name}:{subject}:{window}"
    cache.add(key, 0, timeout=window_seconds + 5)
    try:
        return cache.incr(key) <= limit
    except ValueError:
        # The key expired between add and incr: this use starts a new window.
        cache.set(key, 1, timeout=window_seconds + 5)
        return True
