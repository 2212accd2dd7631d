"""A supervisor takes a sick call, keeps in touch, ticks off a step and
records the recovery; HR sees the absence figures change."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def absence_percentage(page, start, end):
    page.goto(f"/werkgever/verzuimcijfers/?start={start}&end={end}")
    return page.locator(".card .figure").first.inner_text()


def test_sick_call_to_recovery_and_the_figures(new_page):
    today = datetime.date.today()
    start, end = (today - datetime.timedelta(days=6)).isoformat(), today.isoformat()

    hr = new_page()
    log_in(hr, "pz@delinde.example")
    before = absence_percentage(hr, start, end)
    assert_accessible(hr)

    supervisor = new_page()
    log_in(supervisor, "werkleider@delinde.example")
    supervisor.get_by_role("link", name=re.compile("Johan ziek melden")).click()
    expect(supervisor.get_by_role("heading", level=1)).to_have_text(
        "Johan de Vries meldt zich ziek"
    )
    expect(
        supervisor.get_by_role(
            "heading", name="Dit mag je vragen en vastleggen", exact=True
        )
    ).to_be_visible()
    expect(
        supervisor.get_by_role(
            "heading", name="Wanneer geef je een duwtje, en wanneer niet"
        )
    ).to_be_visible()
    expect(
        supervisor.get_by_text("Bel mij op de dag zelf terug", exact=False)
    ).to_be_visible()
    assert_accessible(supervisor)

    supervisor.get_by_label("Eerste ziektedag").fill(
        (today - datetime.timedelta(days=3)).isoformat()
    )
    supervisor.get_by_label("Een paar dagen").check()
    supervisor.get_by_label("Telefoonnummer tijdens het verzuim").fill("06 12345678")
    supervisor.get_by_role("button", name="Ziekmelding opslaan").click()
    expect(
        supervisor.get_by_text("De ziekmelding van Johan is vastgelegd.")
    ).to_be_visible()
    expect(
        supervisor.get_by_role("heading", name=re.compile("^Ziek sinds"))
    ).to_be_visible()
    assert_accessible(supervisor)

    supervisor.get_by_role("link", name="Contactmoment toevoegen").click()
    supervisor.get_by_label("Telefoongesprek").check()
    supervisor.get_by_label("Wat jullie afspraken").fill(
        "Donderdag bel ik weer, om tien uur."
    )
    supervisor.get_by_role("button", name="Contactmoment opslaan").click()
    expect(
        supervisor.get_by_text("Donderdag bel ik weer, om tien uur.")
    ).to_be_visible()

    open_case = supervisor.locator(".case.open")
    open_case.get_by_role("button", name="Gedaan “Melden bij de bedrijfsarts”").click()
    expect(
        supervisor.get_by_text("“Melden bij de bedrijfsarts” is afgevinkt.")
    ).to_be_visible()

    supervisor.locator(".case.open").get_by_role(
        "link", name="Herstel vastleggen"
    ).click()
    supervisor.get_by_label("Volledig weer aan het werk op").fill(today.isoformat())
    supervisor.get_by_role("button", name="Volledig herstel vastleggen").click()
    expect(
        supervisor.get_by_text("Het herstel van Johan is vastgelegd.")
    ).to_be_visible()
    assert_accessible(supervisor)

    after = absence_percentage(hr, start, end)
    assert after != before
    expect(hr.get_by_role("table", name="Verzuimpercentage per maand")).to_be_visible()
    assert_accessible(hr)


def test_hr_goes_from_the_dashboard_to_a_due_step_and_to_the_figures(page):
    """Without typing a single address: the dashboard names the steps due,
    each leads to the case, and the figures are a link away."""
    log_in(page, "pz@delinde.example")
    panel = page.locator("section", has=page.get_by_role("heading", name="Verzuim"))
    expect(
        panel.get_by_role("heading", name="Stappen in de komende twee weken")
    ).to_be_visible()
    step = panel.locator("li", has=page.get_by_role("link")).first
    name = step.get_by_role("link").inner_text()
    what = step.inner_text().split(": ", 1)[1].rsplit(" uiterlijk", 1)[0].strip()
    step.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Verzuim van {name}")
    open_steps = page.locator(".case.open .milestones").first
    expect(open_steps.get_by_text(what, exact=False).first).to_be_visible()
    assert_accessible(page)

    page.go_back()
    panel.get_by_role("link", name="Verzuimcijfers").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verzuimcijfers")
    expect(
        page.get_by_role("table", name="Verzuimpercentage per maand")
    ).to_be_visible()
