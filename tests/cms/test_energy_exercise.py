"""The energy exercise: givers and takers, the balance card, and copying it
into the employee's own plan after seeing exactly what is copied."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from cms.models import TrainingPage
from retention.models import AccessLogEntry, OwnPlan

pytestmark = pytest.mark.django_db

EXERCISE = "/oefeningen/energie/"
IMPORT = "/mijn-plan/toevoegen/"


def answers(**extra):
    return {
        "giver_1": "Een praatje bij de koffie",
        "giver_2": "Wandelen in de pauze",
        "taker_1": "Lawaai in de hal",
        "changeable_1": "on",
        "taker_2": "Plotselinge wijzigingen",
        "taker_3": "Drukte op maandag",
        **extra,
    }


def test_the_exercise_is_open_to_everyone_and_stores_nothing(client):
    assert reverse("cms:energy_exercise") == EXERCISE
    page = client.get(EXERCISE)
    assert page.status_code == 200
    assert "Wat geeft je energie?" in page.content.decode()

    card = client.post(EXERCISE, answers()).content.decode()
    assert "Je balanskaart" in card
    assert "2 gevers" in card and "3 nemers" in card
    assert "Je nemers zijn in de meerderheid" in card
    assert "Begin met ‘Lawaai in de hal’" in card
    # Not an employee: no copying, but printing and a hint to log in.
    assert IMPORT not in card
    assert "data-print" in card
    assert OwnPlan.objects.count() == 0


def test_an_empty_or_overlong_exercise_gets_a_clear_message(client):
    response = client.post(EXERCISE, {})
    assert response.status_code == 400
    assert "Schrijf minstens één ding op" in response.content.decode()
    response = client.post(EXERCISE, answers(giver_1="x" * 151))
    assert response.status_code == 400
    assert "Houd het kort: hoogstens 150 tekens." in response.content.decode()
    response = client.post(EXERCISE, answers(giver_1="koffie\x00"))
    assert response.status_code == 400


def test_a_foreign_return_address_is_dropped(client):
    card = client.post(
        EXERCISE, answers(terug="https://elders.example/phish")
    ).content.decode()
    assert "elders.example" not in card


def test_an_employee_sees_exactly_what_is_copied_then_confirms(client, team):
    plan = OwnPlan.objects.create(
        employee=team["employee"],
        what_helps="Een vaste werkplek.",
        share_what_helps=True,
    )
    client.force_login(team["user"])
    card = client.post(EXERCISE, answers(terug="/trainingen/")).content.decode()
    assert f'action="{IMPORT}"' in card

    hidden = dict(
        re.findall(
            r'<input type="hidden" name="(what_helps|triggers|terug)" value="([^"]*)"',
            card,
        )
    )
    assert set(hidden) == {"what_helps", "triggers", "terug"}

    preview = client.post(IMPORT, hidden)
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "- Een praatje bij de koffie" in html
    assert "- Lawaai in de hal (hier kan ik iets aan veranderen)" in html
    assert "Een vaste werkplek." in html  # what is already there
    # "What helps me" is shared, so the employee is told who will read it.
    assert "kan je werkleider ook lezen" in html
    plan.refresh_from_db()
    assert plan.what_helps == "Een vaste werkplek."

    done = client.post(IMPORT, {**hidden, "confirm": "1"})
    assert done.status_code == 302
    assert done["Location"] == reverse("retention:own_plan")
    plan.refresh_from_db()
    assert plan.what_helps.startswith("Een vaste werkplek.\n\nWat mij energie geeft")
    assert plan.what_helps.endswith("- Wandelen in de pauze")
    assert plan.triggers.startswith("Wat mij energie kost")
    # Sharing is not changed by copying.
    assert plan.share_what_helps and not plan.share_triggers
    assert AccessLogEntry.objects.filter(
        employee=team["employee"],
        action=AccessLogEntry.Action.CHANGE,
        subject=AccessLogEntry.Subject.OWN_PLAN,
    ).exists()


def test_copying_refuses_a_plan_that_would_grow_too_long(client, team):
    OwnPlan.objects.create(employee=team["employee"], what_helps="x" * 1990)
    client.force_login(team["user"])
    response = client.post(
        IMPORT, {"what_helps": "Wat mij energie geeft:\n- koffie", "confirm": "1"}
    )
    assert response.status_code == 400
    assert "langer dan 2000 tekens" in response.content.decode()
    assert OwnPlan.objects.get().what_helps == "x" * 1990


def test_only_the_sections_an_exercise_fills_can_be_added_to(client, team):
    client.force_login(team["user"])
    response = client.post(IMPORT, {"emergency": "Bel mijn zus", "confirm": "1"})
    assert response.status_code == 400
    assert "Er is niets om aan je plan toe te voegen." in response.content.decode()
    assert not OwnPlan.objects.filter(emergency="Bel mijn zus").exists()


def test_the_training_embeds_the_exercise(client, site_tree):
    call_command("load_initial_data", stdout=io.StringIO())
    training = TrainingPage.objects.get(
        locale__language_code="nl", slug="energie-verdelen"
    )
    html = client.get(f"{training.url}stap/2/").content.decode()
    assert f'action="{EXERCISE}"' in html
    assert f'name="terug" value="{training.url}stap/2/"' in html
