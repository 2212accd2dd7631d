"""Deciding what to tell: the employee's own weighing, private and printable."""

import pytest
from django.urls import reverse

from retention.export import employee_data
from retention.models import AccessLogEntry, DisclosureAid

pytestmark = pytest.mark.django_db

URL = "/mijn-plan/vertellen/"


def test_the_employee_weighs_it_up_and_prints_it(client, team):
    assert reverse("retention:disclosure") == URL
    client.force_login(team["user"])
    page = client.get(URL).content.decode()
    assert "Wat kan vertellen je opleveren?" in page
    assert "Dit is alleen voor jou." in page

    response = client.post(
        URL,
        {
            "gains": "Begrip als ik een rustige plek vraag.",
            "worries": "Dat ze me minder verantwoordelijkheid geven.",
            "whom": "Alleen mijn werkleider.",
            "what": "Wat ik nodig heb, geen diagnose.",
            "when_how": "Na de zomer, in een gesprek.",
            "leaning": "some",
        },
    )
    assert response.status_code == 302
    aid = DisclosureAid.objects.get(employee=team["employee"])
    assert aid.leaning == "some"

    page = client.get(URL).content.decode()
    printed = page.split('class="print-only"', 1)[1]
    assert "Dat ze me minder verantwoordelijkheid geven." in printed
    assert "Ik vertel een deel aan sommige mensen" in printed
    assert "data-print" in page
    # Nobody else reads it, so nothing is written to the access log.
    assert not AccessLogEntry.objects.filter(employee=team["employee"]).exists()


def test_a_bad_choice_gets_a_message_and_keeps_the_text(client, team):
    client.force_login(team["user"])
    response = client.post(URL, {"gains": "Begrip", "leaning": "everything"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kies een van de antwoorden." in html
    assert "Begrip" in html
    assert not DisclosureAid.objects.exists()


def test_nobody_else_can_open_it(client, team):
    DisclosureAid.objects.create(employee=team["employee"], gains="Geheim voordeel")
    for other in (team["supervisor"], team["hr"]):
        client.force_login(other)
        assert client.get(URL).status_code == 403
    for path in (
        reverse("retention:plan", args=[team["employee"].pk]),
        reverse("retention:sick_call", args=[team["employee"].pk]),
    ):
        client.force_login(team["supervisor"])
        assert "Geheim voordeel" not in client.get(path).content.decode()


def test_it_is_in_the_employee_download(team):
    DisclosureAid.objects.create(
        employee=team["employee"], gains="Begrip", leaning="nothing"
    )
    data = employee_data(team["employee"])["deciding_what_to_tell"]
    assert data["Wat kan vertellen je opleveren?"] == "Begrip"
    assert data["leaning"] == "Ik vertel voorlopig niets"
