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
    from modelsearch.backends.database.postgres.postgres import (
        PostgresSearchBackend,
    )
    from wagtail.search.backends import get_search_backend

    assert isinstance(get_search_backend(), PostgresSearchBackend)
    # Dutch stemming: "kleine" finds "klein".
    assert "De ziekmelding" in client.get(SEARCH, {"q": "kleine"}).content.decode()


def test_behaviour_cards_in_results_are_links(client, guidance, site_tree):
    from tests.cms.factories import BehaviourCardFactory

    card = BehaviourCardFactory(behaviour="Duwtje nodig", slug="duwtje-nodig")
    content = client.get(SEARCH, {"q": "duwtje"}).content.decode()
    assert f'<a href="{site_tree["cards"].url}{card.slug}/">Duwtje nodig</a>' in content


def test_a_nul_byte_or_a_huge_query_gets_a_clear_answer(client, guidance):
    # A NUL byte is refused at the gate, with a page that says why.
    response = client.get(SEARCH, {"q": "duw\x00tje"})
    assert response.status_code == 400
    assert "tekens die het portaal niet accepteert" in response.content.decode()
    # Other control characters are left out, and the reader is told.
    response = client.get(SEARCH, {"q": "duw\x07tje"})
    assert response.status_code == 200
    assert "tekens waarop je niet kunt zoeken" in response.content.decode()
    response = client.get(SEARCH, {"q": "duwtje" + "x" * 10_000})
    assert response.status_code == 200
    assert "Je zoekopdracht was erg lang" in response.content.decode()
    # An ordinary query gets neither note.
    content = client.get(SEARCH, {"q": "duwtje"}).content.decode()
    assert "erg lang" not in content and "niet kunt zoeken" not in content


@pytest.fixture
def dutch_and_english(hub):
    from wagtail.models import Locale

    GuidancePageFactory(
        parent=hub,
        title="Werkafspraak maken",
        body=[{"type": "text", "value": "<p>Leg elke afspraak vast.</p>"}],
    )
    GuidancePageFactory(
        parent=hub,
        title="De melding",
        body=[{"type": "text", "value": "<p>Bij een ziekmelding bel je terug.</p>"}],
    )
    english = Locale.objects.get_or_create(language_code="en")[0]
    english_hub = hub.copy_for_translation(english, copy_parents=True)
    english_hub.save_revision().publish()
    GuidancePageFactory(
        parent=english_hub,
        title="Making a work agreement",
        body=[{"type": "text", "value": "<p>Write down every agreement.</p>"}],
    )


@pytest.mark.postgres
def test_dutch_word_forms_find_each_other_on_postgres(client, dutch_and_english):
    client.cookies["werkbehoud_language"] = "nl"
    assert (
        "Werkafspraak maken" in client.get(SEARCH, {"q": "afspraken"}).content.decode()
    )
    assert "De melding" in client.get(SEARCH, {"q": "ziekmeldingen"}).content.decode()
    # English pages are not in a Dutch reader's results.
    assert "Making a work agreement" not in (
        client.get(SEARCH, {"q": "agreement"}).content.decode()
    )


@pytest.mark.postgres
def test_english_word_forms_find_each_other_on_postgres(client, dutch_and_english):
    client.cookies["werkbehoud_language"] = "en"
    content = client.get(SEARCH, {"q": "agreements"}).content.decode()
    assert "Making a work agreement" in content
    assert "Werkafspraak maken" not in content
