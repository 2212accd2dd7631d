"""Absence figures against hand calculations, including reports that cross
the period's edges, part-time work and a partial recovery."""

import datetime
from decimal import Decimal

import pytest

from retention import absence
from retention.figures import ORGANISATION, Period, compute, monthly_percentages
from retention.models import SickReport
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

D = datetime.date
JANUARY = Period(D(2026, 1, 1), D(2026, 1, 31))


def report(employee, first, recovered=None, partial=None):
    user = employee.organisation.memberships.first().user
    data = {"first_sick_day": first, "expected_duration": "unknown"}
    sick = absence.report_sick(employee, data, user)
    if partial:
        absence.record_partial_recovery(sick, partial[0], partial[1], user)
    if recovered:
        absence.record_recovery(sick, recovered, user)
    return sick


@pytest.fixture(autouse=True)
def hr(organisation, make_member):
    return make_member("hr", organisation)


@pytest.fixture
def january(organisation, make_member):
    """The worked example, by hand:

    A  full time, sick 10-14 Jan (back 15th): 5 days, ended: 5 days long.
    B  half time, sick 20 Dec-4 Jan (back 5th): 4 days in January x 0.5 = 2.0;
       ended in January, 16 days long (medium).
    C  full time, sick from 25 Jan, 50% back from 29 Jan, still off:
       4 x 1 + 3 x 0.5 = 5.5 days; starts in January, not ended.
    D  0.8 time, never sick.
    E  full time, employed from 16 Jan: 16 available days, never sick.
    F  left on 31 Dec: not counted.

    available = 31 + 15.5 + 31 + 24.8 + 16 = 118.3; sick = 12.5
    absence %  = 12.5 / 118.3 x 100 = 10.57
    headcount  = (31 + 31 + 31 + 31 + 16) / 31; new reports: A and C = 2
    frequency  = 2 x 365 / (140 / 31 x 31) = 730 / 140 = 5.21 a year
    duration   = (5 + 16) / 2 = 10.50; classes: 1 short, 1 medium
    zero absence = D and E of 5 = 40.00 %
    """
    supervisor = make_member("supervisor", organisation)
    staff = {}
    for name, factor, start, end in [
        ("A", "1.00", D(2020, 1, 1), None),
        ("B", "0.50", D(2020, 1, 1), None),
        ("C", "1.00", D(2020, 1, 1), None),
        ("D", "0.80", D(2020, 1, 1), None),
        ("E", "1.00", D(2026, 1, 16), None),
        ("F", "1.00", D(2020, 1, 1), D(2025, 12, 31)),
    ]:
        staff[name] = EmployeeFactory(
            organisation=organisation,
            supervisor=supervisor,
            first_name=name,
            part_time_factor=Decimal(factor),
            employment_start=start,
            employment_end=end,
        )
    report(staff["A"], D(2026, 1, 10), recovered=D(2026, 1, 15))
    report(staff["B"], D(2025, 12, 20), recovered=D(2026, 1, 5))
    report(staff["C"], D(2026, 1, 25), partial=(D(2026, 1, 29), 50))
    report(staff["F"], D(2025, 11, 1), recovered=D(2025, 11, 5))
    return organisation, supervisor, staff


def test_the_worked_example(january):
    organisation, supervisor, _staff = january
    results = compute(organisation.employees.all(), JANUARY)
    org = results[ORGANISATION]
    assert org.employees == 5
    assert org.available_days == Decimal("118.3")
    assert org.sick_days == Decimal("12.5")
    assert org.absence_percentage == Decimal("10.57")
    assert org.new_reports == 2
    assert org.report_frequency(JANUARY) == Decimal("5.21")
    assert (org.ended_reports, org.ended_days) == (2, 21)
    assert org.average_duration == Decimal("10.50")
    assert org.classes == {"short": 1, "medium": 1, "long": 0, "extra_long": 0}
    assert org.zero_absence_percentage == Decimal("40.00")
    team = results[supervisor.pk]
    assert team.absence_percentage == org.absence_percentage


def test_a_team_of_fewer_than_five_is_not_shown(january, organisation, make_member):
    small_team = make_member("supervisor", organisation)
    for _number in range(4):
        EmployeeFactory(
            organisation=organisation,
            supervisor=small_team,
            employment_start=D(2020, 1, 1),
        )
    results = compute(organisation.employees.all(), JANUARY)
    assert small_team.pk not in results
    assert results[ORGANISATION].employees == 9


@pytest.mark.parametrize(
    "first,recovered,in_period,ended",
    [
        (D(2025, 12, 30), D(2026, 1, 1), 0, False),  # last sick day 31 Dec: outside
        (D(2025, 12, 30), D(2026, 1, 2), 1, True),  # last sick day 1 Jan: ended inside
        (D(2026, 1, 31), D(2026, 2, 1), 1, True),  # one day, on the last day
        (D(2026, 1, 31), D(2026, 2, 3), 1, False),  # runs on into February
        (D(2025, 12, 1), D(2026, 2, 10), 31, False),  # covers the whole period
    ],
)
def test_reports_on_the_edges_of_the_period(
    organisation, make_member, first, recovered, in_period, ended
):
    employee = EmployeeFactory(
        organisation=organisation, employment_start=D(2020, 1, 1)
    )
    report(employee, first, recovered=recovered)
    figures = compute(organisation.employees.all(), JANUARY)[ORGANISATION]
    assert figures.sick_days == in_period
    assert figures.ended_reports == (1 if ended else 0)
    assert figures.new_reports == (1 if JANUARY.start <= first <= JANUARY.end else 0)


def test_duration_classes(organisation):
    period = Period(D(2024, 1, 1), D(2026, 6, 30))
    for length in (14, 15, 91, 92, 365, 366):
        employee = EmployeeFactory(
            organisation=organisation, employment_start=D(2020, 1, 1)
        )
        start = D(2024, 1, 1)
        report(employee, start, recovered=start + datetime.timedelta(days=length))
    figures = compute(organisation.employees.all(), period)[ORGANISATION]
    assert figures.classes == {"short": 1, "medium": 2, "long": 2, "extra_long": 1}


def test_an_empty_organisation_has_no_figures_rather_than_errors(organisation):
    figures = compute(organisation.employees.all(), JANUARY)[ORGANISATION]
    assert figures.absence_percentage is None
    assert figures.report_frequency(JANUARY) is None
    assert figures.average_duration is None


def test_monthly_percentages(january):
    organisation, _supervisor, _staff = january
    months = monthly_percentages(
        organisation.employees.all(), Period(D(2025, 12, 1), D(2026, 1, 31))
    )
    assert [month for month, _value in months] == [D(2025, 12, 1), D(2026, 1, 1)]
    assert months[1][1] == Decimal("10.57")


def test_reports_are_what_the_figures_count(january):
    assert SickReport.objects.count() == 4
