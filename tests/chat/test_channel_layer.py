"""The Redis channel layer: long waits survive and messages are encrypted."""

import asyncio

import pytest
from channels.layers import get_channel_layer

pytestmark = [pytest.mark.redis]


@pytest.fixture
def layer():
    return get_channel_layer()


@pytest.mark.slow
async def test_a_receive_waiting_longer_than_five_seconds_survives(layer):
    """redis-py 8's default 5 s socket timeout would break this wait."""
    channel = await layer.new_channel()

    async def send_later():
        await asyncio.sleep(6.5)
        await layer.send(channel, {"type": "late.message", "n": 1})

    sender = asyncio.create_task(send_later())
    message = await asyncio.wait_for(layer.receive(channel), timeout=15)
    await sender
    assert message == {"type": "late.message", "n": 1}
    await layer.flush()


async def test_messages_pass_through_redis_encrypted(layer):
    import redis.asyncio as redis
    from django.conf import settings

    channel = await layer.new_channel()
    await layer.group_add("secret", channel)
    client = redis.from_url(settings.REDIS_URL)
    listener = client.pubsub()
    await listener.psubscribe(f"{layer.prefix}*")
    await listener.get_message(timeout=1)  # the subscription's confirmation
    try:
        await layer.group_send(
            "secret", {"type": "chat.hint", "body": "geheime-inhoud-123"}
        )
        published = await listener.get_message(timeout=5)
        assert published["type"] == "pmessage"
        assert published["data"], "the message should pass through Redis"
        assert b"geheime-inhoud-123" not in published["data"]
    finally:
        await listener.aclose()
        await client.aclose()
    assert (await layer.receive(channel))["body"] == "geheime-inhoud-123"
    await layer.flush()


async def test_a_group_send_is_one_publish_and_each_process_reads_it_once(layer):
    """Whatever the size of the group: one message in Redis, one read and
    one decryption per process, not per consumer."""
    channels = [await layer.new_channel() for _ in range(50)]
    for channel in channels:
        await layer.group_add("everyone", channel)
    read = []
    original = layer.deserialize
    layer.deserialize = lambda data: read.append(data) or original(data)
    await layer.group_send("everyone", {"type": "line.moved"})
    received = [await layer.receive(c) for c in channels]
    assert received == [{"type": "line.moved"}] * 50
    assert len(read) == 1
    await layer.flush()


async def test_one_hint_reaches_a_thousand_waiting_sockets_with_one_task_each(layer):
    """Each waiting consumer is one waiting task, not three: channels_redis
    let every waiter compete for a lock with two tasks of its own, so one
    hint to many sockets cost time quadratic in their number."""
    channels = [await layer.new_channel() for _ in range(1000)]
    for channel in channels:
        await layer.group_add("many", channel)
    before = len(asyncio.all_tasks())
    receivers = [asyncio.ensure_future(layer.receive(c)) for c in channels]
    await asyncio.sleep(0.1)
    # The receivers and nothing else: the reader of this process runs already.
    assert len(asyncio.all_tasks()) - before == 1000
    await layer.group_send("many", {"type": "line.moved", "n": 7})
    received = await asyncio.wait_for(asyncio.gather(*receivers), timeout=30)
    assert received == [{"type": "line.moved", "n": 7}] * 1000
    assert all(layer.hub().queues[c].empty() for c in channels)
    await layer.flush()


async def test_each_channel_gets_its_own_messages_in_order(layer):
    first, second = await layer.new_channel(), await layer.new_channel()
    for n in range(50):
        await layer.send(first, {"type": "m", "n": n})
        await layer.send(second, {"type": "m", "n": 100 + n})
    got_first = [(await layer.receive(first))["n"] for _ in range(50)]
    got_second = [(await layer.receive(second))["n"] for _ in range(50)]
    assert got_first == list(range(50))
    assert got_second == list(range(100, 150))
    await layer.flush()


async def test_a_consumer_that_ended_leaves_nothing_behind(layer):
    gone, alive = await layer.new_channel(), await layer.new_channel()
    for channel in (gone, alive):
        await layer.group_add("both", channel)
    waiting = asyncio.ensure_future(layer.receive(gone))
    await asyncio.sleep(0.1)
    waiting.cancel()
    await asyncio.sleep(0)
    await layer.group_send("both", {"type": "late"})
    assert await asyncio.wait_for(layer.receive(alive), timeout=5) == {"type": "late"}
    # The ended consumer's late message is dropped, not kept for nobody, and
    # it is no longer in the group it never left itself.
    hub = layer.hub()
    assert gone not in hub.queues
    assert hub.groups["both"] == {alive}
    assert gone not in hub.memberships
    await layer.flush()


async def test_the_last_consumer_to_leave_a_group_unsubscribes_the_process(layer):
    first, second = await layer.new_channel(), await layer.new_channel()
    await layer.group_add("pair", first)
    await layer.group_add("pair", second)
    hub = layer.hub()
    assert layer.group_name("pair") in hub.routes
    await layer.group_discard("pair", first)
    assert layer.group_name("pair") in hub.routes
    await layer.group_discard("pair", second)
    assert layer.group_name("pair") not in hub.routes
    assert "pair" not in hub.groups
    await layer.flush()


async def test_a_redis_restart_is_survived_by_resubscribing(layer):
    """The subscriber connection drops (as when Redis restarts): the reader
    connects again and subscribes to every group its consumers are in."""
    channel = await layer.new_channel()
    await layer.group_add("after-restart", channel)
    hub = layer.hub()
    old = hub.connection
    await old.disconnect()
    deadline = asyncio.get_running_loop().time() + 10
    while hub.connection in (None, old):
        assert asyncio.get_running_loop().time() < deadline, "did not reconnect"
        await asyncio.sleep(0.05)
    # What is published before the resubscription is confirmed may be lost
    # (it is a hint); from then on everything arrives.
    queue = hub.queues[channel]
    for _attempt in range(100):
        await layer.group_send("after-restart", {"type": "back"})
        await asyncio.sleep(0.1)
        if not queue.empty():
            break
    assert await layer.receive(channel) == {"type": "back"}
    await layer.flush()


async def test_a_hint_to_many_sockets_lets_others_run_in_between(layer):
    """The sockets a hint wakes run in batches, and the loop turns between
    batches: a chat message arriving while the line moves for thousands of
    waiting askers waits for one batch, not for all of them."""
    channels = [await layer.new_channel() for _ in range(1000)]
    for channel in channels:
        await layer.group_add("line", channel)
    events = []

    async def receive(channel):
        await layer.receive(channel)
        events.append("woken")

    async def ticker():
        while True:
            events.append("turn")
            await asyncio.sleep(0)

    receivers = [asyncio.ensure_future(receive(c)) for c in channels]
    await asyncio.sleep(0.1)
    ticking = asyncio.ensure_future(ticker())
    await layer.group_send("line", {"type": "line.moved"})
    await asyncio.wait_for(asyncio.gather(*receivers), timeout=30)
    ticking.cancel()
    first, last = events.index("woken"), len(events) - events[::-1].index("woken")
    turns_between = events[first:last].count("turn")
    assert turns_between >= 1000 // layer.WAKE_AT_ONCE - 1
    await layer.flush()


def test_hints_sent_without_an_event_loop_arrive_and_leave_no_connection(
    layer, monkeypatch
):
    """The worker and management commands send hints from plain threads:
    async_to_sync makes a loop per call, and the layer closes what it opened
    on that loop (its Redis connections) when the loop closes."""
    import threading

    from asgiref.sync import async_to_sync

    from portal import channel_layer

    closed = []
    close = channel_layer._Hub.close

    async def counted_close(hub):
        closed.append(hub)
        await close(hub)

    monkeypatch.setattr(channel_layer._Hub, "close", counted_close)
    received, ready = [], threading.Event()

    def listen():
        async def main():
            channel = await layer.new_channel()
            await layer.group_add("from-the-worker", channel)
            ready.set()
            for _ in range(3):
                received.append(await layer.receive(channel))

        asyncio.run(main())

    listener = threading.Thread(target=listen)
    listener.start()
    assert ready.wait(10)
    for number in range(3):
        async_to_sync(layer.group_send)("from-the-worker", {"type": "x", "n": number})
    listener.join(10)
    assert [message["n"] for message in received] == [0, 1, 2]
    # A hub for each send's loop and one for the listener's, each closed
    # with its loop, and none left behind.
    assert len(closed) == 4
    assert not layer._hubs


async def test_consumers_joining_a_group_at_once_each_wait_for_its_subscription(
    layer,
):
    """The second of two sockets joining the same group at the same moment
    (two tabs opening) returns only once the subscription is confirmed too,
    so a hint sent right after reaches both."""
    first, second = await layer.new_channel(), await layer.new_channel()
    joining = asyncio.ensure_future(layer.group_add("two-tabs", first))
    await asyncio.sleep(0)  # the first subscription is on its way
    await layer.group_add("two-tabs", second)
    # Confirmed by Redis before the second join returned.
    assert not layer.hub().confirming
    await joining
    await layer.group_send("two-tabs", {"type": "hello"})
    assert await asyncio.wait_for(layer.receive(first), 5) == {"type": "hello"}
    assert await asyncio.wait_for(layer.receive(second), 5) == {"type": "hello"}
    assert not layer.hub().confirming
    await layer.flush()
