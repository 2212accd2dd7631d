"""Radio buttons never offer Django's empty "---------" choice."""

import pytest
from django import forms
from django.urls import reverse

from portal.widgets import RadioSelect

pytestmark = pytest.mark.django_db


def test_the_empty_choice_is_left_out():
    field = forms.ChoiceField(
        choices=[("", "---------"), ("a", "Een"), ("b", "Twee")], widget=RadioSelect
    )
    html = field.widget.render("keuze", "", attrs={"id": "id_keuze"})
    assert "---------" not in html
    assert 'value="a"' in html and 'value="b"' in html
    assert 'value=""' not in html


def test_no_page_with_radio_buttons_offers_an_empty_choice(client, team, sick_report):
    employee = team["employee"]
    client.force_login(team["user"])
    pages = [reverse("retention:consents"), reverse("retention:disclosure")]
    for path in pages:
        html = client.get(path).content.decode()
        assert 'type="radio"' in html, path
        assert "---------" not in html, path
    client.force_login(team["supervisor"])
    for path in (
        reverse("retention:sick_call", args=[employee.pk]),
        reverse("retention:contact", args=[employee.pk]),
        reverse("retention:review", args=[employee.pk]),
    ):
        html = client.get(path).content.decode()
        assert "---------" not in html, path


def test_every_page_names_the_favicon_that_ships(client, db):
    from django.contrib.staticfiles import finders

    html = client.get("/accounts/login/").content.decode()
    assert 'rel="icon"' in html and "favicon" in html
    assert finders.find("favicon.svg")
