"""Redis as a help, never a single point of failure.

Redis carries the chat's hints and holds the cache (sessions are cached in
it, rate limits counted in it). When it is unreachable the portal goes on:
the cache answers as if empty (sessions come from the database, rate limits
let people through), the channel layer drops hints instead of raising, and
chat clients find new messages through their heartbeat, which reads the
database. Both log the outage, at most once a minute.
"""

import asyncio
import contextlib
import logging
import threading
import time
import weakref

from channels_redis.core import RedisChannelLayer
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
_last_warning = {}


def _warn(what, error):
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
            _warn("cache", error)
            return default
        return default if value is None else self._cache._serializer.loads(value)

    def _quietly(self, operation, default, *args, **kwargs):
        try:
            return operation(*args, **kwargs)
        except UNREACHABLE as error:
            _warn("cache", error)
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
            _warn("cache", error)
            return None

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as error:
            _warn("cache", error)
            # As if the key were missing: callers treat that as a new count.
            raise ValueError("Redis unreachable") from error


class ResilientRedisChannelLayer(RedisChannelLayer):
    """channels_redis's layer that loses a hint rather than a socket.

    Sending, group changes and group sends are dropped (and logged) while
    Redis is down; receiving waits and tries again. Group membership
    expires after the layer's group_expiry: consumers renew theirs (see
    portal.gate.GatedConsumer), so one that crashed does not linger.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._readers = {}
        self._gone = {}

    async def _dropped(self, what, operation, *args):
        try:
            return await operation(*args)
        except UNREACHABLE as error:
            _warn(what, error)
            return None

    async def send(self, channel, message):
        return await self._dropped("send", super().send, channel, message)

    async def group_add(self, group, channel):
        return await self._dropped("group_add", super().group_add, group, channel)

    async def group_discard(self, group, channel):
        return await self._dropped(
            "group_discard", super().group_discard, group, channel
        )

    async def group_send(self, group, message):
        return await self._dropped("group_send", super().group_send, group, message)

    # Channels whose consumer has ended: their late messages are dropped.
    GONE_REMEMBERED = 10_000
    # Sockets woken by one hint before others get a turn, and the pause
    # between batches: long enough for replies from Redis, PostgreSQL and
    # worker threads to be taken in. A chat message sent while the line
    # moved for 2,000 watchers was acked in 215 ms with a bare yield, in
    # 89 ms with this pause. Batches of 20 rather than 100: acks during
    # three line moves, p50 75/140/72 ms against 142/233/94 ms, p99
    # 376/354/237 against 394/400/370 (bench/chat.py, pairs run back to
    # back); the line still moved within 0.45-0.88 s.
    WAKE_AT_ONCE = 20
    BATCH_PAUSE = 0.005

    async def receive(self, channel):
        """A process-specific channel (a consumer's) waits on its own buffer;
        one reader per process takes messages off Redis and fills the
        buffers. channels_redis lets every waiting consumer compete for a
        lock with two tasks of its own, which costs time quadratic in the
        number of sockets when a hint reaches many of them at once."""
        if "!" not in channel:
            return await self._receive_retrying(channel)
        self._ensure_reader(self.non_local_name(channel))
        buffer = self.receive_buffer[channel]
        try:
            message = await buffer.get()
        except asyncio.CancelledError:
            # The consumer has ended: it will not read what comes later.
            self.receive_buffer.pop(channel, None)
            self._forget(channel)
            raise
        if buffer.empty():
            self.receive_buffer.pop(channel, None)
        return message

    async def _receive_retrying(self, channel):
        pause = 0.1
        while True:
            try:
                return await super().receive(channel)
            except UNREACHABLE as error:
                _warn("receive", error)
                await asyncio.sleep(pause)
                pause = min(pause * 2, 2.0)

    def _forget(self, channel):
        self._gone[channel] = None
        if len(self._gone) > self.GONE_REMEMBERED:
            del self._gone[next(iter(self._gone))]

    def _ensure_reader(self, real_channel):
        loop = asyncio.get_running_loop()
        reader = self._readers.get(real_channel)
        if reader is not None and not reader.done() and reader.get_loop() is loop:
            return
        self._readers[real_channel] = loop.create_task(self._read_forever(real_channel))

    async def close_pools(self):
        """Stop the readers before their connections go."""
        readers, self._readers = self._readers, {}
        for reader in readers.values():
            if reader.done():
                continue
            reader.cancel()
            if reader.get_loop() is asyncio.get_running_loop():
                with contextlib.suppress(asyncio.CancelledError):
                    await reader
        await super().close_pools()

    async def _read_forever(self, real_channel):
        """Take this process's messages off Redis, one at a time, into the
        buffers of the channels they are for."""
        pause = 0.1
        while True:
            try:
                channels, message = await self.receive_single(real_channel)
            except asyncio.CancelledError:
                raise
            except UNREACHABLE as error:
                _warn("receive", error)
                await asyncio.sleep(pause)
                pause = min(pause * 2, 2.0)
                continue
            except Exception:  # noqa: BLE001 - a bad message must not stop the rest
                logger.exception("Could not read from the channel layer")
                await asyncio.sleep(pause)
                continue
            pause = 0.1
            channels = channels if isinstance(channels, list) else [channels]
            for index, channel in enumerate(channels, start=1):
                if channel not in self._gone:
                    self.receive_buffer[channel].put_nowait(message)
                if index % self.WAKE_AT_ONCE == 0:
                    # Let the woken sockets run and replies be read before
                    # waking the next ones: a chat message arriving
                    # meanwhile waits for one batch, not for all of them.
                    await asyncio.sleep(self.BATCH_PAUSE)
