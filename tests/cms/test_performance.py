"""Guidance pages and the hub make a bounded number of queries, and are cached
until something is published."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cms.factories import BehaviourCardFactory, GuidancePageFactory, TopicFactory

pytestmark = pytest.mark.django_db


def build(hub, size):
    topics = TopicFactory.create_batch(size)
    cards = BehaviourCardFactory.create_batch(size)
    others = [GuidancePageFactory(parent=hub, topics=topics) for _ in range(size)]
    page = GuidancePageFactory(
        parent=hub,
        title="Onder de loep",
        body=[
            {"type": "text", "value": "<p>Tekst</p>"},
            {
                "type": "related",
                "value": {"heading": "Lees ook", "pages": [p.pk for p in others]},
            },
            {
                "type": "action",
                "value": {"action": "my_team", "label": "Team", "text": ""},
            },
        ],
    )
    page.topics.set(topics)
    page.behaviour_cards.set(cards)
    page.save_revision().publish()
    return page


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("size", [2, 20])
def test_guidance_page_queries_do_not_grow_with_content(client, hub, size):
    page = build(hub, size)
    # A process that has served a page before (content types known), with
    # every cached fragment and page gone, as after publishing.
    client.get(page.url)
    cache.clear()
    cold = count_queries(client, page.url)
    warm = count_queries(client, page.url)
    # Two more than before localisation: the reader's locale and the home
    # page in that language, which Wagtail looks up to route.
    assert cold <= 16, cold
    # The whole page comes from the cache for a reader without an account.
    assert warm == 0, warm


@pytest.mark.parametrize("size", [2, 20])
def test_hub_queries_do_not_grow_with_content(client, hub, size):
    # A process that has served a page before (content types known: the
    # very first page of a process makes two more queries), then the
    # content is published, which empties the cached pages.
    client.get(hub.url)
    build(hub, size)
    assert count_queries(client, hub.url) <= 12
    assert count_queries(client, hub.url + "?voor=supervisor") <= 12


def test_the_cache_is_cleared_when_a_page_is_published(client, hub):
    page = GuidancePageFactory(
        parent=hub,
        title="Versie een",
        body=[{"type": "text", "value": "<p>Oude tekst</p>"}],
    )
    assert "Oude tekst" in client.get(page.url).content.decode()
    assert "Oude tekst" in client.get(page.url).content.decode()  # from the cache
    page.body = [{"type": "text", "value": "<p>Nieuwe tekst</p>"}]
    page.save_revision().publish()
    content = client.get(page.url).content.decode()
    assert "Nieuwe tekst" in content and "Oude tekst" not in content


def test_the_hub_shows_a_new_page_after_publishing(client, hub):
    GuidancePageFactory(parent=hub, title="Eerste pagina")
    assert "Eerste pagina" in client.get(hub.url).content.decode()
    GuidancePageFactory(parent=hub, title="Tweede pagina")
    assert "Tweede pagina" in client.get(hub.url).content.decode()


def test_changing_a_topic_name_shows_everywhere(client, hub):
    topic = TopicFactory(name="Oude naam")
    page = GuidancePageFactory(parent=hub, topics=[topic])
    assert "Oude naam" in client.get(page.url).content.decode()
    topic.name = "Nieuwe naam"
    topic.save()
    assert "Nieuwe naam" in client.get(page.url).content.decode()
