"""The channel layer: hints over Redis publish/subscribe, never a single
point of failure.

What goes through the layer is a hint (see portal/realtime.py): what it is
about is safe in the database, and a client that misses one finds the
change through its next resume or heartbeat. So the layer needs no queue in
Redis, only delivery to whoever listens right now, which is what Redis
publish/subscribe is:

- a group send is one PUBLISH, whatever the size of the group;
- each event loop (one per server process) has one subscriber connection.
  It subscribes to a group when the first of its consumers joins and leaves
  it when the last one goes, and hands each message, read and decrypted
  once, to the consumers of that loop in the group;
- membership lives in the process, so a consumer that ends (or crashes)
  leaves its groups with it, and a process that dies leaves nothing behind
  in Redis.

channels_redis's core layer, used before, costs four Redis round trips and a
Lua script per group send and two more per message received, and keeps
groups in Redis that must expire; its publish/subscribe layer reads each
message once per consumer and publishes one at a time under a lock.

While Redis is unreachable, sends and group changes are dropped (logged at
most once a minute) instead of raising, and the subscriber connects again
with back-off and subscribes to everything its consumers still want. Hints
published meanwhile are lost; clients catch up through their heartbeat.
Messages are encrypted (channels_redis's serializer, Fernet) on their way
through Redis.
"""

import asyncio
import contextlib
import logging
import math
import time
import types
import uuid
import weakref

import redis.asyncio
from channels.layers import BaseChannelLayer
from channels_redis.serializers import registry
from channels_redis.utils import decode_hosts

from .resilience import UNREACHABLE, warn_unreachable

logger = logging.getLogger(__name__)

DIRECT = "direct"  # where a process's own channels get messages sent to them
GROUP = "group"
NAMED = "named"  # a channel without "!", not made by new_channel


class _Hub:
    """The layer's state on one event loop: its consumers' queues, groups,
    the subscriber connection and its reader, and a publishing client."""

    def __init__(self, layer):
        self.layer = layer
        self.id = uuid.uuid4().hex
        self.queues = {}  # channel -> asyncio.Queue
        self.groups = {}  # group -> set of channels
        self.memberships = {}  # channel -> set of groups
        self.routes = {}  # subscribed name -> (kind, group or channel)
        self.confirming = {}  # name -> futures waiting for SUBSCRIBE's reply
        self.connection = None  # the subscriber connection, while connected
        self.down = False  # the last attempt to connect failed
        self.reader = None
        self.full_warned_at = 0.0
        self.publisher = redis.asyncio.Redis(connection_pool=layer.make_pool())
        self.direct_name = layer.subscription(DIRECT, self.id)

    # Subscriptions

    async def want(self, name, route):
        """Subscribe to `name`; returns once Redis confirmed it, so what is
        published after this returns arrives (also for a second consumer
        that asks while the first one's subscription is on its way). While
        Redis is unreachable it returns at once: the reader subscribes when
        it is back."""
        if name in self.routes:
            if self.confirming.get(name):
                await self._confirmed(name, send=False)
            return
        self.routes[name] = route
        self._ensure_reader()
        if not self.down:
            await self._confirmed(name, send=True)

    async def _confirmed(self, name, send):
        confirmed = asyncio.get_running_loop().create_future()
        self.confirming.setdefault(name, []).append(confirmed)
        connection = self.connection
        try:
            # Without a connection the reader is connecting, and subscribes
            # to every wanted name (this one too) when it is connected.
            if send and connection is not None:
                await connection.send_command("SUBSCRIBE", name)
            await asyncio.wait_for(
                asyncio.shield(confirmed), self.layer.CONFIRM_SECONDS
            )
        except (TimeoutError, *UNREACHABLE) as error:
            # The reader subscribes again when it reconnects.
            warn_unreachable("subscribe", error)
        finally:
            waiting = self.confirming.get(name, [])
            if confirmed in waiting:
                waiting.remove(confirmed)
            if not waiting:
                self.confirming.pop(name, None)

    async def unwant(self, name):
        if self.routes.pop(name, None) is None:
            return
        connection = self.connection
        if connection is not None:
            try:
                await connection.send_command("UNSUBSCRIBE", name)
            except UNREACHABLE as error:
                warn_unreachable("unsubscribe", error)

    def _ensure_reader(self):
        if self.reader is None or self.reader.done():
            self.reader = asyncio.get_running_loop().create_task(self._read_forever())

    async def _read_forever(self):
        pause = 0.1
        while True:
            connection = self.layer.make_subscriber()
            try:
                await connection.connect()
                # From here on new subscriptions go out on this connection;
                # those wanted before go out now, in one command.
                self.connection, self.down = connection, False
                names = list(self.routes)
                if names:
                    await connection.send_command("SUBSCRIBE", *names)
                pause = 0.1
                while True:
                    response = await connection.read_response(timeout=math.inf)
                    await self._take(response)
            except asyncio.CancelledError:
                raise
            except UNREACHABLE as error:
                warn_unreachable("receive", error)
            except Exception:  # noqa: BLE001 - a bad message must not stop the rest
                logger.exception("Could not read from the channel layer")
            finally:
                self.connection, self.down = None, True
                # Nobody waits for a confirmation that will not come.
                confirming, self.confirming = self.confirming, {}
                for futures in confirming.values():
                    for future in futures:
                        if not future.done():
                            future.set_result(None)
                with contextlib.suppress(Exception):
                    await connection.disconnect()
            await asyncio.sleep(pause)
            pause = min(pause * 2, 2.0)

    async def _take(self, response):
        if (
            not isinstance(response, list)
            or len(response) < 3
            or not isinstance(response[1], bytes)
        ):
            return
        kind, name = response[0], response[1].decode()
        if kind == b"subscribe":
            for future in self.confirming.pop(name, []):
                if not future.done():
                    future.set_result(None)
            return
        if kind != b"message":
            return
        route = self.routes.get(name)
        if route is None:
            return  # left between publish and delivery
        try:
            message = self.layer.deserialize(response[2])
        except Exception:  # noqa: BLE001 - not ours, or a key we no longer have
            logger.warning("A channel layer message could not be read; dropped")
            return
        what, target = route
        if what == DIRECT:
            channels = [message.pop("__asgi_channel__", None)]
        elif what == GROUP:
            channels = list(self.groups.get(target, ()))
        else:
            channels = [target]
        for number, channel in enumerate(channels, start=1):
            self._put(channel, message)
            if number % self.layer.WAKE_AT_ONCE == 0:
                # Let the woken consumers run and replies be read before
                # waking the next ones: a chat message arriving meanwhile
                # waits for one batch, not for all of them.
                await asyncio.sleep(self.layer.BATCH_PAUSE)

    def _put(self, channel, message):
        queue = self.queues.get(channel)
        if queue is None:
            return  # its consumer has ended
        if queue.qsize() >= self.layer.capacity:
            # A consumer that stopped reading: its hints are dropped, the
            # rest of the process goes on.
            now = time.monotonic()
            if now - self.full_warned_at > 60:
                self.full_warned_at = now
                logger.warning("A consumer's channel is full; hints to it are dropped")
            return
        queue.put_nowait(message)

    # Consumers

    def queue(self, channel):
        queue = self.queues.get(channel)
        if queue is None:
            queue = self.queues[channel] = asyncio.Queue()
        return queue

    async def join(self, group, channel):
        self.groups.setdefault(group, set()).add(channel)
        self.memberships.setdefault(channel, set()).add(group)
        await self.want(self.layer.group_name(group), (GROUP, group))

    async def leave(self, group, channel):
        members = self.groups.get(group)
        if not members or channel not in members:
            return
        members.discard(channel)
        self.memberships.get(channel, set()).discard(group)
        if not members:
            del self.groups[group]
            await self.unwant(self.layer.group_name(group))

    async def forget(self, channel):
        """A consumer has ended: its queue goes, and so does its place in
        every group it had not left itself."""
        self.queues.pop(channel, None)
        if "!" not in channel:
            await self.unwant(self.layer.subscription(NAMED, channel))
        for group in list(self.memberships.get(channel, ())):
            await self.leave(group, channel)
        self.memberships.pop(channel, None)

    async def close(self):
        if self.reader is not None and not self.reader.done():
            self.reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.reader
        with contextlib.suppress(Exception):
            await self.publisher.aclose(close_connection_pool=True)


class PubSubChannelLayer(BaseChannelLayer):
    """Channels' layer API over Redis publish/subscribe (see the module)."""

    extensions = ["groups", "flush"]

    # Consumers woken by one message before others get a turn, and the pause
    # between batches: long enough for replies from Redis, PostgreSQL and
    # worker threads to be taken in. A chat message sent while the line
    # moved for 2,000 watchers was acked in 215 ms with a bare yield, in
    # 89 ms with this pause, and batches of 20 did better than 100
    # (bench/chat.py).
    WAKE_AT_ONCE = 20
    BATCH_PAUSE = 0.005
    # How long group_add waits for Redis to confirm a subscription.
    CONFIRM_SECONDS = 5

    def __init__(
        self,
        hosts=None,
        prefix="asgi",
        capacity=100,
        expiry=60,
        symmetric_encryption_keys=None,
        serializer_format="msgpack",
    ):
        super().__init__(expiry=expiry, capacity=capacity)
        self.host = decode_hosts(hosts)[0]
        self.prefix = f"{prefix}:"
        self._serializer = registry.get_serializer(
            serializer_format, symmetric_encryption_keys=symmetric_encryption_keys
        )
        self._hubs = weakref.WeakKeyDictionary()  # event loop -> _Hub

    # Redis

    def _pool_options(self):
        options = dict(self.host)
        address = options.pop("address")
        # Reads on the subscriber connection wait for as long as it takes.
        options.setdefault("socket_timeout", None)
        return address, options

    def make_pool(self):
        address, options = self._pool_options()
        return redis.asyncio.ConnectionPool.from_url(address, **options)

    def make_subscriber(self):
        """A connection of its own for the subscriber, outside any pool;
        RESP2, where a published message is a plain reply."""
        address, options = self._pool_options()
        options.pop("max_connections", None)
        # A connection that died without a word is noticed by the kernel.
        options.setdefault("socket_keepalive", True)
        pool = redis.asyncio.ConnectionPool.from_url(address, protocol=2, **options)
        return pool.make_connection()

    def subscription(self, kind, name):
        """The Redis channel for a group, a process's own channels (DIRECT,
        by its hub's id) or a named channel."""
        return f"{self.prefix}{kind}.{name}"

    def group_name(self, group):
        return self.subscription(GROUP, group)

    def serialize(self, message):
        return self._serializer.serialize(message)

    def deserialize(self, data):
        return self._serializer.deserialize(data)

    def hub(self):
        """This event loop's state, made on first use; closed with the loop."""
        loop = asyncio.get_running_loop()
        hub = self._hubs.get(loop)
        if hub is None:
            hub = self._hubs[loop] = _Hub(self)
            _close_with(loop, self)
        return hub

    async def _publish(self, name, message):
        try:
            await self.hub().publisher.publish(name, self.serialize(message))
        except UNREACHABLE as error:
            warn_unreachable("send", error)

    # Channels' layer API

    async def new_channel(self, prefix="specific."):
        hub = self.hub()
        channel = f"{prefix}{hub.id}!{uuid.uuid4().hex}"
        hub.queue(channel)
        await hub.want(hub.direct_name, (DIRECT, None))
        return channel

    async def send(self, channel, message):
        assert isinstance(message, dict), "message is not a dict"
        assert self.require_valid_channel_name(channel), "Channel name not valid"
        if "!" in channel:
            hub_id = channel.partition("!")[0][-32:]
            await self._publish(
                self.subscription(DIRECT, hub_id),
                {**message, "__asgi_channel__": channel},
            )
        else:
            await self._publish(self.subscription(NAMED, channel), message)

    async def receive(self, channel):
        assert self.require_valid_channel_name(channel), "Channel name not valid"
        hub = self.hub()
        queue = hub.queue(channel)
        if "!" not in channel:
            await hub.want(self.subscription(NAMED, channel), (NAMED, channel))
        try:
            return await queue.get()
        except asyncio.CancelledError:
            # Channels cancels the receive when its consumer ends.
            await asyncio.shield(hub.forget(channel))
            raise

    async def group_add(self, group, channel):
        assert self.require_valid_group_name(group), "Group name not valid"
        assert self.require_valid_channel_name(channel), "Channel name not valid"
        await self.hub().join(group, channel)

    async def group_discard(self, group, channel):
        assert self.require_valid_group_name(group), "Group name not valid"
        await self.hub().leave(group, channel)

    async def group_send(self, group, message):
        assert self.require_valid_group_name(group), "Group name not valid"
        await self._publish(self.group_name(group), message)

    async def flush(self):
        loop = asyncio.get_running_loop()
        hub = self._hubs.pop(loop, None)
        if hub is not None:
            await hub.close()

    async def close_pools(self):
        await self.flush()


def _close_with(loop, layer):
    """Close the loop's hub when the loop closes (async_to_sync makes a loop
    per call in a thread without one)."""
    original = loop.close

    def close(self, *args, **kwargs):
        hub = layer._hubs.pop(loop, None)
        if hub is not None and not loop.is_running():
            with contextlib.suppress(Exception):
                loop.run_until_complete(hub.close())
        self.close = original
        return original(*args, **kwargs)

    loop.close = types.MethodType(close, loop)
