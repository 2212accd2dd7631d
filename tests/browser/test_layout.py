"""Nothing floats over the page's text: no fixed or sticky layer on any
screen of the people who have the helpdesk button, on a phone or a
desktop; the button sits in the header's flow."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

FLOATING = """() => [...document.querySelectorAll('body *')]
  .filter(e => ['fixed', 'sticky'].includes(getComputedStyle(e).position))
  .filter(e => e.getClientRects().length)
  .map(e => e.outerHTML.slice(0, 80))"""


@pytest.mark.parametrize("width", [375, 1280])
def test_no_layer_covers_text(new_page, width):
    page = new_page()
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, "medewerker@vandam.example")
    for path in ("/medewerker/", "/hulp/", "/oefeningen/energie/", "/mijn-plan/"):
        page.goto(path)
        assert page.evaluate(FLOATING) == [], path
        button = page.get_by_role("link", name="Vraag het de vraagbaak")
        expect(button).to_be_visible()
        assert button.evaluate("e => !!e.closest('header')"), path


def test_login_by_keyboard_goes_email_password_button_then_forgot(page):
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").focus()
    order = []
    for _step in range(3):
        page.keyboard.press("Tab")
        order.append(
            page.evaluate(
                "() => document.activeElement.getAttribute('name')"
                " || document.activeElement.textContent.trim()"
            )
        )
    assert order == ["password", "Inloggen", "Wachtwoord vergeten?"]
