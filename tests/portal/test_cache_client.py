"""The Redis cache is shared per process: Django makes a cache object per
thread and per async context (so per chat socket), and each of them used to
open its own pool and connections and build a redis-py client per call."""

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor

import pytest
from asgiref.sync import sync_to_async
from django.core.cache import caches

from portal.resilience import ResilientRedisCache

pytestmark = pytest.mark.redis

REDIS_URL = os.environ.get("REDIS_URL", "")


def make_cache():
    return ResilientRedisCache(
        REDIS_URL, {"KEY_PREFIX": "test-shared-client", "OPTIONS": {}}
    )


@pytest.fixture
def redis_url():
    if not REDIS_URL:
        pytest.skip("needs REDIS_URL")
    return REDIS_URL


def test_cache_objects_of_many_threads_share_one_client_and_pool(redis_url):
    caches = [make_cache() for _ in range(50)]

    def use(cache):
        cache.set("key", "value")
        assert cache.get("key") == "value"
        return id(cache._cache), id(cache._cache.get_client(write=True))

    with ThreadPoolExecutor(8) as pool:
        used = set(pool.map(use, caches))
    assert len(used) == 1
    client = caches[0]._cache.get_client(write=True)
    # Eight threads at most ever needed a connection at the same time.
    assert len(client.connection_pool._available_connections) <= 8


async def test_a_hundred_sockets_do_not_open_a_hundred_connections(redis_url, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.resilience.ResilientRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "test-hundred-sockets",
        }
    }
    clients = set()

    @sync_to_async(thread_sensitive=False)
    def read():
        # Django's cache handler: one cache object per thread and context.
        clients.add(id(caches["default"]._cache))
        return caches["default"].get("missing")

    async def socket():
        # Each task has its own async context, as each consumer has.
        for _ in range(3):
            await read()

    await asyncio.gather(*(socket() for _ in range(100)))
    assert len(clients) == 1
    pool = caches["default"]._cache.get_client().connection_pool
    assert pool._created_connections <= 20


def test_a_counter_counts_in_one_round_trip_and_expires(redis_url):
    cache = make_cache()
    cache.delete("counter")
    client = cache._cache.get_client(write=True)
    sent = []
    original = client.connection_pool.get_connection

    def counting(*args, **kwargs):
        sent.append(args)
        return original(*args, **kwargs)

    client.connection_pool.get_connection = counting
    try:
        assert [cache.count("counter", 30) for _ in range(3)] == [1, 2, 3]
    finally:
        client.connection_pool.get_connection = original
    # One connection taken (one pipeline) per count.
    assert len(sent) == 3
    key = cache.make_and_validate_key("counter")
    assert 0 < client.ttl(key) <= 30
    # The value reads back through the cache as the number it is.
    assert cache.get("counter") == 3


def test_a_counter_lets_people_through_while_redis_is_down():
    cache = ResilientRedisCache(
        "redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}}
    )
    assert cache.count("counter", 30) is None


async def test_a_read_on_the_event_loop_needs_no_worker_thread(redis_url, monkeypatch):
    """Every chat frame checks its session in the cache: that read happens
    on the event loop, not in a worker thread behind other sockets' work."""
    cache = make_cache()
    cache.set("session-like", {"_auth_user_id": "7"})

    def no_threads(*args, **kwargs):
        raise AssertionError("the synchronous client was used")

    monkeypatch.setattr(cache, "get", no_threads)
    assert await cache.aget("session-like") == {"_auth_user_id": "7"}
    assert await cache.aget("missing", "default") == "default"


async def test_a_read_on_the_event_loop_answers_default_while_redis_is_down():
    cache = ResilientRedisCache(
        "redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}}
    )
    assert await cache.aget("key", "default") == "default"
