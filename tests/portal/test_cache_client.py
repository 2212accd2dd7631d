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
