"""Preparing a conversation: private until shared section by section with
the current work supervisor, logged when shown, pre-filled on request."""

import pytest
from django.urls import reverse

from portal.models import Membership
from retention.models import AccessLogEntry, ConversationPrep, OwnPlan
from tests.retention.conftest import agreed

pytestmark = pytest.mark.django_db

URL = "/mijn-plan/gesprek/"
PREP = {
    "meeting_on": "",
    "tell": "Het gaat beter sinds de vaste pauze.",
    "need": "Een rustige plek op maandag.",
    "questions": "Kan ik op vrijdag eerder stoppen?",
    "not_discuss": "Mijn thuissituatie.",
}


def plan_page(client, team):
    client.force_login(team["supervisor"])
    return client.get(
        reverse("retention:plan", args=[team["employee"].pk])
    ).content.decode()


def test_private_until_one_section_is_shared(client, team):
    assert reverse("retention:conversation_prep") == URL
    client.force_login(team["user"])
    assert client.post(URL, PREP).status_code == 302
    page = plan_page(client, team)
    assert "Een rustige plek op maandag." not in page
    assert not AccessLogEntry.objects.filter(
        subject=AccessLogEntry.Subject.CONVERSATION_PREP, action="view"
    ).exists()

    client.force_login(team["user"])
    client.post(URL, {**PREP, "share_need": "on"})
    page = plan_page(client, team)
    assert "Een rustige plek op maandag." in page
    assert "Mijn thuissituatie." not in page
    assert "Kan ik op vrijdag eerder stoppen?" not in page
    entry = AccessLogEntry.objects.get(
        subject=AccessLogEntry.Subject.CONVERSATION_PREP, action="view"
    )
    assert entry.actor == team["supervisor"]

    # HR manages the plan but is not who the employee shares with.
    client.force_login(team["hr"])
    page = client.get(reverse("retention:plan", args=[team["employee"].pk]))
    assert "Een rustige plek op maandag." not in page.content.decode()


def test_filled_in_on_request_from_the_own_plan_and_the_agreements(client, team):
    agreed(team["employee"], team["supervisor"])
    OwnPlan.objects.create(
        employee=team["employee"],
        what_helps="Een vaste werkplek.",
        rather_not="Grapjes over mij.",
    )
    client.force_login(team["user"])
    assert "Een vaste werkplek." not in client.get(URL).content.decode()
    html = client.get(URL, {"aanvullen": "1"}).content.decode()
    assert "Een vaste werkplek." in html
    assert "- Vaste pauze om 11.00 uur, tien minuten buiten." in html
    assert "Grapjes over mij." in html
    assert "Controleer het en sla op." in html
    # Nothing is saved until the employee saves.
    assert not ConversationPrep.objects.exists()

    client.post(URL, {**PREP, "need": "Mijn eigen tekst."})
    html = client.get(URL, {"aanvullen": "1"}).content.decode()
    assert "Mijn eigen tekst." in html  # what is written is never replaced
    assert "Een vaste werkplek." not in html


def test_an_impossible_date_gets_a_clear_message(client, team):
    client.force_login(team["user"])
    response = client.post(URL, {**PREP, "meeting_on": "2099-01-01"})
    assert response.status_code == 400
    assert "Kies een datum tussen een maand geleden en een jaar vanaf nu." in (
        response.content.decode()
    )
    assert not ConversationPrep.objects.exists()


def test_printable_and_in_the_download(client, team):
    from retention.export import employee_data

    client.force_login(team["user"])
    client.post(URL, PREP)
    html = client.get(URL).content.decode()
    printed = html.split('class="print-only"', 1)[1]
    assert "Mijn thuissituatie." in printed
    data = employee_data(team["employee"])["conversation_preparation"]
    assert list(data["need"]["texts"].values()) == ["Een rustige plek op maandag."]
    assert data["need"]["shared_with_work_supervisor"] is False


def test_a_new_supervisor_does_not_inherit_what_was_shared(
    client, team, organisation, make_member
):
    ConversationPrep.objects.create(
        employee=team["employee"], need="Rust", share_need=True
    )
    employee = team["employee"]
    employee.supervisor = make_member(Membership.Role.SUPERVISOR, organisation)
    employee.save()
    prep = ConversationPrep.objects.get()
    assert not prep.share_need and prep.sharing_reset_at is not None
