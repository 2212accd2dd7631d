"""Mail goes through the queue and the worker, as in production: HR invites
a work supervisor, the worker delivers the mail, the link in it (on the
configured site address) lets the new person sign up."""

import re

import pytest

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_an_invitation_reaches_the_inbox_and_its_link_works(new_page, portal):
    hr = new_page()
    log_in(hr, "pz@delinde.example")
    hr.goto("/werkgever/uitnodigingen/")
    hr.get_by_label("E-mailadres").fill("nieuwe.werkleider@delinde.example")
    hr.get_by_role("button", name="Uitnodiging versturen").click()
    assert hr.get_by_text("Er is een uitnodiging gestuurd").is_visible()

    mail = portal.last_mail("nieuwe.werkleider@delinde.example")
    link = re.search(r"https?://\S+/uitnodiging/\S+/", mail).group(0)
    # The configured site address (PORTAL_BASE_URL), whatever port serves.
    assert link.startswith(portal.url + "/")

    newcomer = new_page()
    newcomer.goto(link)
    newcomer.wait_for_url("**/accounts/signup/")
    assert newcomer.get_by_label("E-mail").input_value() == (
        "nieuwe.werkleider@delinde.example"
    )
