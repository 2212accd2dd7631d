"""Redis as a help, never a single point of failure.

Redis carries the chat's hints and holds the cache (sessions are cached in
it, rate limits counted in it). When it is unreachable the portal goes on:
the cache answers as if empty (sessions come from the database, rate limits
let people through), and the channel layer (portal/channel_layer.py) drops
hints instead of raising, so chat clients find new messages through their
heartbeat, which reads the database. Both log the outage, at most once a
minute.
"""

import asyncio
import logging
import threading
import time
import weakref

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
_last_warning = {}


def warn_unreachable(what, error):
    """Log that Redis is unreachable for `what`, at most once a minute."""
    now = time.monotonic()
    if now - _last_warning.get(what, 0) > 60:
        _last_warning[what] = now
        logger.warning("Redis unreachable (%s): %s", what, error.__class__.__name__)


class SharedRedisCacheClient(RedisCacheClient):
    """Django's client with one redis-py client object per pool: making one
    per call costs a look-up of redis-py's version each time."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._lock = threading.Lock()
        self._clients = {}

    def _get_connection_pool(self, write):
        with self._lock:
            return super()._get_connection_pool(write)

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(
                id(pool), self._client(connection_pool=pool)
            )
        return client


_shared_clients = {}
_async_clients = {}
ASYNC_CONNECTIONS = 16
_shared_lock = threading.Lock()


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, answering like an empty cache while Redis is
    down instead of failing the request.

    Django keeps a cache object per thread and per async context, so each
    chat socket would get its own client, pool and Redis connection; here
    they share one client (and pool) per process.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedRedisCacheClient
        self._shared_key = (tuple(self._servers), repr(sorted(self._options.items())))

    @property
    def _cache(self):
        client = _shared_clients.get(self._shared_key)
        if client is None:
            with _shared_lock:
                client = _shared_clients.get(self._shared_key)
                if client is None:
                    client = _shared_clients[self._shared_key] = self._class(
                        self._servers, **self._options
                    )
        return client

    def _async_client(self):
        """A redis.asyncio client for this event loop (its connections
        belong to the loop), shared by the process's sockets."""
        import redis.asyncio

        loop = asyncio.get_running_loop()
        per_loop = _async_clients.setdefault(
            self._shared_key, weakref.WeakKeyDictionary()
        )
        client = per_loop.get(loop)
        if client is None:
            timeouts = {
                name: self._options[name]
                for name in ("socket_connect_timeout", "socket_timeout")
                if name in self._options
            }
            # A rush of sockets shares a few connections instead of opening
            # one each (a new connection costs several round trips).
            pool = redis.asyncio.BlockingConnectionPool.from_url(
                self._servers[0], max_connections=ASYNC_CONNECTIONS, **timeouts
            )
            client = per_loop[loop] = redis.asyncio.Redis(connection_pool=pool)
        return client

    async def aget(self, key, default=None, version=None):
        """Read on the event loop, without a worker thread: a chat socket's
        session is checked this way on every frame."""
        key = self.make_and_validate_key(key, version=version)
        try:
            value = await self._async_client().get(key)
        except UNREACHABLE as error:
            warn_unreachable("cache", error)
            return default
        return default if value is None else self._cache._serializer.loads(value)

    def _quietly(self, operation, default, *args, **kwargs):
        try:
            return operation(*args, **kwargs)
        except UNREACHABLE as error:
            warn_unreachable("cache", error)
            return default

    def get(self, key, default=None, version=None):
        return self._quietly(super().get, default, key, default, version)

    def get_many(self, keys, version=None):
        return self._quietly(super().get_many, {}, keys, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._quietly(super().set, None, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._quietly(super().add, False, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._quietly(super().set_many, list(data), data, timeout, version)

    def delete(self, key, version=None):
        return self._quietly(super().delete, False, key, version)

    def delete_many(self, keys, version=None):
        return self._quietly(super().delete_many, None, keys, version)

    def has_key(self, key, version=None):
        return self._quietly(super().has_key, False, key, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._quietly(super().touch, False, key, timeout, version)

    def count(self, key, timeout, version=None):
        """Add one to a counter that lives `timeout` seconds from its first
        use, in one round trip; None while Redis is unreachable."""
        key = self.make_and_validate_key(key, version=version)
        try:
            pipe = self._cache.get_client(key, write=True).pipeline(transaction=False)
            pipe.set(key, 0, ex=timeout, nx=True)
            pipe.incr(key)
            return pipe.execute()[1]
        except UNREACHABLE as error:
            warn_unreachable("cache", error)
            return None

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as error:
            warn_unreachable("cache", error)
            # As if the key were missing: callers treat that as a new count.
            raise ValueError("Redis unreachable") from error
