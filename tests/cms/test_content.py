"""The guidance the portal ships with: complete, substantial, every page works."""

import io
import json
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils.html import escape, strip_tags

from cms.models import BehaviourCard, GuidancePage, HomePage, Topic, _texts

pytestmark = pytest.mark.django_db

CONTENT = Path(__file__).resolve().parents[2] / "cms" / "content"
REQUIRED_SUBJECTS = [
    "energie",
    "pesten",
    "ziekmelding",
    "vaak-kort",
    "gedrag",
    "privacy",
    "openheid",
    "onderschat",
    "aanpassingen",
    "plan",
    "grenzen",
    "terugkeer",
    "regelingen",
    "zorg",
    "sw-bedrijf",
    "twijfel",
]


@pytest.fixture(scope="module")
def documents():
    return [
        json.loads(path.read_text())
        for path in sorted((CONTENT / "guidance").glob("*.json"))
    ]


def test_at_least_sixteen_pages_covering_every_required_subject(documents):
    assert len(documents) >= 16
    slugs = " ".join(doc["slug"] for doc in documents)
    missing = [subject for subject in REQUIRED_SUBJECTS if subject not in slugs]
    assert not missing


@pytest.mark.parametrize("index", range(20))
def test_each_page_is_substantial(documents, index):
    doc = documents[index]
    types = Counter(block["type"] for block in doc["body"])
    words = sum(len(strip_tags(text).split()) for text in _texts(doc["body"]))
    assert len(doc["body"]) >= 6, doc["slug"]
    assert len(types) >= 4, doc["slug"]
    assert words >= 500, (doc["slug"], words)
    assert doc["audiences"] and doc["topics"] and doc["summary"]


def test_figures_name_their_source(documents):
    for doc in documents:
        text = " ".join(_texts(doc["body"]))
        if "%" in text or "UWV, 2015" in text:
            assert "bron" in text.lower() or "UWV" in text, doc["slug"]


def test_loading_builds_the_published_tree(loaded):
    home = HomePage.objects.get(locale__language_code="nl")
    assert home.live and len(home.routes) == 3
    assert GuidancePage.objects.live().count() >= 16
    assert BehaviourCard.objects.count() >= 6
    assert Topic.objects.count() >= 10
    for page in GuidancePage.objects.all():
        assert page.topics.exists(), page.slug
        assert {t.locale_id for t in page.topics.all()} == {page.locale_id}, page.slug
        assert page.reading_minutes >= 3, page.slug


def test_every_shipped_page_renders(client, loaded):
    """In each language the reader's page is the one in that language."""
    pages = list(GuidancePage.objects.live().select_related("locale"))
    assert {page.locale.language_code for page in pages} == {"nl", "en"}
    for page in pages:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = page.locale.language_code
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        html = response.content.decode()
        assert escape(page.title) in html
        assert f'<html lang="{page.locale.language_code}">' in html
    for card in BehaviourCard.objects.select_related("locale"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = card.locale.language_code
        response = client.get(f"/gedrag/{card.slug}/")
        assert response.status_code == 200
        assert escape(card.behaviour) in response.content.decode()
    assert client.get("/").status_code == 200


def test_loading_twice_keeps_editors_changes(loaded):
    page = GuidancePage.objects.get(locale__language_code="nl", slug="de-ziekmelding")
    page.title = "Aangepast door de redactie"
    page.save_revision().publish()
    call_command("load_initial_data", stdout=io.StringIO())
    assert (
        GuidancePage.objects.get(
            locale__language_code="nl", slug="de-ziekmelding"
        ).title
        == "Aangepast door de redactie"
    )
    # One page per language, none made twice.
    assert sorted(
        GuidancePage.objects.filter(slug="de-ziekmelding").values_list(
            "locale__language_code", flat=True
        )
    ) == ["en", "nl"]
