"""The supervisor's and employee's dashboards say what needs doing, in a
bounded number of queries."""

import datetime
import re

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
    assert count() == small <= 13


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


def _sick(employee, first_day, user):
    from retention import absence

    return absence.report_sick(
        employee, {"first_sick_day": first_day, "expected_duration": "week"}, user
    )


def test_hr_dashboard_shows_absence_steps_frequent_absence_and_the_figures(
    client, team, organisation
):
    from retention import absence

    today = datetime.date.today()
    employee, supervisor = team["employee"], team["supervisor"]
    # Sick for 50 days: the problem analysis (day 42) is overdue, the plan of
    # action (day 56) is due within two weeks.
    _sick(employee, today - datetime.timedelta(days=49), supervisor)
    # Three reports in twelve months.
    often = EmployeeFactory(
        organisation=organisation, supervisor=supervisor, first_name="Ilse"
    )
    for start in (200, 150, 100):
        report = _sick(often, today - datetime.timedelta(days=start), supervisor)
        absence.record_recovery(
            report, today - datetime.timedelta(days=start - 5), supervisor
        )
    client.force_login(team["hr"])
    page = client.get(reverse("portal:hr_dashboard")).content.decode()
    assert "1 medewerker is nu ziek." in page
    overdue = page[page.index("Stappen die te laat zijn") :]
    soon = overdue[overdue.index("Stappen in de komende twee weken") :]
    assert "Probleemanalyse" in overdue[: overdue.index("Stappen in de komende")]
    assert "Plan van aanpak" in soon
    assert reverse("retention:absence", args=[employee.pk]) in overdue
    assert "Vaak ziek de laatste tijd" in page and "Ilse" in page
    assert reverse("retention:figures") in page


def test_hr_dashboard_queries_do_not_grow_with_the_absence(
    client, team, organisation, django_assert_max_num_queries
):
    today = datetime.date.today()
    supervisor = team["supervisor"]
    for number in range(30):
        member = EmployeeFactory(organisation=organisation, supervisor=supervisor)
        _sick(member, today - datetime.timedelta(days=40 + number), supervisor)
    client.force_login(team["hr"])
    client.get(reverse("portal:hr_dashboard"))
    with django_assert_max_num_queries(20):
        page = client.get(reverse("portal:hr_dashboard")).content.decode()
    assert "30 medewerkers zijn nu ziek." in page


def test_the_team_page_shows_the_next_contact(client, team):
    from retention.models import ContactMoment

    today = datetime.date.today()
    report = _sick(
        team["employee"], today - datetime.timedelta(days=10), team["supervisor"]
    )
    ContactMoment.objects.create(
        case=report.case,
        contact_on=today - datetime.timedelta(days=3),
        kind="phone",
        agreements="Volgende week weer bellen",
        next_contact_on=today + datetime.timedelta(days=2),
    )
    client.force_login(team["supervisor"])
    page = client.get(reverse("retention:team")).content.decode()
    section = page[page.index("Contact houden") :]
    assert "Johan de Vries" in section[:600]
    assert reverse("retention:contact", args=[team["employee"].pk]) in section[:600]


def test_everyone_the_absence_panel_names_is_in_the_access_log(
    client, team, organisation
):
    """More overdue steps than the panel shows, and steps due soon of
    others: each person named in either list is logged, and the count of
    overdue steps is the whole count, not the shown part."""
    from retention.models import AccessLogEntry, Milestone

    today = datetime.date.today()
    supervisor = team["supervisor"]
    for days in [60 + number for number in range(25)] + [30, 31, 32]:
        member = EmployeeFactory(organisation=organisation, supervisor=supervisor)
        _sick(member, today - datetime.timedelta(days=days), supervisor)
    client.force_login(team["hr"])
    page = client.get(reverse("portal:hr_dashboard"))
    panel = page.content.decode()
    panel = panel[panel.index('id="hr-absence-heading"') :]
    pattern = re.escape(reverse("retention:absence", args=[0])).replace("0", r"(\d+)")
    named = {int(pk) for pk in re.findall(pattern, panel)}
    overdue = page.context["overdue_count"]
    assert len(page.context["overdue_steps"]) == 20 < overdue
    # Soonest first in each list; the overdue ones are the 20 most overdue.
    for steps in (page.context["overdue_steps"], page.context["soon_steps"]):
        assert [step.due_on for step in steps] == sorted(step.due_on for step in steps)
    assert page.context["overdue_steps"][-1].due_on <= min(
        step.due_on
        for step in Milestone.objects.filter(
            due_on__lt=today, done_on=None, closed_on=None
        ).exclude(pk__in=[step.pk for step in page.context["overdue_steps"]])
    )
    assert f"{overdue} stappen te laat" in panel
    soon = {step.case.employee_id for step in page.context["soon_steps"]}
    assert soon - {step.case.employee_id for step in page.context["overdue_steps"]}
    logged = set(
        AccessLogEntry.objects.filter(actor=team["hr"]).values_list(
            "employee_id", flat=True
        )
    )
    assert named and named <= logged, named - logged
