"""A supervisor proposes, the employee asks for a change, the supervisor
changes it, the employee agrees and shares one part of her own plan, and the
supervisor sees exactly that part."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser

SUPERVISOR = "leidinggevende@vandam.example"
EMPLOYEE = "medewerker@vandam.example"


def open_plan(page):
    page.goto("/werkleider/")
    page.get_by_role("link", name="Lisa Verbeek").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Afspraken met Lisa Verbeek"
    )


def propose(page):
    page.get_by_role("link", name="Voorstellen aan Lisa").click()
    assert_accessible(page)
    page.get_by_role("button", name="Ja, voorstellen").click()
    expect(page.get_by_text("De afspraken zijn naar Lisa gestuurd")).to_be_visible()


def test_propose_change_agree_and_share(new_page):
    supervisor, employee = new_page(), new_page()
    log_in(supervisor, SUPERVISOR)
    assert_accessible(supervisor)
    open_plan(supervisor)
    assert_accessible(supervisor)

    supervisor.get_by_role("link", name="Aanpassing toevoegen").click()
    supervisor.get_by_label("Wat is lastig in het werk").select_option(
        label="Stress en tijdsdruk"
    )
    supervisor.get_by_label("Soort aanpassing").select_option(
        label="Taken, werkdruk en doelen"
    )
    supervisor.get_by_label("Wat we afspreken").fill("Na zijn depressie geen spoed.")
    supervisor.get_by_label("Vanaf").fill("2026-12-01")
    supervisor.get_by_role("button", name="Opslaan in het concept").click()
    expect(supervisor.get_by_text("Laat “depressie” weg")).to_be_visible()
    assert_accessible(supervisor)
    supervisor.get_by_label("Wat we afspreken").fill("Geen spoedklussen na 15.00 uur.")
    supervisor.get_by_role("button", name="Opslaan in het concept").click()
    expect(supervisor.get_by_text("Geen spoedklussen na 15.00 uur.")).to_be_visible()
    propose(supervisor)

    log_in(employee, EMPLOYEE)
    expect(
        employee.get_by_text("Er staan nieuwe afspraken voor je klaar.")
    ).to_be_visible()
    assert_accessible(employee)
    employee.get_by_role("link", name="Lees de afspraken").click()
    expect(employee.get_by_text("Wat is er veranderd sinds versie 1")).to_be_visible()
    expect(
        employee.get_by_text("Geen spoedklussen na 15.00 uur.").first
    ).to_be_visible()
    assert_accessible(employee)
    employee.get_by_label("Wat wil je graag anders?").fill(
        "Liever geen spoed na 14.00 uur."
    )
    employee.get_by_role("button", name="Mijn vraag versturen").click()
    expect(
        employee.get_by_text("Je vraag is naar je werkleider gestuurd.")
    ).to_be_visible()

    open_plan(supervisor)
    expect(supervisor.get_by_text("Liever geen spoed na 14.00 uur.")).to_be_visible()
    supervisor.get_by_role("link", name=re.compile("Wijzigen.*Taken, werkdruk")).click()
    supervisor.get_by_label("Wat we afspreken").fill("Geen spoedklussen na 14.00 uur.")
    supervisor.get_by_role("button", name="Opslaan in het concept").click()
    propose(supervisor)

    employee.goto("/mijn-afspraken/")
    expect(
        employee.get_by_text("Geen spoedklussen na 14.00 uur.").first
    ).to_be_visible()
    employee.get_by_role("button", name="Ik ga akkoord").click()
    expect(employee.get_by_text("Zet een vinkje")).to_be_visible()
    employee.get_by_label(
        "Ik heb deze afspraken gelezen en ik ga ermee akkoord."
    ).check()
    employee.get_by_role("button", name="Ik ga akkoord").click()
    expect(
        employee.get_by_text("Je bent akkoord gegaan met deze afspraken.")
    ).to_be_visible()
    assert_accessible(employee)

    employee.goto("/mijn-plan/")
    assert_accessible(employee)
    employee.locator("#id_what_helps").fill("Een rustige werkplek bij het raam.")
    employee.locator("#id_orange_signs").fill("Ik praat minder en ga later naar huis.")
    employee.get_by_label(
        "Deel “Oranje: het gaat minder goed” met mijn werkleider"
    ).check()
    employee.get_by_role("button", name="Mijn plan opslaan").click()
    expect(employee.get_by_text("Je plan is opgeslagen.")).to_be_visible()

    open_plan(supervisor)
    expect(
        supervisor.get_by_text("Ik praat minder en ga later naar huis.")
    ).to_be_visible()
    expect(supervisor.get_by_text("Een rustige werkplek bij het raam.")).to_have_count(
        0
    )
    expect(supervisor.get_by_text("Akkoord").first).to_be_visible()
    assert_accessible(supervisor)
