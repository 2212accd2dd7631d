"""Dutch by default, English through the switch; the catalogue is compiled."""

from pathlib import Path

import polib
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "nl" / "LC_MESSAGES"


def test_dutch_is_the_default_even_for_an_english_browser(client):
    response = client.get(
        reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9"
    )
    content = response.content.decode()
    assert '<html lang="nl">' in content
    assert "Inloggen" in content
    assert "Direct naar de inhoud" in content


def test_the_switch_changes_to_english_and_back(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    content = client.get(reverse("account_login")).content.decode()
    assert '<html lang="en">' in content
    assert "Skip to content" in content
    client.post(reverse("set_language"), {"language": "nl", "next": "/"})
    assert "Inloggen" in client.get(reverse("account_login")).content.decode()


def test_an_unknown_language_cookie_falls_back_to_dutch(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert '<html lang="nl">' in client.get(reverse("account_login")).content.decode()


def test_every_message_has_a_dutch_translation():
    catalogue = polib.pofile(str(LOCALE / "django.po"))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []


def test_the_compiled_catalogue_matches_the_source():
    source = {
        (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural.get(0)
        for entry in polib.pofile(str(LOCALE / "django.po")).translated_entries()
    }
    compiled = {
        (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural.get(0)
        for entry in polib.mofile(str(LOCALE / "django.mo"))
        if entry.msgid
    }
    assert compiled == source
