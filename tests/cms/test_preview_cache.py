"""Drafts never reach readers: previews are never cached, and saving a draft
leaves the content version (and every cached fragment) alone."""

import pytest
from wagtail.models import Page

from cms.cache import content_version
from tests.cms.factories import GuidancePageFactory

pytestmark = pytest.mark.django_db

PUBLISHED = "Gepubliceerde uitleg over pauzes"
DRAFT = "Geheime concepttekst die nog niet klaar is"


def body(text):
    return [{"type": "text", "value": f"<p>{text}</p>"}]


@pytest.fixture
def published(hub):
    page = GuidancePageFactory(parent=hub, title="Pauzes", body=body(PUBLISHED))
    page.save_revision().publish()
    return page


def save_draft(page):
    """What an editor's "Save draft" does; returns the page as stored now."""
    draft = page.get_latest_revision_as_object()
    draft.body = body(DRAFT)
    draft.save_revision()
    page.refresh_from_db()
    return page


def preview(page):
    """What an editor's preview renders: the latest draft, marked as preview."""
    return page.get_latest_revision_as_object().make_preview_request()


def test_a_previewed_draft_never_reaches_anonymous_readers(client, published):
    assert PUBLISHED in client.get(published.url).content.decode()
    save_draft(published)
    assert DRAFT in preview(published).content.decode()
    reader = client.get(published.url).content.decode()
    assert PUBLISHED in reader
    assert DRAFT not in reader


def test_a_preview_on_a_cold_cache_stores_nothing(client, published):
    save_draft(published)
    assert DRAFT in preview(published).content.decode()
    reader = client.get(published.url).content.decode()
    assert DRAFT not in reader
    assert PUBLISHED in reader


def test_saving_a_draft_leaves_the_content_version_alone(published):
    before = content_version()
    save_draft(published)
    assert content_version() == before


def test_what_readers_see_moves_the_content_version(client, published, hub):
    steps = []
    version = content_version()

    def moved():
        nonlocal version
        now = content_version()
        steps.append(now != version)
        version = now

    published.get_latest_revision().publish()
    moved()
    published.unpublish()
    moved()
    other = GuidancePageFactory(parent=hub, title="Ander")
    moved()
    other.move(hub, pos="first-child")
    moved()
    Page.objects.get(pk=other.pk).delete()
    moved()
    assert steps == [True, True, True, True, True]


def test_publishing_the_draft_shows_it(client, published):
    client.get(published.url)
    save_draft(published)
    published.get_latest_revision().publish()
    assert DRAFT in client.get(published.url).content.decode()
