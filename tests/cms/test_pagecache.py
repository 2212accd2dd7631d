"""Whole pages for readers from the cache: never a draft, never another
person's page, never a token of another visitor, fresh after publishing; and
the forms on them work without a per-visitor token for visitors only."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cms.models import GuidanceFeedback, GuidancePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def guidance(loaded):
    return GuidancePage.objects.get(locale__language_code="nl", slug="de-ziekmelding")


def test_a_readers_page_is_served_whole_from_the_cache(
    client, guidance, django_assert_num_queries
):
    first = client.get(guidance.url)
    assert first.status_code == 200
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert not first.cookies
    with django_assert_num_queries(0):
        second = client.get(guidance.url)
    assert second.status_code == 200
    assert second.content == first.content
    for header in ("Content-Security-Policy", "Content-Language", "Vary"):
        assert second[header] == first[header]


def test_a_new_release_renders_the_page_afresh(client, guidance, monkeypatch):
    """A deploy with a changed template must not serve yesterday's page."""
    from cms import pagecache

    client.get(guidance.url)
    monkeypatch.setattr(pagecache, "release", lambda: "next-release")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(guidance.url).status_code == 200
    assert len(queries) > 0


def test_publishing_shows_at_once_and_a_draft_never(client, guidance):
    client.get(guidance.url)
    guidance.title = "Een concepttitel"
    guidance.save_revision()  # a draft: not published
    assert "Een concepttitel" not in client.get(guidance.url).content.decode()
    guidance.title = "De gepubliceerde titel"
    guidance.save_revision().publish()
    assert "De gepubliceerde titel" in client.get(guidance.url).content.decode()


def test_each_language_and_reading_choice_has_its_own_page(client, guidance):
    dutch = client.get(guidance.url).content.decode()
    client.cookies["werkbehoud_language"] = "en"
    english = client.get(guidance.url).content.decode()
    assert '<html lang="nl">' in dutch and '<html lang="en">' in english
    client.cookies["werkbehoud_easy_read"] = "1"
    easy = client.get(guidance.url).content.decode()
    assert '<section class="in-short"' in easy
    assert '<section class="in-short"' not in english


def test_a_logged_in_page_is_never_stored_nor_served_from_the_cache(
    client, guidance, team
):
    client.force_login(team["supervisor"])
    personal = client.get(guidance.url).content.decode()
    assert "Uitloggen" in personal
    visitor = Client().get(guidance.url).content.decode()
    assert "Uitloggen" not in visitor and "Inloggen" in visitor
    # And the visitor's stored page does not reach the logged-in reader.
    again = client.get(guidance.url).content.decode()
    assert "Uitloggen" in again
    assert client.get(guidance.url)["Cache-Control"] == "private, no-store"


def test_a_page_with_a_message_or_a_query_is_not_stored(
    client, guidance, django_assert_max_num_queries
):
    client.post(
        "/voorkeur/eenvoudige-taal/",
        {"eenvoudige_taal": "aan", "next": guidance.url},
    )
    with_message = client.get(guidance.url).content.decode()
    assert "Eenvoudige taal staat aan" in with_message
    # The message was shown once; the stored page does not carry it.
    assert "Eenvoudige taal staat aan" not in client.get(guidance.url).content.decode()
    thanks = client.get(guidance.url + "?feedback=bedankt").content.decode()
    assert "Bedankt" in thanks
    assert "Bedankt" not in client.get(guidance.url).content.decode()


def test_visitors_post_the_forms_of_a_stored_page_without_a_token(guidance):
    visitor = Client(enforce_csrf_checks=True)
    visitor.get(guidance.url)
    response = visitor.post(guidance.url + "feedback/", {"helpful": "ja"})
    assert response.status_code == 302
    assert GuidanceFeedback.objects.filter(page=guidance).count() == 1
    response = visitor.post("/i18n/setlang/", {"language": "en", "next": guidance.url})
    assert response.status_code == 302
    assert response.cookies["werkbehoud_language"].value == "en"
    response = visitor.post(
        "/voorkeur/eenvoudige-taal/", {"eenvoudige_taal": "aan", "next": "/"}
    )
    assert response.status_code == 302


def test_logged_in_people_still_need_the_token(guidance, team):
    member = Client(enforce_csrf_checks=True)
    member.force_login(team["user"])
    assert member.post(guidance.url + "feedback/", {"helpful": "ja"}).status_code == 403
    assert member.post("/i18n/setlang/", {"language": "en"}).status_code == 403
    assert (
        member.post(
            "/voorkeur/eenvoudige-taal/", {"eenvoudige_taal": "aan"}
        ).status_code
        == 403
    )
    # Other forms are not opened to visitors by this.
    visitor = Client(enforce_csrf_checks=True)
    assert (
        visitor.post("/accounts/login/", {"login": "x", "password": "y"}).status_code
        == 403
    )


def test_a_changed_help_source_shows_at_once_on_stored_pages(client, loaded):
    from cms.models import HelpPage, HelpSource

    help_page = HelpPage.objects.get(locale__language_code="nl")
    source = HelpSource.objects.filter(locale__language_code="nl").first()
    assert source.name in client.get(help_page.url).content.decode()
    source.how_to_reach = "Bel het nieuwe nummer op werkdagen."
    source.save()
    assert "Bel het nieuwe nummer op werkdagen." in (
        client.get(help_page.url).content.decode()
    )
