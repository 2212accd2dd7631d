"""Only the right people see a plan: every role and a foreign organisation
against every plan view. A plan elsewhere is simply not found."""

import pytest
from django.urls import reverse

from portal.access import HELPDESK_GROUP
from portal.models import Membership
from retention import services
from retention.models import AccessLogEntry, OwnPlan
from tests.factories import (
    EmployeeFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.retention.conftest import agreed, revision

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_urls(team):
    employee = team["employee"]
    first = agreed(employee, team["supervisor"])
    key = first.adjustments.get().key
    pk = employee.pk
    return [
        reverse("retention:plan", args=[pk]),
        reverse("retention:adjustment_create", args=[pk]),
        reverse("retention:adjustment_edit", args=[pk, key]),
        reverse("retention:adjustment_delete", args=[pk, key]),
        reverse("retention:propose", args=[pk]),
        reverse("retention:version", args=[pk, 1]),
        reverse("retention:review", args=[pk]),
    ]


@pytest.fixture
def outsiders(organisation):
    other = OrganisationFactory(name="Ander bedrijf")
    people = {}
    for role in ("hr", "supervisor", "employee"):
        user = UserFactory()
        MembershipFactory(user=user, organisation=other, role=role)
        people[f"foreign {role}"] = user
    colleague = UserFactory()
    MembershipFactory(user=colleague, organisation=organisation, role="supervisor")
    EmployeeFactory(organisation=organisation, supervisor=colleague)
    people["other supervisor, same organisation"] = colleague
    people["colleague employee"] = UserFactory()
    MembershipFactory(
        user=people["colleague employee"], organisation=organisation, role="employee"
    )
    people["helpdesk"] = UserFactory(groups=[HELPDESK_GROUP])
    people["editor"] = UserFactory(groups=["Editors"])
    return people


@pytest.mark.parametrize("who", ["hr", "supervisor"])
def test_hr_and_the_supervisor_open_every_plan_view(client, team, plan_urls, who):
    client.force_login(team[who])
    for url in plan_urls:
        assert client.get(url).status_code in (200, 302), url


@pytest.mark.parametrize(
    "who",
    [
        "foreign hr",
        "foreign supervisor",
        "foreign employee",
        "other supervisor, same organisation",
        "colleague employee",
        "helpdesk",
        "editor",
    ],
)
def test_nobody_else_opens_any_plan_view(client, team, plan_urls, outsiders, who):
    client.force_login(outsiders[who])
    for url in plan_urls:
        response = client.get(url)
        assert response.status_code in (403, 404), (who, url, response.status_code)
        assert "Vaste pauze" not in response.content.decode()
        if who in (
            "foreign hr",
            "foreign supervisor",
            "other supervisor, same organisation",
        ):
            assert response.status_code == 404, (who, url)


def test_the_employee_manages_nothing_not_even_their_own(client, team, plan_urls):
    client.force_login(team["user"])
    for url in plan_urls:
        assert client.get(url).status_code == 403, url


def test_changes_through_a_foreign_url_change_nothing(
    client, team, plan_urls, outsiders
):
    client.force_login(outsiders["foreign hr"])
    employee = team["employee"]
    client.post(
        reverse("retention:adjustment_create", args=[employee.pk]),
        {"agreement": "Ingebroken", "revision": revision(employee)},
    )
    client.post(reverse("retention:withdraw", args=[employee.pk]), {"revision": 1})
    assert not services.open_version(services.plan_for(employee))


@pytest.mark.parametrize(
    "name",
    [
        "retention:my_plan",
        "retention:own_plan",
        "retention:consents",
        "retention:my_data",
        "retention:home",
        "retention:print",
    ],
)
def test_employee_pages_show_only_the_own_record(client, team, outsiders, name):
    agreed(team["employee"], team["supervisor"])
    client.force_login(outsiders["colleague employee"])
    response = client.get(reverse(name))
    assert "Vaste pauze" not in response.content.decode()
    if name == "retention:home":
        assert "nog niet gekoppeld" in response.content.decode()
    else:
        assert response.status_code == 404
    client.force_login(team["supervisor"])
    assert client.get(reverse(name)).status_code == 403


def test_passport_travels_to_the_new_supervisor(
    client, team, organisation, make_member
):
    employee, old = team["employee"], team["supervisor"]
    agreed(employee, old)
    OwnPlan.objects.create(
        employee=employee, what_helps="Rustige start", share_what_helps=True
    )
    new = make_member(Membership.Role.SUPERVISOR, organisation)
    employee.supervisor = new
    employee.save()
    url = reverse("retention:plan", args=[employee.pk])
    client.force_login(new)
    page = client.get(url).content.decode()
    # The agreements travel; what was shared with the former supervisor
    # does not, until the employee shares it with the new one.
    assert "Vaste pauze" in page and "Rustige start" not in page
    client.force_login(old)
    assert client.get(url).status_code == 404


def test_viewing_a_plan_is_logged(client, team):
    agreed(team["employee"], team["supervisor"])
    client.force_login(team["hr"])
    client.get(reverse("retention:plan", args=[team["employee"].pk]))
    entry = AccessLogEntry.objects.filter(action="view").latest("at")
    assert entry.actor == team["hr"] and "(P&O)" in entry.actor_label
