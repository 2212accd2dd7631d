"""Guidance in Dutch and English: one tree per language at the same address,
a language switch that keeps the page, and Dutch where no translation is."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.html import escape

from cms.models import (
    BehaviourCard,
    GuidancePage,
    HelpSource,
    Topic,
    TrainingPage,
)
from cms.pictograms import NAMES
from cms.readability import measure
from tests.cms.test_readability import reader_texts

CONTENT = Path(__file__).resolve().parents[2] / "cms" / "content"
STATIC = Path(__file__).resolve().parents[2] / "static" / "pictograms"
ENGLISH = sorted(
    [*CONTENT.glob("en/guidance/*.json"), *CONTENT.glob("en/trainings/*.json")]
)


def read_as(client, language, url):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_everything_shipped_in_dutch_is_shipped_in_english(loaded):
    for model in (GuidancePage, TrainingPage, Topic, BehaviourCard, HelpSource):
        dutch = set(
            model.objects.filter(locale__language_code="nl").values_list(
                "translation_key", flat=True
            )
        )
        english = set(
            model.objects.filter(locale__language_code="en").values_list(
                "translation_key", flat=True
            )
        )
        assert dutch and dutch == english, model.__name__


def test_the_same_address_reads_in_the_readers_language(client, loaded):
    page = GuidancePage.objects.get(locale__language_code="nl", slug="de-ziekmelding")
    english = page.get_translation(
        page.locale.__class__.objects.get(language_code="en")
    )
    assert english.url == page.url
    dutch_html = read_as(client, "nl", page.url)
    english_html = read_as(client, "en", page.url)
    assert escape(page.title) in dutch_html and '<html lang="nl">' in dutch_html
    assert escape(english.title) in english_html and '<html lang="en">' in english_html
    assert escape(page.title) not in english_html
    # Topics and behaviour cards on the English page are the English ones.
    for topic in english.topics.all():
        assert topic.locale.language_code == "en"
        assert escape(topic.name) in english_html
    for card in english.behaviour_cards.all():
        assert escape(card.behaviour) in english_html


def test_the_language_switch_keeps_the_page(client, loaded):
    page = GuidancePage.objects.get(locale__language_code="nl", slug="grenzen-aangeven")
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": page.url}, follow=True
    )
    assert response.redirect_chain[-1][0] == page.url
    html = response.content.decode()
    english = GuidancePage.objects.get(
        locale__language_code="en", translation_key=page.translation_key
    )
    assert escape(english.title) in html
    assert "has not been translated yet" not in html


def test_a_page_without_a_translation_is_read_in_dutch_and_says_so(client, loaded):
    page = GuidancePage.objects.get(
        locale__language_code="nl", slug="vaak-kort-verzuim"
    )
    GuidancePage.objects.get(
        locale__language_code="en", translation_key=page.translation_key
    ).delete()
    html = read_as(client, "en", page.url)
    assert '<html lang="en">' in html
    assert "This page has not been translated yet" in html
    # The Dutch content is marked as Dutch for screen readers and speech.
    content = re.search(r'<div class="content" lang="nl">(.*)</main>', html, re.S)
    assert content and escape(page.title) in content.group(1)
    # A Dutch reader sees no note.
    assert "translated" not in read_as(client, "nl", page.url)


def test_hub_cards_help_and_trainings_read_in_english(client, loaded):
    html = read_as(client, "en", "/informatie/")
    assert "All information" in html
    for topic in Topic.objects.filter(locale__language_code="en"):
        assert escape(topic.name) in html
    html = read_as(client, "en", "/gedrag/")
    for card in BehaviourCard.objects.filter(locale__language_code="en"):
        assert escape(card.behaviour) in html
    for card in BehaviourCard.objects.filter(locale__language_code="nl"):
        assert f">{escape(card.behaviour)}<" not in html
    html = read_as(client, "en", "/hulp/")
    for source in HelpSource.objects.filter(locale__language_code="en"):
        assert escape(source.how_to_reach) in html
    training = TrainingPage.objects.get(
        locale__language_code="en", slug="energie-verdelen"
    )
    html = read_as(client, "en", f"{training.url}stap/1/")
    assert escape(training.steps[0].value["title"]) in html


def test_search_finds_pages_in_the_readers_language(client, loaded):
    html = read_as(client, "en", "/zoeken/?q=energy")
    english = GuidancePage.objects.get(
        locale__language_code="en", slug="energie-verdelen"
    )
    assert escape(english.title) in html
    for page in GuidancePage.objects.filter(locale__language_code="nl"):
        assert f">{escape(page.title)}<" not in html


@pytest.mark.parametrize("path", ENGLISH, ids=lambda path: path.stem)
def test_shipped_english_is_plain(path):
    """The English texts meet the same plain-language limits as the Dutch."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    result = measure(list(reader_texts(doc)))
    assert result.is_b1, (path.name, result.average_sentence, result.longest)


def test_english_files_have_the_structure_of_their_dutch_source():
    for path in CONTENT.glob("en/**/*.json"):
        dutch = json.loads(
            (CONTENT / path.relative_to(CONTENT / "en")).read_text(encoding="utf-8")
        )
        english = json.loads(path.read_text(encoding="utf-8"))
        assert shape(dutch) == shape(english), path.name


def shape(value, key=None):
    """The structure of a content file and its identifiers, without its text."""
    if isinstance(value, dict):
        return {k: shape(v, k) for k, v in value.items() if k != "in_short"}
    if isinstance(value, list):
        return [shape(item, key) for item in value]
    identifiers = {"slug", "type", "kind", "tool", "action", "page", "audience"}
    return value if key in identifiers or not isinstance(value, str) else str


def test_in_short_summaries_are_short_with_known_pictograms():
    files = [
        *CONTENT.glob("guidance/*.json"),
        *CONTENT.glob("trainings/*.json"),
        *CONTENT.glob("en/guidance/*.json"),
        *CONTENT.glob("en/trainings/*.json"),
    ]
    for path in files:
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert 3 <= len(doc["in_short"]) <= 5, path.name
        for item in doc["in_short"]:
            assert item["pictogram"] in NAMES, (path.name, item)
            assert len(item["text"].split()) <= 12, (path.name, item["text"])


def test_every_pictogram_is_a_plain_svg_under_an_open_licence():
    assert "CC0" in (STATIC / "LICENSE.md").read_text(encoding="utf-8")
    for name in NAMES:
        svg = (STATIC / f"{name}.svg").read_text(encoding="utf-8")
        assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
        assert not re.search(r"<script|href=|<style|on\w+=", svg), name


def test_pages_carry_their_easy_read_summary(client, loaded):
    for language in ("nl", "en"):
        page = GuidancePage.objects.get(
            locale__language_code=language, slug="de-ziekmelding"
        )
        html = read_as(client, language, page.url)
        # Folded under the introduction for most readers.
        summary = re.search(r'<details class="in-short">.*?</details>', html, re.S)
        for block in page.in_short:
            assert escape(block.value["text"]) in summary.group(0)
            assert (
                f"/static/pictograms/{block.value['pictogram']}.svg" in summary.group(0)
            )
        assert 'alt=""' not in summary.group(0)
        assert html.index('class="lead"') < summary.start()
        assert summary.end() < html.index('class="guidance-body"')


def test_easy_language_puts_the_summary_first_and_is_remembered(client, loaded):
    page = GuidancePage.objects.get(locale__language_code="nl", slug="de-ziekmelding")
    response = client.post(
        "/voorkeur/eenvoudige-taal/", {"eenvoudige_taal": "aan", "next": page.url}
    )
    assert response.status_code == 302 and response["Location"] == page.url
    html = client.get(page.url).content.decode()
    summary = re.search(r'<section class="in-short".*?</section>', html, re.S)
    assert summary and summary.start() < html.index('class="lead"')
    assert '<details class="in-short">' not in html
    assert 'aria-pressed="true">Eenvoudige taal' in html
    # Off again: folded again.
    client.post("/voorkeur/eenvoudige-taal/", {"eenvoudige_taal": "uit", "next": "/"})
    assert '<details class="in-short">' in client.get(page.url).content.decode()


def test_easy_language_is_kept_on_the_account(client, loaded, team):
    user = team["user"]
    client.force_login(user)
    client.post("/voorkeur/eenvoudige-taal/", {"eenvoudige_taal": "aan"})
    user.refresh_from_db()
    assert user.easy_read
    # Another browser, the same person: the choice comes along.
    other = client.__class__()
    other.force_login(user)
    html = other.get("/mijn-plan/").content.decode()
    assert '<section class="in-short"' in html


def test_a_return_address_elsewhere_is_not_followed(client, loaded):
    response = client.post(
        "/voorkeur/eenvoudige-taal/",
        {"eenvoudige_taal": "aan", "next": "https://example.org/"},
    )
    assert response["Location"] == "/"


@pytest.mark.parametrize(
    "url", ["/medewerker/", "/mijn-afspraken/", "/mijn-plan/", "/mijn-verzuim/"]
)
def test_the_employees_own_pages_open_with_a_summary(client, team, url):
    client.force_login(team["user"])
    html = client.get(url).content.decode()
    summary = re.search(r'<details class="in-short">.*?</details>', html, re.S)
    assert summary, url
    assert html.index("<h1") < summary.start() < html.index('class="lead"')
    assert summary.group(0).count("<li>") >= 4
    assert "/static/pictograms/" in summary.group(0)
    # And every one of them can be read aloud.
    assert "data-read-aloud-play" in html
