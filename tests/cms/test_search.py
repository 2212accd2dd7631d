"""Search finds guidance by its words, helps on empty or nonsense queries, and counts."""

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from tests.cms.factories import GuidancePageFactory, TopicFactory

pytestmark = pytest.mark.django_db

SEARCH = "/zoeken/"


@pytest.fixture
def guidance(hub):
    topic = TopicFactory(name="Ziekmelding", slug="ziekmelding")
    page = GuidancePageFactory(
        parent=hub,
        title="De ziekmelding",
        summary="Wat je vraagt als iemand belt.",
        topics=[topic],
        body=[
            {
                "type": "text",
                "value": "<p>Soms helpt een klein duwtje om toch te komen.</p>",
            }
        ],
    )
    GuidancePageFactory(
        parent=hub,
        title="Energie verdelen",
        body=[{"type": "text", "value": "<p>Balans tussen werk en rust.</p>"}],
    )
    return page


def test_search_finds_a_page_by_a_word_in_its_body(client, guidance):
    content = client.get(SEARCH, {"q": "duwtje"}).content.decode()
    assert "De ziekmelding" in content
    assert "Wat je vraagt als iemand belt." in content
    assert "Ziekmelding</span>" in content  # its topic
    assert "Energie verdelen" not in content


def test_empty_query_gets_a_helpful_page(client, guidance):
    content = client.get(SEARCH, {"q": "   "}).content.decode()
    assert "Wat zoek je?" in content
    assert "?onderwerp=ziekmelding" in content


def test_nonsense_query_explains_and_offers_topics(client, guidance):
    content = client.get(SEARCH, {"q": "xqzzvbnm"}).content.decode()
    assert "Niets gevonden voor" in content
    assert "?onderwerp=ziekmelding" in content


def test_searches_are_counted_for_editors(client, guidance):
    client.get(SEARCH, {"q": "Duwtje"})
    client.get(SEARCH, {"q": "duwtje"})
    client.get(SEARCH, {"q": "duwtje", "pagina": "2"})
    assert Query.get("duwtje").hits == 2


def test_promoted_results_come_first(client, guidance, hub):
    other = GuidancePageFactory(parent=hub, title="Aanbevolen pagina")
    SearchPromotion.objects.create(
        query=Query.get("duwtje"),
        page=other,
        sort_order=0,
        description="Lees dit eerst.",
    )
    content = client.get(SEARCH, {"q": "duwtje"}).content.decode()
    assert content.index("Aanbevolen pagina") < content.index("De ziekmelding")


def test_a_very_long_query_is_cut_not_refused(client, guidance):
    assert client.get(SEARCH, {"q": "duwtje " * 100}).status_code == 200


@pytest.mark.postgres
def test_postgres_uses_its_full_text_search(client, guidance):
    from wagtail.search.backends import get_search_backend

    assert "postgres" in type(get_search_backend()).__module__
    assert "De ziekmelding" in client.get(SEARCH, {"q": "duwtjes"}).content.decode()
