"""Each role lands on a real dashboard that says what to do next."""

import pytest
from django.urls import reverse

from portal.access import HELPDESK_GROUP
from portal.models import Membership
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "role,dashboard,empty_text",
    [
        ("hr", "portal:hr_dashboard", "Nog geen medewerkers"),
        (
            "supervisor",
            "retention:team",
            "Er is nog niemand aan je gekoppeld",
        ),
        (
            "employee",
            "retention:home",
            "Je account is nog niet gekoppeld aan je gegevens",
        ),
    ],
)
def test_member_lands_on_their_dashboard_with_an_empty_state(
    client, organisation, make_member, role, dashboard, empty_text
):
    client.force_login(make_member(role, organisation))
    response = client.get(reverse("portal:dashboard"), follow=True)
    assert response.redirect_chain[-1][0] == reverse(dashboard)
    assert empty_text in response.content.decode()


def test_helpdesk_lands_on_the_helpdesk_dashboard(client):
    client.force_login(UserFactory(groups=[HELPDESK_GROUP]))
    response = client.get(reverse("portal:dashboard"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("chat:helpdesk")
    assert "Er wachten geen vragen" in response.content.decode()


def test_editor_lands_in_the_wagtail_admin(client):
    client.force_login(UserFactory(groups=["Editors"]))
    response = client.get(reverse("portal:dashboard"))
    assert response.url == reverse("wagtailadmin_home")
    assert client.get(response.url).status_code == 200


def test_someone_with_several_roles_chooses(client, organisation, make_member):
    user = make_member("hr", organisation)
    Membership.objects.create(user=user, organisation=organisation, role="supervisor")
    client.force_login(user)
    response = client.get(reverse("portal:dashboard"))
    content = response.content.decode()
    assert "meer dan één rol" in content
    assert reverse("portal:hr_dashboard") in content
    assert reverse("retention:team") in content


def test_account_without_role_is_told_how_to_get_one(client):
    client.force_login(UserFactory())
    response = client.get(reverse("portal:dashboard"))
    assert "nog niet gekoppeld" in response.content.decode()


def test_hr_dashboard_lists_employees_with_their_supervisor(
    client, organisation, make_member
):
    hr = make_member("hr", organisation)
    supervisor = make_member(
        "supervisor", organisation, first_name="Sandra", last_name="Bakker"
    )
    EmployeeFactory(
        organisation=organisation,
        supervisor=supervisor,
        first_name="Johan",
        last_name="de Vries",
    )
    client.force_login(hr)
    content = client.get(reverse("portal:hr_dashboard")).content.decode()
    assert "Johan de Vries" in content
    assert "Sandra Bakker" in content


def test_hr_dashboard_pages_long_lists(client, organisation, make_member):
    hr = make_member("hr", organisation)
    EmployeeFactory.create_batch(30, organisation=organisation)
    client.force_login(hr)
    first = client.get(reverse("portal:hr_dashboard")).content.decode()
    assert "Pagina 1 van 2" in first
    second = client.get(reverse("portal:hr_dashboard") + "?pagina=2").content.decode()
    assert "Pagina 2 van 2" in second
    assert (
        client.get(reverse("portal:hr_dashboard") + "?pagina=onzin").status_code == 200
    )


def _team(organisation, supervisor, size):
    for _ in range(size):
        EmployeeFactory(
            organisation=organisation, supervisor=supervisor, user=UserFactory()
        )


@pytest.mark.parametrize("size", [2, 25])
def test_dashboards_make_a_bounded_number_of_queries(
    client, organisation, make_member, django_assert_max_num_queries, size
):
    hr = make_member("hr", organisation)
    supervisor = make_member("supervisor", organisation)
    _team(organisation, supervisor, size)
    client.force_login(hr)
    # Each page pays one query for the gate (is there an authenticator?) and
    # one insert for the access log, whatever the number of employees; the
    # absence panel five (who is sick, overdue steps and their number, the
    # coming steps, often sick).
    with django_assert_max_num_queries(20):
        assert client.get(reverse("portal:hr_dashboard")).status_code == 200
    client.force_login(supervisor)
    with django_assert_max_num_queries(13):
        assert client.get(reverse("retention:team")).status_code == 200


def test_hr_adds_an_employee_and_sees_clear_errors_on_bad_input(
    client, organisation, make_member
):
    hr = make_member("hr", organisation)
    client.force_login(hr)
    response = client.post(
        reverse("portal:employee_create"),
        {
            "organisation": organisation.pk,
            "first_name": "",
            "last_name": "Jansen",
            "employment_start": "31-31-2024",
            "invite_email": "geen-adres",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Dit is een verplicht veld" in content
    assert "geldige datum" in content
    assert "geldig e-mailadres" in content
    assert not organisation.employees.exists()


def test_hr_edits_an_employee(client, organisation, make_member):
    hr = make_member("hr", organisation)
    supervisor = make_member("supervisor", organisation)
    employee = EmployeeFactory(organisation=organisation)
    client.force_login(hr)
    response = client.post(
        reverse("portal:employee_edit", args=[employee.pk]),
        {
            "first_name": "Nieuwe",
            "last_name": "Naam",
            "supervisor": supervisor.pk,
            "employment_start": "2021-04-01",
            "part_time_factor": "0.80",
        },
    )
    assert response.status_code == 302
    employee.refresh_from_db()
    assert (employee.first_name, employee.supervisor) == ("Nieuwe", supervisor)
    assert str(employee.part_time_factor) == "0.80"
    assert employee.organisation == organisation


def test_hr_sets_a_shorter_review_term_within_six_months(
    client, organisation, make_member, other_organisation
):
    client.force_login(make_member("hr", organisation))
    url = reverse("portal:organisation_settings", args=[organisation.pk])
    data = {"name": organisation.name, "kind": "sw", "review_interval_months": 9}
    assert "hoogstens 6" in client.post(url, data).content.decode()
    client.post(url, dict(data, review_interval_months=3))
    organisation.refresh_from_db()
    assert organisation.review_interval_months == 3
    foreign = reverse("portal:organisation_settings", args=[other_organisation.pk])
    assert client.get(foreign).status_code == 404


def test_the_open_invitations_card_counts_them_all(client, organisation, make_member):
    """Not the first five: the card said 5 with seven open invitations. One
    revoked invitation does not count."""
    from portal import services

    hr = make_member("hr", organisation)
    for number in range(7):
        services.invite(
            organisation=organisation,
            email=f"werkleider{number}@example.com",
            role="supervisor",
            invited_by=hr,
        )
    services.invite(
        organisation=organisation,
        email="werkleider0@example.com",
        role="supervisor",
        invited_by=hr,
    )  # revokes the first one to the same address
    client.force_login(hr)
    page = client.get(reverse("portal:hr_dashboard")).content.decode()
    card = page[: page.index("open uitnodigingen")]
    assert card.rstrip().endswith(
        f'<span class="figure">7</span> <a href="{reverse("portal:invitation_list")}">'
    )
