"""Rules a mutation check showed untested: each test here fails when its rule
is taken out of the code."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal import access
from portal.models import Employee, Invitation, Membership
from portal.services import InvitationError, accept_invitation, invite
from retention.models import SickReport
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_supervisors_team_holds_no_leavers(organisation, make_member):
    supervisor = make_member("supervisor", organisation)
    today = timezone.localdate()
    staying = EmployeeFactory(organisation=organisation, supervisor=supervisor)
    leaving_later = EmployeeFactory(
        organisation=organisation,
        supervisor=supervisor,
        employment_end=today + datetime.timedelta(days=20),
    )
    EmployeeFactory(
        organisation=organisation,
        supervisor=supervisor,
        employment_end=today - datetime.timedelta(days=1),
    )
    assert set(access.team_of(supervisor)) == {staying, leaving_later}
    assert set(access.managed_employees(supervisor)) == {staying, leaving_later}


def test_hr_still_manages_leavers(organisation, make_member):
    hr = make_member("hr", organisation)
    left = EmployeeFactory(
        organisation=organisation,
        employment_end=timezone.localdate() - datetime.timedelta(days=30),
    )
    assert left in access.managed_employees(hr)


def test_a_supervisor_of_another_organisation_cannot_be_chosen(
    client, organisation, other_organisation, make_member
):
    hr = make_member("hr", organisation)
    stranger = make_member("supervisor", other_organisation)
    # Also a member of this organisation, but not as supervisor:
    Membership.objects.create(user=stranger, organisation=organisation, role="employee")
    client.force_login(hr)
    response = client.post(
        reverse("portal:employee_create"),
        {
            "organisation": organisation.pk,
            "first_name": "Anna",
            "last_name": "Smit",
            "supervisor": stranger.pk,
            "employment_start": "2024-01-08",
            "part_time_factor": "1.00",
        },
    )
    assert response.status_code == 200
    assert not Employee.objects.filter(first_name="Anna").exists()


def test_an_invitation_only_works_for_its_own_address(organisation, make_member):
    hr = make_member("hr", organisation)
    invitation = invite(
        organisation=organisation,
        email="juist@voorbeeld.example",
        role="supervisor",
        invited_by=hr,
    )
    someone_else = UserFactory(email="ander@voorbeeld.example")
    with pytest.raises(InvitationError):
        accept_invitation(invitation, someone_else)
    assert not Membership.objects.filter(user=someone_else).exists()
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


def test_the_privacy_guard_watches_the_sick_reports_address(client, team):
    client.force_login(team["supervisor"])
    response = client.post(
        reverse("retention:sick_call", args=[team["employee"].pk]),
        {
            "first_sick_day": timezone.localdate().isoformat(),
            "expected_duration": "week",
            "care_address": "Afdeling psychiatrie, Ziekenhuislaan 1",
        },
    )
    assert response.status_code == 200
    assert "psychiatrie" in response.content.decode()
    assert not SickReport.objects.exists()


@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_hr_cannot_put_a_condition_in_a_name(client, team, field):
    client.force_login(team["hr"])
    data = {
        "organisation": team["employee"].organisation_id,
        "first_name": "Anna",
        "last_name": "Smit",
        "employment_start": "2024-01-08",
        "part_time_factor": "1.00",
    }
    data[field] += " (depressie)"
    response = client.post(reverse("portal:employee_create"), data)
    assert response.status_code == 200
    assert not Employee.objects.filter(last_name__startswith="Smit").exists()


def test_the_opening_question_gets_the_chat_warning(client, team):
    client.force_login(team["supervisor"])
    response = client.post(
        reverse("chat:start"),
        {"question": "Mijn medewerker heeft een burn-out, wat nu?"},
        follow=True,
    )
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["warning"]
