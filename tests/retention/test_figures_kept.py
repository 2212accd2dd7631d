"""HR's figures answer from a kept result until something they count
changes (retention.figures.kept): after every kind of change the page shows
the same numbers as computing them afresh, each HR sees only their own
organisations' figures, and a kept answer takes few queries."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from retention import absence, figures
from retention.figures import ORGANISATION, Period
from retention.models.access_log import purge_allowed
from tests.factories import EmployeeFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = Period(D(2025, 1, 1), D(2025, 12, 31))
URL = reverse("retention:figures") + "?start=2025-01-01&end=2025-12-31"


@pytest.fixture
def staffed(organisation, make_member):
    """Twelve employees in two teams of six, one report each in 2025."""
    hr = make_member("hr", organisation)
    teams = [
        make_member("supervisor", organisation, first_name=name, last_name="Team")
        for name in ("Noord", "Zuid")
    ]
    people = [
        EmployeeFactory(
            organisation=organisation,
            supervisor=teams[number % 2],
            employment_start=D(2020, 1, 1),
            part_time_factor=Decimal("1"),
        )
        for number in range(12)
    ]
    for number, person in enumerate(people):
        report = absence.report_sick(
            person,
            {"first_sick_day": D(2025, 2, 3 + number), "expected_duration": "week"},
            hr,
        )
        absence.record_recovery(report, D(2025, 2, 10 + number), hr)
    return hr, teams, people


def shown(client):
    """What the page shows of the organisation and its months."""
    page = client.get(URL)
    assert page.status_code == 200
    organisation = page.context["organisation"]
    return {
        "percentage": organisation.absence_percentage,
        "employees": organisation.employees,
        "new": organisation.new_reports,
        "ended": organisation.ended_reports,
        "teams": [
            (team.label, team.employees, team.absence_percentage)
            for team, _frequency in page.context["teams"]
        ],
        "months": [value for _label, value, _width in page.context["month_bars"]],
    }


def afresh(organisation):
    """The same, computed from the database without any kept result."""
    employees = organisation.employees.all()
    results = figures.labelled(
        figures.compute(employees, YEAR), figures.team_labels(employees)
    )
    published = figures.publish(results)
    return {
        "percentage": published.organisation.absence_percentage,
        "employees": published.organisation.employees,
        "new": published.organisation.new_reports,
        "ended": published.organisation.ended_reports,
        "teams": [
            (team.label, team.employees, team.absence_percentage)
            for team in published.teams
        ],
        "months": [
            value for _month, value in figures.monthly_percentages(employees, YEAR)
        ],
    }


def test_every_change_shows_at_once(client, organisation, staffed):
    hr, teams, people = staffed
    client.force_login(hr)
    before = shown(client)
    assert before == afresh(organisation)
    assert shown(client) == before  # now from the kept result

    def changes():
        report = absence.report_sick(
            people[0],
            {"first_sick_day": D(2025, 6, 2), "expected_duration": "week"},
            hr,
        )
        yield "a new sick report"
        absence.record_partial_recovery(report, D(2025, 6, 9), 50, hr)
        yield "a partial recovery"
        absence.record_recovery(report, D(2025, 6, 20), hr)
        yield "a recovery"
        absence.correct_report(
            report, {"first_sick_day": D(2025, 5, 26), "expected_duration": "week"}, hr
        )
        yield "a corrected first sick day"
        people[1].part_time_factor = Decimal("0.5")
        people[1].save()
        yield "a part-time factor"
        people[2].employment_end = D(2025, 3, 31)
        people[2].save()
        yield "an employment that ended"
        people[3].supervisor = teams[0]
        people[3].save()
        yield "another team"
        # As the retention purge removes someone: their log goes with them.
        purge_allowed()
        people[4].delete()
        yield "an employee removed"
        EmployeeFactory(
            organisation=organisation,
            supervisor=teams[1],
            employment_start=D(2025, 7, 1),
        )
        yield "a new employee"

    for change in changes():
        assert shown(client) == afresh(organisation), change


def test_a_renamed_team_leader_shows_at_once(client, organisation, staffed):
    hr, teams, _people = staffed
    client.force_login(hr)
    shown(client)
    teams[0].first_name = "Oost"
    teams[0].save()
    labels = [label for label, *_rest in shown(client)["teams"]]
    assert "Oost Team" in labels and "Noord Team" not in labels


def test_each_hr_gets_their_own_organisations_figures(
    client, organisation, staffed, make_member
):
    hr, _teams, _people = staffed
    client.force_login(hr)
    ours = shown(client)
    other = OrganisationFactory(name="Elders")
    other_hr = make_member("hr", other)
    for _number in range(6):
        EmployeeFactory(organisation=other, employment_start=D(2020, 1, 1))
    client.force_login(other_hr)
    theirs = shown(client)
    assert theirs["employees"] == 6 and theirs["new"] == 0
    assert theirs != ours
    client.force_login(hr)
    assert shown(client) == ours


def test_another_period_is_not_answered_from_a_kept_one(client, staffed):
    hr, _teams, _people = staffed
    client.force_login(hr)
    february = client.get(
        reverse("retention:figures") + "?start=2025-02-01&end=2025-02-28"
    )
    august = client.get(
        reverse("retention:figures") + "?start=2025-08-01&end=2025-08-31"
    )
    assert february.context["organisation"].new_reports == 12
    assert august.context["organisation"].new_reports == 0


def test_a_lost_generation_never_revives_an_old_result(client, organisation, staffed):
    """Redis may lose the generation (a restart, an eviction) and keep a
    result: the next change starts a generation that result does not carry."""
    hr, _teams, people = staffed
    client.force_login(hr)
    shown(client)
    kept_under = cache.get(figures.GENERATION)
    assert kept_under is not None
    cache.delete(figures.GENERATION)
    people[5].part_time_factor = Decimal("0.2")
    people[5].save()
    assert cache.get(figures.GENERATION) not in (None, kept_under)
    assert shown(client) == afresh(organisation)


def test_a_kept_answer_takes_few_queries(client, staffed):
    hr, _teams, _people = staffed
    client.force_login(hr)
    client.get(URL)
    with CaptureQueriesContext(connection) as computed:
        client.get(URL)
    figures.changed()
    with CaptureQueriesContext(connection) as afresh_:
        client.get(URL)
    # The session's user, HR's organisations and the team names: nothing
    # that grows with the number of reports.
    assert len(computed) <= 4, [query["sql"] for query in computed]
    assert len(afresh_) > len(computed)


def test_the_csv_answers_from_the_same_kept_result(client, organisation, staffed):
    hr, _teams, people = staffed
    client.force_login(hr)
    url = reverse("retention:figures_csv") + "?start=2025-01-01&end=2025-12-31"

    def whole_organisation():
        text = client.get(url).content.decode("utf-8-sig")
        rows = csv.reader(io.StringIO(text), delimiter=";")
        return next(row for row in rows if row[0] == "Hele organisatie")

    assert whole_organisation()[2] == str(afresh(organisation)["percentage"]).replace(
        ".", ","
    )
    people[0].employment_end = D(2025, 1, 31)
    people[0].save()
    after = whole_organisation()
    assert after[2] == str(afresh(organisation)["percentage"]).replace(".", ",")
    assert after[1] == "12"  # employed at some time in the year: still counted


def test_results_carry_no_names_of_their_own(organisation, staffed):
    """What is kept is counted per team id; the names are read on each view
    (a renamed supervisor is never shown under an old name)."""
    employees = organisation.employees.all()
    results = figures.compute(employees, YEAR)
    teams = [result for key, result in results.items() if key != ORGANISATION]
    assert len(teams) == 2
    assert {team.label for team in teams} == {""}
