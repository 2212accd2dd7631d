"""Learning in a real browser: an employee does the energy training, puts
the exercise in her own plan, prepares a conversation and shares one part
of it with her supervisor; a supervisor works through the sick-call
training's situations; a reader who is not logged in comes back where she
was, remembered by her own browser only."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser

SUPERVISOR = "leidinggevende@vandam.example"
EMPLOYEE = "medewerker@vandam.example"


def test_employee_energy_training_into_her_own_plan(new_page):
    page, supervisor = new_page(), new_page()
    log_in(page, EMPLOYEE)
    page.get_by_role("link", name="Naar de trainingen").click()
    assert_accessible(page)
    page.get_by_role("link", name="Energie verdelen").click()
    expect(page.get_by_text("Alleen jij ziet hoe ver je bent.")).to_be_visible()
    page.get_by_role("link", name="Begin de training").click()
    expect(page.get_by_text("Stap 1 van 4")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Volgende stap").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Gevers en nemers")
    page.get_by_text("Doe deze oefening op het scherm").click()
    page.get_by_label("Geeft energie 1").fill("Wandelen in de pauze")
    page.get_by_label("Geeft energie 2").fill("Een klus die ik goed kan")
    page.get_by_label("Kost energie 1").fill("Lawaai in de hal")
    page.get_by_label("Hier kan ik iets aan veranderen").first.check()
    page.get_by_role("button", name="Toon mijn balanskaart").click()

    expect(page.get_by_role("heading", name="Je balanskaart")).to_be_visible()
    expect(page.get_by_text("2 gevers")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Zet dit in mijn eigen plan").click()

    expect(page.get_by_text("Dit komt er precies bij.")).to_be_visible()
    expect(
        page.get_by_text("- Lawaai in de hal (hier kan ik iets aan veranderen)")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Ja, zet dit in mijn plan").click()

    expect(page.get_by_text("Het staat nu in je eigen plan.")).to_be_visible()
    expect(page.get_by_label("Wat helpt mij om goed te werken")).to_have_value(
        re.compile(r"- Wandelen in de pauze")
    )
    expect(page.get_by_label("Wat brengt mij uit balans op het werk")).to_have_value(
        re.compile(r"- Lawaai in de hal")
    )

    # Stopped halfway: the training remembers where she was.
    page.goto("/trainingen/energie-verdelen/")
    page.get_by_role("link", name="Ga verder bij stap 2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gevers en nemers")

    # Before a talk with her supervisor: a preparation, filled in from her
    # plan, with one part shared.
    page.goto("/medewerker/")
    page.get_by_role("link", name="Een gesprek voorbereiden").click()
    page.get_by_role(
        "link", name="Vul in uit mijn eigen plan en mijn afspraken"
    ).click()
    expect(page.get_by_role("textbox", name="Wat ik nodig heb")).to_have_value(
        re.compile("Wandelen in de pauze")
    )
    page.get_by_role("textbox", name="Wat ik wil vertellen").fill(
        "De vaste pauze helpt me."
    )
    page.get_by_label("Deel “Wat ik nodig heb” met mijn werkleider").check()
    assert_accessible(page)
    page.get_by_role("button", name="Sla mijn voorbereiding op").click()
    expect(page.get_by_text("Je voorbereiding is opgeslagen.")).to_be_visible()
    # Printed, it fits on one A4 and holds the answers, not the form.
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1

    log_in(supervisor, SUPERVISOR)
    supervisor.goto("/werkleider/")
    supervisor.get_by_role("link", name="Lisa Verbeek").first.click()
    section = supervisor.get_by_role(
        "region", name=re.compile("voorbereiding van Lisa")
    )
    expect(section).to_contain_text("Wandelen in de pauze")
    expect(section).not_to_contain_text("De vaste pauze helpt me.")


def test_supervisor_works_through_the_sick_call_situations(page):
    log_in(page, SUPERVISOR)
    page.get_by_role("link", name="Trainingen", exact=True).first.click()
    page.get_by_role("link", name="De ziekmelding: wel of geen duwtje").click()
    page.get_by_role("link", name="Begin de training").click()

    # By keyboard: focus a choice and press Enter.
    choice = page.get_by_role("button", name="Hoe lang denk je dat het duurt?")
    choice.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Dat helpt.")
    page.get_by_role("button", name="Volgende stap").click()

    expect(page.get_by_text("Lisa belt op maandag.")).to_be_visible()
    page.get_by_role("button", name=re.compile("Dat kan zo niet")).click()
    expect(page.get_by_role("status")).to_contain_text("Denk nog eens na.")
    page.get_by_text("Wat de andere keuzes doen").click()
    expect(
        page.get_by_text("Je bent vriendelijk en je noemt wat je ziet.")
    ).to_be_visible()
    assert_accessible(page)

    for _number in range(2, 5):
        page.get_by_role("button", name="Volgende stap").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Na het gesprek")
    expect(page.get_by_text("0800-0113").first).to_be_visible()
    page.get_by_role("button", name="Rond de training af").click()
    expect(page.get_by_role("heading", name="Goed gedaan!")).to_be_visible()
    page.goto("/trainingen/")
    expect(page.get_by_text("Afgerond")).to_be_visible()


def test_help_and_deciding_what_to_tell_are_accessible(page):
    page.goto("/hulp/")
    expect(page.get_by_role("link", name="0800-0113").first).to_be_visible()
    assert_accessible(page)
    log_in(page, EMPLOYEE)
    page.get_by_role("link", name="Bepalen wat je vertelt").click()
    page.get_by_label("Wat kan vertellen je opleveren?").fill(
        "Begrip van mijn werkleider."
    )
    page.get_by_label("Ik vertel een deel aan sommige mensen").check()
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Opgeslagen. Alleen jij kunt dit lezen.")).to_be_visible()
    expect(page.get_by_label("Ik vertel een deel aan sommige mensen")).to_be_checked()


def test_an_anonymous_reader_is_remembered_by_her_browser_only(page):
    page.goto("/trainingen/grenzen-aangeven/")
    expect(page.get_by_role("link", name="Begin de training")).to_be_visible()
    page.get_by_role("link", name="Begin de training").click()
    page.get_by_role("link", name="Volgende stap").click()
    expect(page.get_by_text("Stap 2 van 4")).to_be_visible()

    page.goto("/trainingen/grenzen-aangeven/")
    resume = page.get_by_role("link", name="Ga verder bij stap 2")
    expect(resume).to_be_visible()
    page.goto("/trainingen/")
    expect(page.get_by_text("Stappen gedaan in deze browser: 1/4")).to_be_visible()

    page.goto("/trainingen/grenzen-aangeven/")
    page.get_by_role("button", name="Wis mijn voortgang").click()
    expect(page.get_by_role("link", name="Ga verder bij stap 2")).to_be_hidden()
