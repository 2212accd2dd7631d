"""The employee lets a named person read the agreed plan for a while."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from retention.models import AccessLogEntry, ThirdPartyConsent
from tests.mailbox import sent_mail
from tests.retention.conftest import agreed

pytestmark = pytest.mark.django_db


def grant(client, team, capture, **changes):
    client.force_login(team["user"])
    data = {
        "name": "Mirjam de Haan",
        "role": "job_coach",
        "email": "coach@voorbeeld.example",
        "valid_until": (timezone.localdate() + datetime.timedelta(days=60)).isoformat(),
    }
    data.update(changes)
    with capture(execute=True):
        return client.post(reverse("retention:consents"), data)


def link_from_mail():
    body = sent_mail()[-1].body
    start = body.index("/inzage/")
    return body[start:].split()[0]


def test_granted_person_reads_the_agreed_plan_and_it_is_logged(
    client, team, django_capture_on_commit_callbacks
):
    agreed(team["employee"], team["supervisor"])
    grant(client, team, django_capture_on_commit_callbacks)
    assert sent_mail()[-1].to == ["coach@voorbeeld.example"]
    assert "Vaste pauze" not in sent_mail()[-1].body
    link = link_from_mail()
    client.logout()
    page = client.get(link).content.decode()
    assert "Vaste pauze" in page
    entry = AccessLogEntry.objects.latest("at")
    assert entry.actor is None and entry.actor_label == "Mirjam de Haan (Jobcoach)"
    client.force_login(team["user"])
    assert (
        "Mirjam de Haan (Jobcoach)"
        in client.get(reverse("retention:my_data")).content.decode()
    )


def test_revoked_access_stops_at_once(client, team, django_capture_on_commit_callbacks):
    agreed(team["employee"], team["supervisor"])
    grant(client, team, django_capture_on_commit_callbacks)
    link = link_from_mail()
    consent = ThirdPartyConsent.objects.get()
    url = reverse("retention:consent_revoke", args=[consent.pk])
    assert "Ja, toegang stoppen" in client.get(url).content.decode()
    client.post(url)
    client.logout()
    response = client.get(link)
    assert response.status_code == 410
    assert "toegang gestopt" in response.content.decode()
    assert "Vaste pauze" not in response.content.decode()


def test_expired_access_explains(client, team, django_capture_on_commit_callbacks):
    agreed(team["employee"], team["supervisor"])
    grant(client, team, django_capture_on_commit_callbacks)
    ThirdPartyConsent.objects.update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    response = client.get(link_from_mail())
    assert response.status_code == 410
    assert "Je toegang is gestopt op" in response.content.decode()


def test_an_unknown_link_is_a_404(client):
    response = client.get(reverse("retention:consent_view", args=["verzonnen"]))
    assert response.status_code == 404
    assert "niet geldig" in response.content.decode()


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"valid_until": "2020-01-01"}, "Kies een datum vanaf vandaag"),
        ({"valid_until": "2099-01-01"}, "hooguit een jaar"),
        ({"email": "geen-adres"}, "geldig e-mailadres"),
        ({"name": ""}, "verplicht veld"),
        ({"role": "therapeut"}, "geldige keuze"),
    ],
)
def test_bad_consent_input_is_explained(
    client, team, django_capture_on_commit_callbacks, changes, message
):
    response = grant(client, team, django_capture_on_commit_callbacks, **changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ThirdPartyConsent.objects.exists()


def test_the_own_plan_is_shown_only_when_the_employee_includes_it(
    client, team, django_capture_on_commit_callbacks
):
    from retention.models import OwnPlan

    OwnPlan.objects.create(employee=team["employee"], red_signs="Ik trek me terug")
    grant(client, team, django_capture_on_commit_callbacks)
    without = link_from_mail()
    grant(
        client,
        team,
        django_capture_on_commit_callbacks,
        name="Dokter Bos",
        role="company_doctor",
        include_own_plan="on",
    )
    with_plan = link_from_mail()
    client.logout()
    assert "Ik trek me terug" not in client.get(without).content.decode()
    assert "Ik trek me terug" in client.get(with_plan).content.decode()
    entry = AccessLogEntry.objects.filter(subject=AccessLogEntry.Subject.OWN_PLAN).get()
    assert entry.actor_label == "Dokter Bos (Bedrijfsarts)"
