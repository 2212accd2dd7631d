"""Every page each role reaches, in Dutch and English, on a phone and a
desktop: axe-core finds no serious or critical violation, and nothing is
wider than the screen. The pages are found by following the links a person
of that role sees, so a new page is checked without being listed here."""

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser

ROLES = {
    "visitor": None,
    "hr": "pz@delinde.example",
    "supervisor": "werkleider@delinde.example",
    "employee": "medewerker@delinde.example",
    "helpdesk": "vraagbaak@werkbehoud.example",
}
# Not pages to look at: leaving, files, the admin (its own test below).
SKIP = ("/accounts/logout/", "/cms-admin/", "/documents/", "/static/", "/media/")
MAX_PAGES = 30


def links_on(page):
    hrefs = page.eval_on_selector_all(
        "a[href]:not([download])", "links => links.map(link => link.href)"
    )
    base = urlsplit(page.url)
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.netloc != base.netloc or parts.path.startswith(SKIP):
            continue
        if parts.path.endswith((".csv", ".json", ".pdf", "/download/")):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl(page, start):
    """Pages reachable in two steps from the start page, in link order."""
    seen, queue = [], [start]
    for depth in range(2):
        next_queue = []
        for path in queue:
            if path in seen or len(seen) >= MAX_PAGES:
                continue
            response = page.goto(path)
            if response is None or response.status != 200:
                continue
            seen.append(path)
            if depth == 0 or path == start:
                next_queue += links_on(page)
            else:
                next_queue += [link for link in links_on(page) if link not in seen][:5]
        queue = next_queue
    return seen


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_page_of_every_role_is_accessible(new_page, role, language):
    page = new_page()
    if ROLES[role]:
        log_in(page, ROLES[role])
    start = page.url if ROLES[role] else "/"
    page.goto(start)
    if language == "en":
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state()
    pages = crawl(page, urlsplit(page.url).path)
    assert len(pages) >= 5, pages
    failures = []
    for path in pages:
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == language, path
        for width in (375, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            try:
                assert_accessible(page)
            except AssertionError as error:
                failures.append(f"{width}px {error}")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - window.innerWidth"
            )
            if overflow > 1:
                failures.append(f"{width}px {path}: {overflow}px wider than the screen")
    assert not failures, "\n".join(failures)


def test_the_admin_pages_the_project_adds_are_accessible(page):
    log_in(page, "redacteur@werkbehoud.example")
    for path in (
        "/cms-admin/guidance-reports/guidance-to-review/",
        "/cms-admin/guidance-reports/feedback/",
        "/cms-admin/guidance-reports/search-terms/",
        "/cms-admin/snippets/cms/helpsource/",
        "/cms-admin/snippets/cms/cannedanswer/",
        "/cms-admin/snippets/cms/behaviourcard/",
        "/cms-admin/snippets/cms/topic/",
    ):
        response = page.goto(path)
        assert response.status == 200, path
        # Not sent back to the dashboard with "no access".
        assert page.url.endswith(path), (path, page.url)
        assert_accessible(page)
