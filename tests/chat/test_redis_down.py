"""Redis down is not a chat outage: sockets are accepted, messages stored
and acked from the database, sessions and rate limits do without Redis, and
the other side gets new messages through its heartbeat."""

import pytest
from asgiref.sync import sync_to_async
from channels.layers import channel_layers

from chat import services
from chat.models import Message
from portal.channel_layer import PubSubChannelLayer
from portal.resilience import ResilientRedisCache
from tests.chat.client import frames, open_socket, session_cookie

pytestmark = pytest.mark.django_db(transaction=True)

NOWHERE = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def redis_down(settings):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "portal.channel_layer.PubSubChannelLayer",
            "CONFIG": {
                "hosts": [{"address": NOWHERE, "socket_connect_timeout": 0.2}],
                "symmetric_encryption_keys": ["x" * 40],
            },
        }
    }
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.resilience.ResilientRedisCache",
            "LOCATION": NOWHERE,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    # Django's test signals rebuild the caches when CACHES changes.
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


def test_the_cache_answers_as_if_empty():
    cache = ResilientRedisCache(NOWHERE, {"OPTIONS": {"socket_connect_timeout": 0.2}})
    assert cache.get("key", "default") == "default"
    assert cache.add("key", 1) is False
    assert cache.set("key", 1) is None
    with pytest.raises(ValueError):
        cache.incr("key")


async def test_the_layer_drops_hints_instead_of_raising():
    layer = PubSubChannelLayer(
        hosts=[{"address": NOWHERE, "socket_connect_timeout": 0.2}]
    )
    channel = await layer.new_channel()
    assert await layer.group_add("g", channel) is None
    assert await layer.group_send("g", {"type": "x"}) is None
    assert await layer.group_discard("g", channel) is None


async def test_chatting_goes_on_while_redis_is_down(people, redis_down):
    conversation = await sync_to_async(services.start_conversation)(
        people["asker"], "Vraag"
    )
    await sync_to_async(services.claim)(conversation.pk, people["agent"])
    path = f"/ws/chat/{conversation.pk}/"
    asker, connected, _ = await open_socket(path, await session_cookie(people["asker"]))
    assert connected
    agent, connected, _ = await open_socket(path, await session_cookie(people["agent"]))
    assert connected
    for socket, streams in ((asker, ["public"]), (agent, ["public", "staff"])):
        await frames(socket, until="status")
        await socket.send_json_to({"type": "hello", "after": dict.fromkeys(streams, 0)})
        await frames(socket, until="synced")
    await asker.send_json_to({"type": "send", "client_id": "r-1", "body": "Nog daar?"})
    [ack] = [f for f in await frames(asker, until="ack") if f["type"] == "ack"]
    assert ack["seq"] == 3
    stored = await sync_to_async(
        lambda: Message.objects.filter(client_id="r-1").count()
    )()
    assert stored == 1
    # No hint could travel: the agent's heartbeat finds it.
    await agent.send_json_to({"type": "ping"})
    [pong] = [f for f in await frames(agent, until="pong") if f["type"] == "pong"]
    assert pong["latest"]["public"] == 3
    await agent.send_json_to({"type": "resume", "after": {"public": 2, "staff": 0}})
    shown = [f for f in await frames(agent, until="synced") if f["type"] == "message"]
    assert [f["body"] for f in shown] == ["Nog daar?"]
    await asker.disconnect()
    await agent.disconnect()
