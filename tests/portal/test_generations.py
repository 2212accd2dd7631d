"""Generation numbers (portal.generations): a lost number starts again at a
random one, so a value kept under the number before the loss never matches
again; the account facts, the figures and the published content share it."""

from django.core.cache import cache

from cms.cache import VERSION_KEY, bump_content_version, content_version
from portal import generations

KEY = "test.generation"


def test_a_generation_moves_on_by_one():
    start = generations.current(KEY)
    generations.move_on(KEY)
    assert generations.current(KEY) == start + 1


def test_a_lost_generation_does_not_start_again_where_it_was():
    """Twenty losses, twenty different starts, none of them the number
    before the loss or the 1 a plain restart would give."""
    seen = set()
    for _loss in range(20):
        before = generations.current(KEY)
        cache.delete(KEY)
        generations.move_on(KEY)
        after = cache.get(KEY)
        assert after not in (None, before, before + 1, 1)
        seen.add(after)
    assert len(seen) == 20


def test_the_content_version_after_a_loss_is_not_one_used_before():
    used = {content_version()}
    for _change in range(3):
        bump_content_version()
        used.add(content_version())
    cache.delete(VERSION_KEY)
    assert content_version() not in used


def test_a_move_missed_in_an_outage_is_made_when_the_cache_is_back(monkeypatch):
    """A change made while Redis could not be reached must not leave values
    kept before it looking current once Redis answers again."""
    before = generations.current(KEY)
    with monkeypatch.context() as outage:

        def unreachable(*args, **kwargs):
            raise ValueError("Redis unreachable")

        outage.setattr(cache, "incr", unreachable)
        outage.setattr(cache, "add", lambda *args, **kwargs: False)
        generations.move_on(KEY)
    assert cache.get(KEY) == before  # nothing could be moved
    assert generations.current(KEY) == before + 1  # the next use makes up for it
    assert generations.current(KEY) == before + 1  # and only once
