"""Where to find more help, and the crisis numbers wherever suicidal
thoughts come up."""

import json
import re
from pathlib import Path

import pytest
from django.utils.html import escape

from cms.blocks import PORTAL_ACTIONS, action_url
from cms.models import (
    BehaviourCard,
    CannedAnswer,
    GuidancePage,
    HelpPage,
    HelpSource,
    TopicHubPage,
    TrainingPage,
)
from cms.signposting import mentions_suicidal_thoughts, needs_crisis_numbers
from tests.cms.factories import GuidancePageFactory

pytestmark = pytest.mark.django_db

CONTENT = Path(__file__).resolve().parents[2] / "cms" / "content"
REQUIRED_HELP = [
    "bedrijfsarts",
    "vertrouwenspersoon",
    "sociaal werk",
    "huisarts",
    "vakbond",
    "juridisch loket",
    "ervaringsdeskundigen",
    "113",
    "112",
]


def test_the_help_page_names_every_kind_of_help_with_how_to_reach_it(client, loaded):
    page = HelpPage.objects.get(locale__language_code="nl")
    html = client.get(page.url).content.decode()
    text = html.lower()
    for name in REQUIRED_HELP:
        assert name in text, name
    for source in HelpSource.objects.filter(locale__language_code="nl"):
        assert escape(source.how_to_reach) in html
    # The crisis numbers come first, as links that dial.
    assert html.index("0800-0113") < html.index("De bedrijfsarts")
    assert 'href="tel:08000113"' in html and 'href="tel:112"' in html


def test_the_help_page_is_in_the_menu_of_the_employee_home(client, team, loaded):
    client.force_login(team["user"])
    html = client.get("/medewerker/").content.decode()
    assert f'href="{HelpPage.objects.get(locale__language_code="nl").url}"' in html
    assert "0800-0113" in html and "tel:112" in html


def test_a_chat_canned_answer_leads_to_the_help_page(loaded):
    answer = CannedAnswer.objects.get(title="Meer hulp vinden")
    assert answer.page.specific_class is HelpPage
    assert "0800-0113" in answer.text and "112" in answer.text


def test_the_signposting_block_shows_the_chosen_kinds(client, loaded):
    page = GuidancePageFactory(
        parent=TopicHubPage.objects.get(locale__language_code="nl"),
        body=[
            {
                "type": "signposting",
                "value": {"heading": "Meer hulp", "intro": "", "kinds": ["rights"]},
            }
        ],
    )
    html = client.get(page.url).content.decode()
    assert "Het Juridisch Loket" in html
    assert "Je huisarts" not in html
    assert HelpPage.objects.get(locale__language_code="nl").url in html


def test_shipped_guidance_points_to_help(client, loaded):
    page = GuidancePage.objects.get(
        locale__language_code="nl", slug="pesten-en-sociale-veiligheid"
    )
    html = client.get(page.url).content.decode()
    assert "De vertrouwenspersoon" in html and "Het Juridisch Loket" in html
    assert "Je huisarts" not in html


def test_the_words_that_mean_suicidal_thoughts():
    for text in (
        "Hij zegt niet meer te willen leven.",
        "Denk je aan zelfdoding?",
        "gedachten aan zelfmoord",
        "She wants to end her life.",
    ):
        assert mentions_suicidal_thoughts([text]), text
    assert not mentions_suicidal_thoughts(["Iemand is moe en wil naar huis."])
    assert not needs_crisis_numbers(["Zelfdoding? Bel 0800-0113. Gevaar: 112."])
    assert needs_crisis_numbers(["Zelfdoding? Bel 112."])


def test_an_editor_who_forgets_the_numbers_still_gets_them_shown(client, site_tree):
    page = GuidancePageFactory(
        parent=site_tree["hub"],
        body=[{"type": "text", "value": "<p>Soms denkt iemand aan zelfdoding.</p>"}],
    )
    html = client.get(page.url).content.decode()
    assert "0800-0113" in html and 'href="tel:112"' in html
    plain = GuidancePageFactory(parent=site_tree["hub"])
    assert "0800-0113" not in client.get(plain.url).content.decode()


def test_every_shipped_page_that_talks_about_suicidal_thoughts_gives_113_and_112(
    client, loaded
):
    urls = [page.url for page in GuidancePage.objects.live()]
    urls += [
        f"{training.url}stap/{number}/"
        for training in TrainingPage.objects.live()
        for number in range(1, training.step_count + 1)
    ]
    urls += [f"/gedrag/{card.slug}/" for card in BehaviourCard.objects.all()]
    checked = 0
    for url in urls:
        html = client.get(url).content.decode()
        main = html.split('id="main"', 1)[1]
        if mentions_suicidal_thoughts([re.sub(r"<[^>]+>", " ", main)]):
            checked += 1
            assert "0800-0113" in main and "112" in main, url
    assert checked >= 3


# Phrases that promise the reader a part of the portal, and the portal
# actions (buttons) that keep the promise.
PROMISES = {
    r"\b(?:in|naar) je eigen plan|onder mijn plan": {"my_own_plan"},
    r"kun je [^.]*toegang geven|kies je zelf wie": {"my_consents", "my_own_plan"},
    r"(?:zet|bekijk)[^.]*in het portaal": {"my_adjustments", "my_team"},
}


def _actions(doc):
    found = set()
    for block in doc.get("body", []):
        if block["type"] == "action":
            found.add(block["value"]["action"])
    for step in doc.get("steps", []):
        for block in step["content"]:
            if block["type"] == "action":
                found.add(block["value"]["action"])
            if block["type"] == "exercise" and block["value"].get("tool"):
                found.add(block["value"]["tool"])
    return found


@pytest.mark.parametrize(
    "path",
    sorted([*CONTENT.glob("guidance/*.json"), *CONTENT.glob("trainings/*.json")]),
    ids=lambda path: path.name,
)
def test_a_page_that_promises_a_portal_feature_links_to_it(path):
    doc = json.loads(path.read_text(encoding="utf-8"))
    text = json.dumps(doc, ensure_ascii=False).lower()
    actions = _actions(doc)
    for promise, keepers in PROMISES.items():
        if re.search(promise, text):
            assert actions & keepers, (path.name, promise)
    if re.search(r"met één klik|met een klik", text):
        assert "energy_exercise" in actions, path.name
    for action in actions:
        assert action_url(action), (path.name, action)


def test_every_portal_action_an_editor_can_choose_exists():
    for code, _label in PORTAL_ACTIONS:
        assert action_url(code), code
