"""Every kind of adjustment links to guidance that exists; the links are
read once while the published content stays as it is."""

import io

import pytest
from django.core.management import call_command
from django.utils import translation

from cms.models import GuidancePage
from retention.guidance import (
    CATEGORY_GUIDANCE,
    FREQUENT_ABSENCE_PAGE,
    guidance_by_category,
    guidance_link,
)
from retention.models import Adjustment

pytestmark = pytest.mark.django_db


def test_every_category_links_to_live_guidance():
    call_command("load_initial_data", stdout=io.StringIO())
    links = guidance_by_category()
    assert set(CATEGORY_GUIDANCE) == set(Adjustment.Category.values)
    for category in Adjustment.Category.values:
        assert len(links[category]) == len(CATEGORY_GUIDANCE[category]), category
        for _title, url in links[category]:
            assert url.startswith("/informatie/")


@pytest.fixture
def guidance():
    call_command("load_initial_data", stdout=io.StringIO())


def test_links_are_read_once_while_the_content_stays(
    guidance, django_assert_num_queries
):
    first = guidance_by_category()
    link = guidance_link(FREQUENT_ABSENCE_PAGE)
    with django_assert_num_queries(0):
        assert guidance_by_category() == first
        assert guidance_link(FREQUENT_ABSENCE_PAGE) == link
    assert link.url.startswith("/informatie/")


def test_a_published_change_shows_at_once(guidance):
    guidance_by_category()
    guidance_link(FREQUENT_ABSENCE_PAGE)
    page = GuidancePage.objects.get(
        slug=FREQUENT_ABSENCE_PAGE, locale__language_code="nl"
    )
    page.title = "Vaak kort ziek: wat nu?"
    page.save_revision().publish()
    assert guidance_link(FREQUENT_ABSENCE_PAGE).title == "Vaak kort ziek: wat nu?"
    energy = GuidancePage.objects.get(
        slug="energie-verdelen", locale__language_code="nl"
    )
    energy.title = "Energie goed verdelen"
    energy.save_revision().publish()
    titles = [
        title for title, _url in guidance_by_category()[Adjustment.Category.ENERGY]
    ]
    assert "Energie goed verdelen" in titles
    page.unpublish()
    assert guidance_link(FREQUENT_ABSENCE_PAGE) is None


def test_links_follow_the_readers_language(guidance):
    """The demo content has an English translation of this page: English
    readers get its title and address, Dutch readers the source's."""
    pages = {
        page.locale.language_code: page
        for page in GuidancePage.objects.filter(slug=FREQUENT_ABSENCE_PAGE)
    }
    assert pages["nl"].title != pages["en"].title
    for language in ("nl", "en"):
        with translation.override(language):
            link = guidance_link(FREQUENT_ABSENCE_PAGE)
        assert link == (pages[language].title, pages[language].url), language
