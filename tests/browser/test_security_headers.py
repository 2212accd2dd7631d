"""Pages of every role, the chat and the Wagtail admin run under the
Content-Security-Policy and Permissions-Policy without a single violation."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

# Runs before any script of the page (and of its frames): records violations,
# and stands in for the print dialog, which would block a headless browser.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(
    `${event.violatedDirective} blocked ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`
  );
});
window.print = () => { window.__printed = true; };
"""
# Violations the page cannot see itself (a frame refused by frame-ancestors)
# and header problems end up in the console only.
POLICY_MESSAGE = re.compile(
    r"Content Security Policy|Permissions-Policy|Permissions policy|Feature policy",
    re.IGNORECASE,
)


class Watched:
    """One person's browser page, with every policy complaint collected."""

    def __init__(self, page):
        self.page = page
        self.complaints = []
        self.socket_frames = []
        page.add_init_script(WATCH)
        page.on("console", self._console)
        page.on("websocket", self._websocket)

    def _websocket(self, socket):
        socket.on("framereceived", lambda payload: self.socket_frames.append(payload))

    def _console(self, message):
        if POLICY_MESSAGE.search(message.text):
            self.complaints.append(f"console: {message.text}")

    def visit(self, path):
        self.page.goto(path)
        self.page.wait_for_load_state("networkidle")
        self.collect()

    def wait_for_socket_frame(self, seconds=15):
        """The chat's websocket connected and the server answered."""
        for _ in range(seconds * 10):
            if self.socket_frames:
                return
            self.page.wait_for_timeout(100)
        raise AssertionError(f"no websocket frame on {self.page.url}")

    def collect(self):
        for frame in self.page.frames:
            found = frame.evaluate("window.__violations || []")
            self.complaints += [f"{frame.url}: {item}" for item in found]
            frame.evaluate("window.__violations = []")


def test_no_page_of_any_role_breaks_the_policies(new_page):
    reader = Watched(new_page())
    for path in ["/", "/informatie/de-ziekmelding/", "/zoeken/?q=ziek", "/gedrag/"]:
        reader.visit(path)

    employee = Watched(new_page())
    log_in(employee.page, "medewerker@delinde.example")
    for path in ["/medewerker/", "/mijn-afspraken/", "/mijn-afspraken/inzage/"]:
        employee.visit(path)
    employee.visit("/mijn-afspraken/afdrukken/")
    employee.page.get_by_role("button", name="Deze pagina afdrukken").click()
    assert employee.page.evaluate("window.__printed === true")

    hr = Watched(new_page())
    log_in(hr.page, "pz@delinde.example")
    hr.visit("/werkgever/verzuimcijfers/")
    expect(hr.page.locator("svg.bar rect").first).to_be_attached()
    for path in ["/werkgever/", "/werkgever/uitnodigingen/"]:
        hr.visit(path)

    asker = Watched(new_page())
    log_in(asker.page, "werkleider2@delinde.example")
    asker.visit("/vraag/")
    asker.page.locator("main ul a[href^='/vraag/']").first.click()
    asker.wait_for_socket_frame()
    asker.collect()

    agent = Watched(new_page())
    log_in(agent.page, "vraagbaak@werkbehoud.example")
    agent.wait_for_socket_frame()
    agent.collect()

    complaints = (
        reader.complaints
        + employee.complaints
        + hr.complaints
        + asker.complaints
        + agent.complaints
    )
    assert not complaints, "\n".join(complaints)


def test_the_wagtail_admin_works_without_inline_script(new_page):
    editor = Watched(new_page())
    page = editor.page
    log_in(page, "beheer@werkbehoud.example")
    editor.visit("/cms-admin/pages/search/?q=ziekmelding")
    page.get_by_role(
        "link", name=re.compile("^De ziekmelding: wat vraag je wel en niet")
    ).first.click()
    page.wait_for_url(re.compile(r"/cms-admin/pages/\d+/edit/$"))
    page.wait_for_load_state("networkidle")

    # The date input's picker is started by cms-admin.js, not an inline script.
    page.locator("#id_last_reviewed").click()
    expect(page.locator(".xdsoft_datetimepicker:visible")).to_have_count(1)
    page.keyboard.press("Escape")
    # The StreamField's block menu, and the live preview in a frame of the admin.
    page.locator('[data-contentpath="body"] .c-sf-add-button').first.click()
    expect(page.get_by_role("listbox").get_by_role("option").first).to_be_visible()
    page.keyboard.press("Escape")
    page.locator('[data-side-panel-toggle="preview"]').click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", level=1)).to_contain_text("De ziekmelding")
    editor.collect()

    editor.visit("/cms-admin/settings/cms/helpdesksettings/")
    page.locator("input[id$='_opens']").first.click()
    expect(page.locator(".xdsoft_datetimepicker:visible")).to_have_count(1)
    editor.collect()

    # A page chooser inside an inline panel child added after the page loaded.
    editor.visit("/cms-admin/searchpicks/add/")
    page.locator("[id$='-ADD']").first.click()
    page.locator("[id$='-0-page-chooser'] .chooser__choose-button").click()
    expect(page.locator(".modal").first).to_be_visible()
    editor.collect()

    assert not editor.complaints, "\n".join(editor.complaints)
