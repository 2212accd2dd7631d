"""The supervisor's and employee's dashboards say what needs doing, in a
bounded number of queries."""

import datetime

import pytest
from django.urls import reverse

from retention import services
from tests.factories import EmployeeFactory
from tests.retention.conftest import add, agreed, proposed

pytestmark = pytest.mark.django_db


def test_supervisor_sees_overdue_reviews_and_answers(client, team, organisation):
    employee, supervisor = team["employee"], team["supervisor"]
    agreed(employee, supervisor)
    plan = services.plan_for(employee)
    plan.next_review_due = datetime.date(2026, 1, 1)
    plan.save()
    waiting = EmployeeFactory(
        organisation=organisation, supervisor=supervisor, first_name="Anouk"
    )
    proposed(waiting, supervisor)
    client.force_login(supervisor)
    page = client.get(reverse("retention:team")).content.decode()
    assert "Evaluatie te laat" in page and "Johan de Vries" in page
    assert "Wacht op de medewerker" in page and "Anouk" in page


def test_supervisor_dashboard_queries_do_not_grow_with_the_team(
    client, team, organisation
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from retention import absence

    supervisor = team["supervisor"]
    client.force_login(supervisor)

    def grow(size):
        for number in range(size):
            member = EmployeeFactory(organisation=organisation, supervisor=supervisor)
            if number % 3 == 0:
                add(member, supervisor)
            elif number % 3 == 1:
                proposed(member, supervisor)
            else:
                absence.report_sick(
                    member,
                    {
                        "first_sick_day": datetime.date.today(),
                        "expected_duration": "week",
                    },
                    supervisor,
                )

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("retention:team")).status_code == 200
        return len(queries)

    grow(3)
    count()  # fills the caches every page uses
    small = count()
    grow(40)
    assert count() == small <= 12


def test_employee_home_points_to_waiting_agreements(client, team):
    proposed(team["employee"], team["supervisor"])
    client.force_login(team["user"])
    page = client.get(reverse("retention:home")).content.decode()
    assert "Er staan nieuwe afspraken voor je klaar" in page


def test_hr_dashboard_lists_overdue_reviews(client, team):
    agreed(team["employee"], team["supervisor"])
    plan = services.plan_for(team["employee"])
    plan.next_review_due = datetime.date(2026, 1, 1)
    plan.save()
    client.force_login(team["hr"])
    page = client.get(reverse("portal:hr_dashboard")).content.decode()
    assert "Evaluaties die te laat zijn" in page and "Johan de Vries" in page
    page = client.get(
        reverse("portal:employee_edit", args=[team["employee"].pk])
    ).content
    assert "Open de afspraken" in page.decode()
