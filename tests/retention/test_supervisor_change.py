"""A new work supervisor: the agreements travel with the employee, what the
employee shared of the own plan becomes private again, and the employee is
told (by mail through the queue, and on the home page)."""

import pytest
from django.urls import reverse

from portal.models import Membership
from retention.models import OwnPlan
from tests.mailbox import sent_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_plan(team):
    return OwnPlan.objects.create(
        employee=team["employee"],
        what_helps="Rustige start",
        red_signs="Ik trek me terug",
        share_what_helps=True,
        share_red=True,
    )


@pytest.fixture
def new_supervisor(organisation, make_member):
    return make_member(Membership.Role.SUPERVISOR, organisation, first_name="Rachid")


def test_hr_changing_the_supervisor_makes_shared_sections_private(
    client, team, shared_plan, new_supervisor
):
    employee = team["employee"]
    client.force_login(team["hr"])
    response = client.post(
        reverse("portal:employee_edit", args=[employee.pk]),
        {
            "first_name": employee.first_name,
            "last_name": employee.last_name,
            "supervisor": new_supervisor.pk,
            "employment_start": employee.employment_start.isoformat(),
            "part_time_factor": "1.00",
        },
    )
    assert response.status_code == 302
    shared_plan.refresh_from_db()
    assert not shared_plan.shared_sections()
    assert shared_plan.what_helps == "Rustige start"  # nothing is lost
    assert shared_plan.sharing_reset_at is not None

    client.force_login(new_supervisor)
    sick_call = client.get(reverse("retention:sick_call", args=[employee.pk]))
    assert "Ik trek me terug" not in sick_call.content.decode()

    [message] = [m for m in sent_mail() if m.to == [team["user"].email]]
    assert message.subject.endswith("Je hebt een nieuwe werkleider")
    assert "is weer privé" in message.body
    assert "Rustige start" not in message.body  # no plan content in mail


def test_the_employee_is_told_and_chooses_anew(
    client, team, shared_plan, new_supervisor
):
    employee = team["employee"]
    employee.supervisor = new_supervisor
    employee.save()
    client.force_login(team["user"])
    home = client.get(reverse("retention:home")).content.decode()
    assert "Je werkleider is veranderd." in home

    response = client.post(
        reverse("retention:own_plan"),
        {
            "what_helps": "Rustige start",
            "red_signs": "Ik trek me terug",
            "share_red": "on",
        },
    )
    assert response.status_code == 302
    shared_plan.refresh_from_db()
    assert shared_plan.sharing_reset_at is None
    assert [key for key, *_rest in shared_plan.shared_sections()] == ["red"]
    assert (
        "Je werkleider is veranderd."
        not in client.get(reverse("retention:home")).content.decode()
    )


def test_other_changes_leave_sharing_alone(team, shared_plan):
    employee = team["employee"]
    employee.first_name = "Jo"
    employee.save()
    employee.save(update_fields=["first_name"])
    shared_plan.refresh_from_db()
    assert {key for key, *_rest in shared_plan.shared_sections()} == {
        "what_helps",
        "red",
    }
    assert shared_plan.sharing_reset_at is None
    assert not sent_mail()


def test_a_first_supervisor_is_no_change(team, organisation, new_supervisor):
    from tests.factories import EmployeeFactory

    employee = EmployeeFactory(organisation=organisation, supervisor=None)
    OwnPlan.objects.create(employee=employee, what_helps="x", share_what_helps=True)
    employee.supervisor = new_supervisor
    employee.save()
    assert OwnPlan.objects.get(employee=employee).share_what_helps
