"""Reading help in a real browser: read aloud with the browser's speech
(stubbed at the Web Speech API only: the page's own script runs as it
would for a reader), easy language remembered, and guidance in English."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser

GUIDANCE = "/informatie/de-ziekmelding/"

# A stand-in for window.speechSynthesis that records what it is asked to
# say. A sentence ends when the test says so (window.__speech.finish()).
SPEECH = """
(() => {
  const record = { spoken: [], paused: false, cancelled: 0 };
  const voices = [
    { name: "Xander", lang: "nl-NL", localService: true, default: true },
    { name: "Daniel", lang: "en-GB", localService: true, default: false },
    { name: "Online Nederlands", lang: "nl-NL", localService: false, default: false },
  ];
  const synth = {
    current: null,
    getVoices() { return voices; },
    speak(utterance) {
      record.spoken.push({
        text: utterance.text,
        lang: utterance.lang,
        voice: utterance.voice ? utterance.voice.name : null,
      });
      this.current = utterance;
    },
    pause() { record.paused = true; },
    resume() { record.paused = false; },
    cancel() { record.cancelled += 1; this.current = null; },
    addEventListener() {},
  };
  record.finish = () => {
    const utterance = synth.current;
    synth.current = null;
    if (utterance && utterance.onend) utterance.onend({});
  };
  class Utterance { constructor(text) { this.text = text; this.lang = ""; this.voice = null; } }
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
  window.SpeechSynthesisUtterance = Utterance;
  window.__speech = record;
})();
"""

NO_SPEECH = """
delete window.speechSynthesis;
Object.defineProperty(window, "speechSynthesis", { value: undefined, configurable: true });
"""

HIGHLIGHTED = """
() => {
  const marked = CSS.highlights.get("read-aloud");
  return marked ? [...marked][0].toString().trim() : null;
}
"""


def spoken(page):
    return page.evaluate("() => window.__speech.spoken")


def test_read_aloud_reads_sentence_by_sentence_with_a_local_voice(page):
    page.add_init_script(SPEECH)
    page.goto(GUIDANCE)
    title = page.get_by_role("heading", level=1).inner_text()
    play = page.get_by_role("button", name="Voorlezen")
    expect(play).to_be_visible()
    assert_accessible(page)

    # By keyboard only.
    play.focus()
    page.keyboard.press("Enter")
    first = spoken(page)[0]
    assert first == {"text": title, "lang": "nl-NL", "voice": "Xander"}
    assert page.evaluate(HIGHLIGHTED) == title
    pause = page.get_by_role("button", name="Pauze")
    expect(pause).to_be_focused()
    expect(
        page.get_by_role("status").filter(has_text="Voorlezen gestart")
    ).to_have_count(1)
    assert_accessible(page)

    page.evaluate("() => window.__speech.finish()")
    second = spoken(page)[1]["text"]
    assert second != title and page.evaluate(HIGHLIGHTED) == second

    page.keyboard.press("Enter")  # pause
    assert page.evaluate("() => window.__speech.paused") is True
    resume = page.get_by_role("button", name="Verder")
    expect(resume).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Enter")  # and on
    assert page.evaluate("() => window.__speech.paused") is False
    expect(page.get_by_role("button", name="Pauze")).to_have_attribute(
        "aria-pressed", "false"
    )

    page.keyboard.press("Escape")
    assert page.evaluate("() => window.__speech.cancelled") >= 1
    assert page.evaluate(HIGHLIGHTED) is None
    expect(play).to_be_focused()
    expect(page.get_by_role("button", name="Stop")).to_be_hidden()
    # Nothing was given to a voice that is not on this device.
    assert {item["voice"] for item in spoken(page)} == {"Xander"}


def test_without_speech_the_button_is_not_offered(page):
    page.add_init_script(NO_SPEECH)
    page.goto(GUIDANCE)
    expect(page.get_by_role("button", name="Eenvoudige taal")).to_be_visible()
    expect(page.get_by_role("button", name="Voorlezen")).to_be_hidden()


def test_easy_language_is_chosen_once_and_shown_first_everywhere(page):
    page.goto(GUIDANCE)
    summary = page.locator(".in-short")
    expect(summary.locator("summary")).to_have_text("In het kort, in eenvoudige taal")
    expect(summary.locator("li").first).to_be_hidden()

    choice = page.get_by_role("button", name="Eenvoudige taal")
    expect(choice).to_have_attribute("aria-pressed", "false")
    choice.click()
    expect(page.get_by_text("Eenvoudige taal staat aan")).to_be_visible()
    expect(page).to_have_url(f"{page.url.split('/informatie/')[0]}{GUIDANCE}")
    heading = page.get_by_role("heading", name="In het kort", exact=True)
    expect(heading).to_be_visible()
    expect(page.locator(".in-short li").first).to_be_visible()
    expect(page.locator(".in-short img").first).to_have_attribute(
        "alt", re.compile(r"\S+")
    )
    assert_accessible(page)

    # Another page: the choice is remembered.
    page.goto("/trainingen/energie-verdelen/")
    expect(page.get_by_role("heading", name="In het kort", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Eenvoudige taal")).to_have_attribute(
        "aria-pressed", "true"
    )


def test_an_english_guidance_page_reads_in_english(page):
    page.add_init_script(SPEECH)
    page.goto(GUIDANCE)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    title = page.get_by_role("heading", level=1)
    expect(title).to_contain_text("sick")
    assert page.url.endswith(GUIDANCE)  # the same page, now in English
    expect(page.get_by_role("button", name="Easy language")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Read aloud").click()
    assert spoken(page)[0] == {
        "text": title.inner_text(),
        "lang": "en-GB",
        "voice": "Daniel",
    }
    page.keyboard.press("Escape")
    # Back to Dutch, on the same page.
    page.get_by_role("button", name="Nederlands").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_contain_text("ziekmelding")


def test_an_employee_has_the_reading_help_on_her_own_pages(new_page):
    page = new_page()
    page.add_init_script(SPEECH)
    log_in(page, "medewerker@vandam.example")
    for url in ("/medewerker/", "/mijn-afspraken/", "/mijn-plan/", "/mijn-verzuim/"):
        page.goto(url)
        expect(page.locator("details.in-short")).to_be_visible()
        expect(page.get_by_role("button", name="Voorlezen")).to_be_visible()
        assert_accessible(page)
    page.get_by_role("button", name="Voorlezen").click()
    assert spoken(page)[0]["text"] == page.get_by_role("heading", level=1).inner_text()
