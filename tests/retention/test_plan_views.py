"""Recording, proposing and answering agreements through the screens."""

import pytest
from django.urls import reverse

from retention import services
from retention.models import PlanVersion
from tests.mailbox import sent_mail
from tests.retention.conftest import ADJUSTMENT, add, agreed, proposed, revision

pytestmark = pytest.mark.django_db


def form_data(**changes):
    data = {key: ("" if value is None else value) for key, value in ADJUSTMENT.items()}
    data["start_date"] = "2026-03-02"
    data["revision"] = 0
    data.update(changes)
    return data


def create_url(employee):
    return reverse("retention:adjustment_create", args=[employee.pk])


def test_supervisor_adds_an_adjustment_and_sees_it(client, team):
    employee = team["employee"]
    client.force_login(team["supervisor"])
    page = client.get(reverse("retention:plan", args=[employee.pk])).content.decode()
    assert "Nog niets vastgelegd" in page
    response = client.post(create_url(employee), form_data())
    assert response.status_code == 302
    page = client.get(reverse("retention:plan", args=[employee.pk])).content.decode()
    assert "Vaste pauze om 11.00 uur" in page
    assert "Concept" in page
    assert "Energie verdelen" in page or "energie" in page.lower()


def test_opening_the_form_creates_nothing(client, team):
    client.force_login(team["supervisor"])
    assert client.get(create_url(team["employee"])).status_code == 200
    assert not PlanVersion.objects.exists()


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"agreement": ""}, "Dit is een verplicht veld"),
        ({"category": ""}, "Dit is een verplicht veld"),
        ({"start_date": "morgen"}, "geldige datum"),
        ({"end_date": "2026-01-01"}, "De einddatum ligt voor de begindatum"),
        ({"status": "refused"}, "Schrijf op waarom het verzoek niet is toegekend"),
        (
            {"refusal_reason": "Geen ruimte"},
            "Vul dit alleen in als het verzoek niet is toegekend",
        ),
        ({"limitation": "diagnose"}, "geldige keuze"),
    ],
)
def test_bad_input_gets_a_dutch_message_and_saves_nothing(
    client, team, changes, message
):
    client.force_login(team["supervisor"])
    response = client.post(create_url(team["employee"]), form_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PlanVersion.objects.exists()


@pytest.mark.parametrize("field", ["agreement", "responsibilities", "refusal_reason"])
def test_the_privacy_guard_refuses_health_terms_in_every_supervisor_field(
    client, team, field
):
    client.force_login(team["supervisor"])
    data = form_data(**{field: "In verband met zijn depressie en de Ritalin"})
    if field == "refusal_reason":
        data["status"] = "refused"
    response = client.post(create_url(team["employee"]), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Laat “depressie, Ritalin” weg" in content
    assert "wat lastig is in het werk" in content
    assert not PlanVersion.objects.exists()


def test_hr_text_is_guarded_too(client, team):
    client.force_login(team["hr"])
    response = client.post(
        create_url(team["employee"]),
        form_data(agreement="Na de opname in de GGZ-kliniek"),
    )
    assert "weg. In Werkbehoud mag je geen diagnose" in response.content.decode()


def test_a_stale_form_keeps_the_input_and_saves_nothing(client, team):
    employee = team["employee"]
    add(employee, team["hr"])
    stale = revision(employee) - 1
    client.force_login(team["supervisor"])
    response = client.post(
        create_url(employee),
        form_data(agreement="Mijn nieuwe afspraak", revision=stale),
    )
    content = response.content.decode()
    assert "Iemand anders heeft deze afspraken" in content
    assert "Mijn nieuwe afspraak" in content
    assert services.open_version(services.plan_for(employee)).adjustments.count() == 1


def test_propose_mails_the_employee_without_any_content(
    client, team, django_capture_on_commit_callbacks
):
    employee = team["employee"]
    add(employee, team["supervisor"])
    client.force_login(team["supervisor"])
    confirm = client.get(reverse("retention:propose", args=[employee.pk]))
    assert "Ja, voorstellen" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("retention:propose", args=[employee.pk]),
            {"revision": revision(employee)},
        )
    version = services.open_version(services.plan_for(employee))
    assert version.status == PlanVersion.Status.PROPOSED
    message = sent_mail()[-1]
    assert message.to == [team["user"].email]
    assert "pauze" not in (message.subject + message.body).lower()
    assert "/mijn-afspraken/" in message.body


def test_employee_reads_asks_for_a_change_then_agrees(
    client, team, django_capture_on_commit_callbacks
):
    employee = team["employee"]
    proposed(employee, team["supervisor"])
    client.force_login(team["user"])
    page = client.get(reverse("retention:my_plan")).content.decode()
    assert "Nieuwe afspraken om te lezen" in page and "Vaste pauze" in page
    version = services.open_version(services.plan_for(employee))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("retention:request_changes"),
            {"revision": version.revision, "comment": "Liever om 10 uur"},
        )
    version.refresh_from_db()
    assert version.status == PlanVersion.Status.CHANGES_REQUESTED
    assert sent_mail()[-1].to == [team["supervisor"].email]
    assert "10 uur" not in sent_mail()[-1].body

    client.force_login(team["supervisor"])
    page = client.get(reverse("retention:plan", args=[employee.pk])).content.decode()
    assert "Liever om 10 uur" in page
    client.post(
        reverse("retention:propose", args=[employee.pk]), {"revision": version.revision}
    )

    client.force_login(team["user"])
    version.refresh_from_db()
    response = client.post(
        reverse("retention:agree"),
        {"revision": version.revision, "confirm": "on"},
        follow=True,
    )
    assert "Je bent akkoord gegaan" in response.content.decode()
    version.refresh_from_db()
    assert version.status == PlanVersion.Status.AGREED


def test_agreeing_needs_the_tick_box(client, team):
    version = proposed(team["employee"], team["supervisor"])
    client.force_login(team["user"])
    response = client.post(
        reverse("retention:agree"), {"revision": version.revision}, follow=True
    )
    assert "Zet een vinkje" in response.content.decode()
    version.refresh_from_db()
    assert version.status == PlanVersion.Status.PROPOSED


def test_a_second_agreement_gets_a_clear_message(client, team):
    version = agreed(team["employee"], team["supervisor"])
    client.force_login(team["user"])
    response = client.post(
        reverse("retention:agree"),
        {"revision": version.revision, "confirm": "on"},
        follow=True,
    )
    assert "wachten niet op jouw antwoord" in response.content.decode()


def test_the_employee_does_not_see_drafts(client, team):
    add(team["employee"], team["supervisor"], agreement="Geheim concept")
    client.force_login(team["user"])
    assert (
        "Geheim concept"
        not in client.get(reverse("retention:my_plan")).content.decode()
    )
    assert client.get(reverse("retention:my_version", args=[1])).status_code == 404


def test_a_changed_version_shows_what_changed(client, team):
    employee, supervisor = team["employee"], team["supervisor"]
    first = agreed(employee, supervisor)
    key = first.adjustments.get().key
    client.force_login(supervisor)
    client.post(
        reverse("retention:adjustment_edit", args=[employee.pk, key]),
        form_data(agreement="Pauze om 10.30 uur", revision=0),
    )
    page = client.get(
        reverse("retention:version", args=[employee.pk, 2])
    ).content.decode()
    assert "Wat is er veranderd sinds versie 1" in page
    assert "<del>Vaste pauze om 11.00 uur, tien minuten buiten.</del>" in page
    assert "<ins>Pauze om 10.30 uur</ins>" in page
    page = client.get(
        reverse("retention:version", args=[employee.pk, 1])
    ).content.decode()
    assert first.snapshot_sha256 in page


def test_review_records_and_moves_the_due_date(client, team):
    employee = team["employee"]
    agreed(employee, team["supervisor"])
    client.force_login(team["supervisor"])
    response = client.post(
        reverse("retention:review", args=[employee.pk]),
        {"reviewed_on": "2099-01-01", "outcome": "continue", "note": ""},
    )
    assert "toekomst" in response.content.decode()
    response = client.post(
        reverse("retention:review", args=[employee.pk]),
        {
            "reviewed_on": "2026-11-01",
            "outcome": "continue",
            "note": "Gaat goed, pauzes helpen.",
        },
    )
    assert response.status_code == 302
    plan = services.plan_for(employee)
    assert plan.next_review_due.isoformat() == "2027-05-01"
    response = client.post(
        reverse("retention:review", args=[employee.pk]),
        {
            "reviewed_on": "2026-11-01",
            "outcome": "continue",
            "note": "Sinds de nieuwe medicatie beter",
        },
    )
    assert "Laat “medicatie” weg" in response.content.decode()
