"""Each demo role logs in and sees their own dashboard, in Dutch, accessibly."""

import pytest

from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser

DASHBOARDS = [
    ("pz@delinde.example", "/werkgever/", "Overzicht voor P&O"),
    ("werkleider@delinde.example", "/werkleider/", "Mijn team"),
    ("medewerker@delinde.example", "/medewerker/", "Hallo Johan"),
    ("vraagbaak@werkbehoud.example", "/vraagbaak/", "Vraagbaak"),
]


def test_login_page_is_dutch_and_accessible(page):
    page.goto("/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("heading", name="Inloggen").is_visible()
    assert_accessible(page)


def test_login_page_works_with_the_keyboard_alone(page):
    page.goto("/accounts/login/")
    page.keyboard.press("Tab")
    assert (
        page.evaluate("document.activeElement.textContent.trim()")
        == "Direct naar de inhoud"
    )
    page.keyboard.press("Enter")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_login":
            break
    page.keyboard.type("werkleider@delinde.example")
    page.keyboard.press("Tab")
    if page.evaluate("document.activeElement.tagName") == "A":
        page.keyboard.press("Tab")
    page.keyboard.type("werkbehoud-demo")
    page.keyboard.press("Enter")
    page.wait_for_url("**/werkleider/")


def test_wrong_password_is_explained_in_dutch(page):
    log_in(page, "werkleider@delinde.example", password="verkeerd-wachtwoord")
    assert page.get_by_text("niet correct").is_visible()


@pytest.mark.parametrize("email,path,heading", DASHBOARDS)
def test_each_role_lands_on_its_dashboard(page, email, path, heading):
    log_in(page, email)
    assert page.url.endswith(path)
    assert page.get_by_role("heading", level=1).inner_text().startswith(heading)
    assert_accessible(page)


def test_editor_lands_in_the_cms_admin(page):
    log_in(page, "redacteur@werkbehoud.example")
    assert "/cms-admin/" in page.url


def test_language_switch_to_english_and_back(page):
    page.goto("/accounts/login/")
    page.get_by_role("button", name="English").click()
    assert page.get_by_role("heading", name="Log in").is_visible()
    page.get_by_role("button", name="Nederlands").click()
    assert page.get_by_role("heading", name="Inloggen").is_visible()
