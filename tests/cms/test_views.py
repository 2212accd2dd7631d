"""Reading guidance: the hub with its filters, guidance pages, behaviour cards."""

import pytest

from tests.cms.factories import BehaviourCardFactory, GuidancePageFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(hub):
    energy = TopicFactory(name="Energie", slug="energie")
    privacy = TopicFactory(name="Privacy", slug="privacy")
    pages = {
        "energy_employee": GuidancePageFactory(
            parent=hub,
            title="Energie verdelen",
            for_supervisor=False,
            for_employee=True,
            topics=[energy],
        ),
        "energy_supervisor": GuidancePageFactory(
            parent=hub, title="Energie bij je team", topics=[energy]
        ),
        "privacy": GuidancePageFactory(
            parent=hub, title="Wat mag je vragen", for_employer=True, topics=[privacy]
        ),
    }
    return {"energy": energy, "privacy": privacy, **pages}


def titles(response):
    return {
        title
        for title in ("Energie verdelen", "Energie bij je team", "Wat mag je vragen")
        if title in response.content.decode()
    }


def test_hub_lists_all_guidance(client, hub, library):
    response = client.get(hub.url)
    assert titles(response) == {
        "Energie verdelen",
        "Energie bij je team",
        "Wat mag je vragen",
    }
    assert "3 pagina's gevonden" in response.content.decode()


def test_hub_filters_by_topic_and_audience(client, hub, library):
    assert titles(client.get(hub.url + "?onderwerp=energie")) == {
        "Energie verdelen",
        "Energie bij je team",
    }
    assert titles(client.get(hub.url + "?voor=employee")) == {"Energie verdelen"}
    assert titles(client.get(hub.url + "?onderwerp=energie&voor=supervisor")) == {
        "Energie bij je team"
    }


def test_hub_ignores_unknown_filters_and_says_when_nothing_matches(
    client, hub, library
):
    assert len(titles(client.get(hub.url + "?onderwerp=bestaat-niet&voor=kat"))) == 3
    response = client.get(hub.url + "?onderwerp=privacy&voor=employee")
    assert titles(response) == set()
    assert "Niets gevonden bij deze keuze" in response.content.decode()


def test_hub_pages_long_lists(client, hub):
    for number in range(14):
        GuidancePageFactory(parent=hub, title=f"Pagina {number:02d}")
    first = client.get(hub.url).content.decode()
    assert "Pagina 1 van 2" in first
    assert "Pagina 2 van 2" in client.get(hub.url + "?pagina=2").content.decode()


def test_guidance_page_shows_summary_meta_topics_and_cards(client, hub, site_tree):
    card = BehaviourCardFactory(behaviour="Snel afgeleid", slug="snel-afgeleid")
    topic = TopicFactory(name="Energie", slug="energie")
    page = GuidancePageFactory(parent=hub, title="Energie verdelen", topics=[topic])
    page.behaviour_cards.add(card)
    page.save_revision().publish()
    content = client.get(page.url).content.decode()
    assert "Energie verdelen" in content
    assert "Een korte samenvatting." in content
    assert "Voor: Werkleider" in content or "Voor: werkleider" in content.lower()
    assert "1 minuut lezen" in content
    assert "Gecontroleerd op 1 oktober 2026" in content
    assert f'href="{site_tree["cards"].url}snel-afgeleid/"' in content
    assert "Had je hier iets aan?" in content


def test_behaviour_cards_have_an_index_and_a_page_each(client, hub, site_tree):
    card = BehaviourCardFactory(behaviour="Bang om te falen", slug="bang-om-te-falen")
    linked = GuidancePageFactory(parent=hub, title="Kijk naar gedrag")
    linked.behaviour_cards.add(card)
    linked.save_revision().publish()
    index = site_tree["cards"]
    assert "Bang om te falen" in client.get(index.url).content.decode()
    content = client.get(index.url + "bang-om-te-falen/").content.decode()
    for heading in (
        "Wat je kunt zien",
        "Wat erachter kan zitten",
        "Wat je kunt doen",
        "Wat je beter niet doet",
        "Kijk naar gedrag",
    ):
        assert heading in content
    assert client.get(index.url + "onbekend/").status_code == 404


def test_guidance_overdue_for_a_check_says_so(client, hub):
    import datetime

    old = GuidancePageFactory(parent=hub, last_reviewed=datetime.date(2024, 1, 10))
    fresh = GuidancePageFactory(parent=hub, last_reviewed=datetime.date.today())
    assert "een nieuwe controle staat gepland" in client.get(old.url).content.decode()
    assert (
        "een nieuwe controle staat gepland"
        not in client.get(fresh.url).content.decode()
    )
