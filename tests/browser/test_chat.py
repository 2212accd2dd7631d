"""A supervisor and a helpdesk agent chat live in two browsers; the supervisor
reloads in the middle and finds the whole conversation back."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser

QUESTION = "Hoe vaak mag ik bellen als iemand ziek thuis is?"
ANSWER = "Spreek samen af wanneer jullie elkaar spreken, bijvoorbeeld elke week."
NOTE = "Interne notitie: verwijzen naar de pagina over contact houden."


def test_supervisor_and_agent_chat_live(new_page):
    agent, asker = new_page(), new_page()
    log_in(agent, "vraagbaak@werkbehoud.example")
    expect(agent.get_by_role("heading", name="Vraagbaak", level=1)).to_be_visible()
    assert_accessible(agent)

    log_in(asker, "werkleider@delinde.example")
    asker.get_by_role("link", name="Vraag het de vraagbaak").click()
    assert_accessible(asker)
    asker.get_by_label("Waar gaat je vraag over?").select_option(
        label="Ziekmelding en verzuim"
    )
    asker.get_by_label("Je vraag:", exact=True).fill(QUESTION)
    asker.get_by_role("button", name="Mijn vraag stellen").click()
    expect(asker.get_by_text(QUESTION)).to_be_visible()
    expect(asker.locator("#chat-status")).to_contain_text(
        re.compile(r"nummer \d+ in de rij")
    )
    assert_accessible(asker)

    # The queue updates without a reload, and the title counts.
    row = agent.get_by_role("row", name=re.compile("Sandra Bakker"))
    expect(row).to_be_visible()
    expect(agent).to_have_title(re.compile(r"^\(\d+\) "))
    row.get_by_role("link", name="Lezen en aannemen").click()
    agent.get_by_role("button", name="Deze vraag aannemen").click()
    expect(agent.get_by_label("Je antwoord")).to_be_visible()
    assert_accessible(agent)
    expect(asker.get_by_text("Noor van de vraagbaak helpt je nu.")).to_be_visible()

    agent.get_by_label("Je antwoord").press_sequentially("Spreek samen")
    expect(asker.get_by_text("De vraagbaak typt…")).to_be_visible()
    agent.get_by_label("Je antwoord").fill(ANSWER)
    agent.get_by_label("Je antwoord").press("Enter")
    expect(asker.get_by_text(ANSWER)).to_be_visible()

    agent.get_by_label("Interne notitie: alleen de vraagbaak ziet dit").check()
    agent.get_by_label("Je antwoord").fill(NOTE)
    agent.get_by_role("button", name="Versturen").click()
    expect(agent.get_by_text(NOTE)).to_be_visible()
    agent.get_by_label("Interne notitie: alleen de vraagbaak ziet dit").uncheck()

    asker.reload()
    expect(asker.get_by_text(QUESTION)).to_be_visible()
    expect(asker.get_by_text(ANSWER)).to_be_visible()
    expect(asker.get_by_text(NOTE)).to_have_count(0)
    asker.get_by_label("Je bericht").fill("Dank je! En als diegene niet opneemt?")
    asker.get_by_label("Je bericht").press("Enter")
    expect(agent.get_by_text("En als diegene niet opneemt?")).to_be_visible()
    expect(asker.locator(".chat-message.pending")).to_have_count(0)
    expect(asker.get_by_text(NOTE)).to_have_count(0)

    agent.get_by_role("button", name="Ziekmelding: wat mag ik vragen?").click()
    expect(agent.get_by_label("Je antwoord")).to_have_value(
        re.compile("Lees meer: http")
    )
    agent.get_by_role("button", name="Versturen").click()
    expect(asker.get_by_text(re.compile("Lees meer: http"))).to_be_visible()

    asker.get_by_role("button", name="Dit gesprek sluiten").click()
    expect(asker.get_by_role("heading", name="Had je hier iets aan?")).to_be_visible()
    asker.get_by_label("Heel nuttig").check()
    asker.get_by_role("button", name="Versturen").click()
    expect(asker.get_by_text("Bedankt voor je antwoord.")).to_be_visible()
    assert_accessible(asker)


def test_logging_out_forgets_unsent_chat_messages(page):
    log_in(page, "werkleider2@delinde.example")
    page.evaluate(
        "localStorage.setItem('werkbehoud-chat-1-9', '[{\"body\": \"geheim\"}]')"
    )
    page.evaluate("localStorage.setItem('werkbehoud-queue-alerts', 'on')")
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/accounts/login/")
    assert page.evaluate("localStorage.getItem('werkbehoud-chat-1-9')") is None
    assert page.evaluate("localStorage.getItem('werkbehoud-queue-alerts')") == "on"
