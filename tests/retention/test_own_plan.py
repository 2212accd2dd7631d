"""The employee's own plan: private by default, shared part by part, never
edited by anyone else."""

import pytest
from django.urls import reverse

from retention.models import OwnPlan

pytestmark = pytest.mark.django_db

SECTIONS = {
    "what_helps": "Een vaste werkplek en rustige uitleg.",
    "triggers": "Lawaai en haast.",
    "green_signs": "Ik lach en werk in mijn tempo.",
    "orange_signs": "Ik word stil en kom later.",
    "orange_supervisor": "Vraag rustig hoe het gaat.",
    "red_signs": "Ik meld me vaak ziek.",
    "red_supervisor": "Bel me dezelfde dag terug.",
    "rather_not": "Niet aanspreken waar anderen bij zijn.",
    "emergency": "Laat me even zitten in de kantine.",
}


def plan_page(client, team):
    client.force_login(team["supervisor"])
    return client.get(
        reverse("retention:plan", args=[team["employee"].pk])
    ).content.decode()


def save(client, team, **shares):
    client.force_login(team["user"])
    return client.post(
        reverse("retention:own_plan"), {**SECTIONS, **shares}, follow=True
    )


def test_everything_is_private_by_default(client, team):
    save(client, team)
    plan = OwnPlan.objects.get(employee=team["employee"])
    assert plan.shared_sections() == []
    page = plan_page(client, team)
    for text in SECTIONS.values():
        assert text not in page
    assert "Daarvan wordt nu niets met je gedeeld" in page


def test_the_supervisor_sees_exactly_the_shared_sections(client, team):
    save(client, team, share_orange="on", share_red="on")
    page = plan_page(client, team)
    assert SECTIONS["orange_signs"] in page and SECTIONS["red_supervisor"] in page
    for key in ("what_helps", "triggers", "green_signs", "rather_not", "emergency"):
        assert SECTIONS[key] not in page


def test_sharing_can_be_taken_back(client, team):
    save(client, team, share_orange="on")
    assert SECTIONS["orange_signs"] in plan_page(client, team)
    save(client, team)
    assert SECTIONS["orange_signs"] not in plan_page(client, team)


def test_hr_never_sees_the_own_plan(client, team):
    save(client, team, share_what_helps="on")
    client.force_login(team["hr"])
    page = client.get(
        reverse("retention:plan", args=[team["employee"].pk])
    ).content.decode()
    assert SECTIONS["what_helps"] not in page


def test_nobody_but_the_employee_can_edit_it(client, team):
    save(client, team)
    for who in ("supervisor", "hr"):
        client.force_login(team[who])
        response = client.post(
            reverse("retention:own_plan"), {"what_helps": "Overschreven"}
        )
        assert response.status_code == 403
    assert OwnPlan.objects.get().what_helps == SECTIONS["what_helps"]


def test_health_words_in_own_text_get_a_warning_not_a_block(client, team):
    response = save(client, team, what_helps="Sinds mijn burn-out helpt rust mij.")
    content = response.content.decode()
    assert "Je schreef “burn-out”" in content
    assert "Je plan is opgeslagen" in content
    assert OwnPlan.objects.get().what_helps.startswith("Sinds mijn burn-out")


def test_sections_for_a_sick_call_start_with_the_warning_phases():
    plan = OwnPlan(
        green_signs="g",
        orange_signs="o",
        red_signs="r",
        what_helps="h",
        share_green=True,
        share_orange=True,
        share_red=True,
        share_what_helps=True,
    )
    keys = [key for key, *_rest in plan.shared_sections(order=OwnPlan.SICK_CALL_ORDER)]
    assert keys == ["red", "orange", "green", "what_helps"]
