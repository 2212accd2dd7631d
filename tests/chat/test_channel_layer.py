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


async def test_messages_are_stored_encrypted(layer):
    import redis.asyncio as redis
    from django.conf import settings

    channel = await layer.new_channel()
    await layer.send(channel, {"type": "chat.hint", "body": "geheime-inhoud-123"})
    client = redis.from_url(settings.REDIS_URL)
    try:
        raw = b""
        for key in await client.keys(f"{layer.prefix}*"):
            if await client.type(key) == b"zset":
                raw += b"".join(await client.zrange(key, 0, -1))
        assert raw, "the message should be in Redis"
        assert b"geheime-inhoud-123" not in raw
    finally:
        await client.aclose()
    assert (await layer.receive(channel))["body"] == "geheime-inhoud-123"
    await layer.flush()
