"""Every role against every other organisation: only one's own is visible.

An object of another organisation answers 404, never 403, so a URL does not
even confirm that the object exists.
"""

import pytest
from django.urls import reverse

from portal import access
from portal.access import HELPDESK_GROUP
from portal.models import Membership
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["hr", "supervisor", "employee", "helpdesk", "editor", "none"]


@pytest.fixture
def world(organisation, other_organisation, make_member):
    """Two employers, each with every role, an employee and an invitation."""
    from portal.services import invite

    people = {}
    for org in (organisation, other_organisation):
        hr = make_member("hr", org)
        supervisor = make_member("supervisor", org)
        employee_user = make_member("employee", org)
        employee = EmployeeFactory(
            organisation=org, supervisor=supervisor, user=employee_user
        )
        invitation = invite(
            organisation=org,
            email=f"x{org.pk}@voorbeeld.example",
            role="supervisor",
            invited_by=hr,
        )
        people[org.pk] = {
            "hr": hr,
            "supervisor": supervisor,
            "employee": employee_user,
            "record": employee,
            "invitation": invitation,
        }
    people["helpdesk"] = UserFactory(groups=[HELPDESK_GROUP])
    people["editor"] = UserFactory(groups=["Editors"])
    people["none"] = UserFactory()
    return people


def user_for(world, role, org):
    if role in ("helpdesk", "editor", "none"):
        return world[role]
    return world[org.pk][role]


@pytest.mark.parametrize("role", ROLES)
def test_objects_of_another_organisation_are_not_found(
    client, world, organisation, other_organisation, role
):
    client.force_login(user_for(world, role, organisation))
    theirs = world[other_organisation.pk]
    for url in (
        reverse("portal:employee_edit", args=[theirs["record"].pk]),
        reverse("portal:invitation_revoke", args=[theirs["invitation"].pk]),
    ):
        response = client.get(url)
        assert response.status_code in (403, 404), url
        if role == "hr":
            assert response.status_code == 404, url
        assert theirs["record"].full_name not in response.content.decode()
    response = client.post(
        reverse("portal:invitation_revoke", args=[theirs["invitation"].pk])
    )
    theirs["invitation"].refresh_from_db()
    assert theirs["invitation"].status == "open"


@pytest.mark.parametrize("role", ROLES)
def test_querysets_hold_only_what_the_role_may_see(
    world, organisation, other_organisation, role
):
    user = user_for(world, role, organisation)
    mine, theirs = world[organisation.pk], world[other_organisation.pk]
    managed = set(access.managed_employees(user))
    own = set(access.own_employee_records(user))
    invitations = set(access.invitations_for(user))
    assert theirs["record"] not in managed | own
    assert theirs["invitation"] not in invitations
    expected_managed = {mine["record"]} if role in ("hr", "supervisor") else set()
    assert managed == expected_managed
    assert own == ({mine["record"]} if role == "employee" else set())
    assert invitations == ({mine["invitation"]} if role == "hr" else set())


def test_supervisor_sees_only_their_own_team(organisation, make_member):
    first = make_member("supervisor", organisation)
    second = make_member("supervisor", organisation)
    mine = EmployeeFactory(organisation=organisation, supervisor=first)
    EmployeeFactory(organisation=organisation, supervisor=second)
    assert list(access.team_of(first)) == [mine]


def test_supervisor_who_loses_the_role_loses_the_team(organisation, make_member):
    supervisor = make_member("supervisor", organisation)
    EmployeeFactory(organisation=organisation, supervisor=supervisor)
    Membership.objects.filter(user=supervisor).delete()
    access.forget_roles(supervisor)
    assert not access.managed_employees(supervisor).exists()


@pytest.mark.parametrize(
    "role,allowed",
    [
        (
            "hr",
            {"portal:hr_dashboard", "portal:invitation_list", "portal:employee_create"},
        ),
        ("supervisor", {"retention:team"}),
        ("employee", {"retention:home"}),
        ("helpdesk", {"chat:helpdesk"}),
        ("editor", set()),
        ("none", set()),
    ],
)
def test_role_pages_open_only_to_their_role(client, world, organisation, role, allowed):
    client.force_login(user_for(world, role, organisation))
    for name in (
        "portal:hr_dashboard",
        "portal:invitation_list",
        "portal:employee_create",
        "retention:team",
        "retention:home",
        "chat:helpdesk",
    ):
        status = client.get(reverse(name)).status_code
        assert status == (200 if name in allowed else 403), (role, name, status)


def test_anonymous_visitors_are_asked_to_log_in(client, world, organisation):
    for name in (
        "portal:hr_dashboard",
        "retention:team",
        "retention:home",
        "chat:helpdesk",
        "portal:dashboard",
    ):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_hr_cannot_assign_a_supervisor_of_another_organisation(
    client, world, organisation, other_organisation
):
    client.force_login(world[organisation.pk]["hr"])
    response = client.post(
        reverse("portal:employee_create"),
        {
            "organisation": organisation.pk,
            "first_name": "A",
            "last_name": "B",
            "supervisor": world[other_organisation.pk]["supervisor"].pk,
            "employment_start": "2024-01-01",
        },
    )
    assert response.status_code == 200
    assert "geldige keuze" in response.content.decode()


def test_hr_cannot_add_an_employee_to_another_organisation(
    client, world, organisation, other_organisation
):
    from portal.models import Employee

    client.force_login(world[organisation.pk]["hr"])
    client.post(
        reverse("portal:employee_create"),
        {
            "organisation": other_organisation.pk,
            "first_name": "Indringer",
            "last_name": "B",
            "employment_start": "2024-01-01",
        },
    )
    assert not Employee.objects.filter(first_name="Indringer").exists()
