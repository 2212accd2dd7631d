"""A visitor searches, reads guidance, filters by topic and says whether it helped."""

import pytest

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_search_read_filter_and_feedback(page):
    page.goto("/")
    assert_accessible(page)
    page.get_by_label("Zoek in de informatie").fill("duwtje")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url("**/zoeken/?q=duwtje")
    assert_accessible(page)
    page.get_by_role(
        "link", name="De ziekmelding: wat vraag je wel en niet"
    ).first.click()
    page.wait_for_url("**/informatie/de-ziekmelding/")
    assert (
        page.get_by_role("heading", level=1).inner_text().startswith("De ziekmelding")
    )
    assert_accessible(page)

    page.get_by_text("Ja", exact=True).check()
    page.get_by_label("Wat kan beter?").fill("Heel duidelijk, dank je.")
    page.get_by_role("button", name="Versturen").click()
    assert page.get_by_text(
        "Bedankt! Met je antwoord maken we deze pagina beter."
    ).is_visible()

    page.goto("/informatie/")
    page.get_by_label("Onderwerp").select_option(label="Energie en balans")
    page.get_by_label("Voor").select_option(label="Medewerker")
    page.get_by_role("button", name="Toon").click()
    assert "onderwerp=energie" in page.url
    assert page.get_by_role(
        "link", name="Energie verdelen: wat geeft en wat kost je energie?"
    ).is_visible()
    assert not page.get_by_role(
        "link", name="Pesten en sociale veiligheid op de werkvloer"
    ).is_visible()
    assert_accessible(page)


def test_feedback_without_an_answer_is_explained(page):
    page.goto("/informatie/energie-verdelen/")
    page.get_by_role("button", name="Versturen").click()
    assert page.get_by_text("Kies ja of nee.").is_visible()


def test_behaviour_cards_and_a_nonsense_search(page):
    page.goto("/gedrag/")
    assert_accessible(page)
    page.get_by_role("link", name="Bang om te falen").click()
    assert page.get_by_role("heading", name="Wat je kunt doen").is_visible()
    assert_accessible(page)
    page.goto("/zoeken/?q=qqxxzz")
    assert page.get_by_text("Niets gevonden voor").is_visible()
    assert_accessible(page)
