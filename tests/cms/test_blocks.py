"""Every block renders with its own template."""

import pytest
from django.template.loader import get_template

from cms.blocks import GuidanceStreamBlock
from tests.cms.factories import GuidancePageFactory

pytestmark = pytest.mark.django_db

SAMPLES = {
    "text": ("<h2>Kop</h2><p>Gewone tekst.</p>", ["<h2>Kop</h2>", "Gewone tekst."]),
    "do_dont": (
        {"heading": "Bij ziekte", "do": ["Bel terug"], "dont": ["Vraag niet door"]},
        ["Bij ziekte", "Bel terug", "Vraag niet door", "Wel doen", "Niet doen"],
    ),
    "steps": (
        {
            "heading": "Stappen",
            "intro": "Zo doe je het.",
            "steps": [
                {"title": "Eerst", "text": "Luister."},
                {"title": "Dan", "text": ""},
            ],
        },
        ["<ol", "Eerst", "Luister.", "Dan"],
    ),
    "checklist": (
        {"heading": "Lijst", "items": ["Telefoon", "Duur"]},
        ["check-list", "Telefoon", "Duur"],
    ),
    "conversation_opener": (
        {
            "situation": "Iemand is stil.",
            "phrases": ["Hoe gaat het?"],
            "tip": "Neem de tijd.",
        },
        ["Wat je kunt zeggen", "Iemand is stil.", "Hoe gaat het?", "Neem de tijd."],
    ),
    "experience": (
        {"quote": "Rust hielp.", "role": "Medewerker groen"},
        ["<blockquote>", "Rust hielp.", "Medewerker groen"],
    ),
    "qa": (
        {"heading": "Vragen", "items": [{"question": "Mag dat?", "answer": "Ja."}]},
        ["<details>", "Mag dat?", "Ja."],
    ),
    "callout": (
        {"kind": "privacy", "title": "Let op", "text": "Geen diagnose."},
        ["callout-privacy", "Let op", "Geen diagnose."],
    ),
    "action": (
        {"action": "my_team", "label": "Naar je team", "text": "Bekijk je team."},
        # Without a reader who may take the step: what it is, not a button.
        ["action-elsewhere", "Naar je team", "Bekijk je team."],
    ),
}


@pytest.mark.parametrize("block_type", sorted(SAMPLES))
def test_block_renders_with_its_template(block_type):
    stream_block = GuidanceStreamBlock()
    block = stream_block.child_blocks[block_type]
    value, expected = SAMPLES[block_type]
    assert get_template(block.meta.template)
    html = block.render(block.to_python(value))
    for fragment in expected:
        assert fragment in html, (block_type, fragment, html)


def test_related_block_links_live_pages_only(hub):
    live = GuidancePageFactory(parent=hub, title="Levende pagina")
    draft = GuidancePageFactory(parent=hub, title="Concept", live=False)
    block = GuidanceStreamBlock().child_blocks["related"]
    html = block.render(
        block.to_python({"heading": "Lees ook", "pages": [live.pk, draft.pk]})
    )
    assert "Levende pagina" in html and live.url in html
    assert "Concept" not in html


def test_an_action_whose_part_of_the_portal_is_missing_renders_nothing(settings):
    settings.WERKBEHOUD_PORTAL_ACTIONS = {"start_chat": "no_such:view"}
    block = GuidanceStreamBlock().child_blocks["action"]
    html = block.render(
        block.to_python({"action": "start_chat", "label": "Chat", "text": ""})
    )
    assert html.strip() == ""


def test_every_block_type_has_a_sample():
    # "related" and "signposting" read the database: tested on their own
    # (here and in test_signposting.py).
    assert set(GuidanceStreamBlock().child_blocks) - {"related", "signposting"} == set(
        SAMPLES
    )
