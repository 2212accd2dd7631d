"""The absence figures from the stored months (AbsenceMonth) against the
same figures from every segment and report (compute_live), on random data
made through the same services the pages use: part-time work, people who
came and left, partial recoveries, same-day recoveries, ongoing absence,
and periods of every shape (whole months, edges, a single day, the
future)."""

import datetime
import io
import random
from decimal import Decimal
from unittest.mock import patch

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from retention import absence, figures
from retention.figures import (
    CLASSES,
    ORGANISATION,
    Period,
    compute,
    compute_live,
    monthly_percentages,
    refresh_months,
    split,
)
from retention.models import AbsenceMonth
from tests.factories import (
    EmployeeFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.shared import shared_by_the_module

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = datetime.timedelta(days=1)


def member(role, organisation):
    user = UserFactory()
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def random_absence(organisation, seed):
    """Employees in four teams and none, with sick reports since 2024 up to
    today, each entered as a supervisor would."""
    chance = random.Random(seed)
    today = timezone.localdate()
    hr = member("hr", organisation)
    teams = [member("supervisor", organisation) for _ in range(4)] + [None]
    for number in range(24):
        start = D(2023, 1, 1) + DAY * chance.randrange(0, 1100)
        end = None
        if chance.random() < 0.2:
            end = start + DAY * chance.randrange(30, 900)
        employee = EmployeeFactory(
            organisation=organisation,
            supervisor=chance.choice(teams),
            first_name=f"R{number}",
            part_time_factor=Decimal(chance.randrange(20, 101)) / 100,
            employment_start=start,
            employment_end=end,
        )
        last_day = min(end or today, today)
        day = max(start, D(2024, 1, 1)) + DAY * chance.randrange(0, 60)
        while day <= last_day:
            report = absence.report_sick(
                employee,
                {"first_sick_day": day, "expected_duration": "unknown"},
                hr,
            )
            length = chance.choice([0, 1, 3, 8, 20, 40, 100, 400])
            back = day + DAY * length
            if end is not None:
                # Sick leave ends with the employment.
                back = min(back, end)
            partly_back = day + DAY * (length // 2)
            if (
                day < partly_back < back
                and partly_back <= today
                and (chance.random() < 0.3)
            ):
                absence.record_partial_recovery(
                    report, partly_back, chance.randrange(1, 100), hr
                )
            if back > today:
                break  # still sick
            absence.record_recovery(report, back, hr)
            day = back + DAY * chance.randrange(1, 150)
    return organisation


@pytest.fixture(scope="module")
def absence_world(django_db_setup, django_db_blocker):
    """An organisation with random absence, made once for the module (it
    takes seconds: every report goes through the services)."""
    yield from shared_by_the_module(
        django_db_blocker,
        lambda: random_absence(OrganisationFactory(name="Willekeurig"), seed=1),
    )


def periods(seed):
    today = timezone.localdate()
    chance = random.Random(seed)
    shapes = [
        # The page's default: twelve whole months and the current one.
        Period(
            (today.replace(day=1) - datetime.timedelta(days=365)).replace(day=1),
            today,
        ),
        Period(D(2025, 1, 1), D(2025, 12, 31)),
        Period(D(2025, 3, 1), D(2025, 3, 31)),
        Period(D(2025, 3, 10), D(2025, 3, 20)),
        Period(D(2025, 3, 10), D(2025, 4, 20)),
        Period(D(2025, 2, 15), D(2025, 6, 30)),
        Period(D(2025, 2, 1), D(2025, 6, 14)),
        Period(today, today),
        Period(today - 40 * DAY, today + 90 * DAY),
        Period(D(2022, 1, 1), D(2026, 12, 31)),
    ]
    for _ in range(30):
        start = D(2023, 6, 1) + DAY * chance.randrange(0, 1300)
        shapes.append(Period(start, start + DAY * chance.randrange(0, 800)))
    return shapes


def same(stored, live):
    """Exactly equal on PostgreSQL (numeric sums); SQLite adds decimals as
    floating point, so there the sick days may differ in the last digits."""
    assert stored.keys() == live.keys()
    for key in live:
        a, b = stored[key], live[key]
        assert (a.label, a.employees, a.available_days, a.headcount) == (
            b.label,
            b.employees,
            b.available_days,
            b.headcount,
        ), key
        assert (a.new_reports, a.ended_reports, a.ended_days) == (
            b.new_reports,
            b.ended_reports,
            b.ended_days,
        ), key
        assert (a.without_absence, a.classes) == (b.without_absence, b.classes), key
        if connection.vendor == "sqlite":
            assert abs(Decimal(a.sick_days) - Decimal(b.sick_days)) < Decimal(
                "0.000001"
            ), key
        else:
            assert a.sick_days == b.sick_days, key


def test_the_stored_months_give_the_same_figures_as_every_report(absence_world, db):
    employees = absence_world.employees.all()
    assert AbsenceMonth.objects.exists()
    checked = set()
    for period in periods(seed=1):
        live = compute_live(employees, period)
        same(compute(employees, period), live)
        checked.add(len(split(period)[1]))
        whole = live[ORGANISATION]
        assert whole.sick_days >= 0
    # Periods with no edge, one and two edges were all compared.
    assert checked == {0, 1, 2}


def test_each_month_of_the_chart_equals_the_figures_of_that_month(
    absence_world, db, settings
):
    settings.WERKBEHOUD_FIGURES_MIN_GROUP = 1
    employees = absence_world.employees.all()
    for period in [
        Period(D(2024, 11, 12), D(2025, 12, 31)),
        Period(D(2025, 1, 1), timezone.localdate()),
    ]:
        chart = monthly_percentages(employees, period)
        for month_start, percentage in chart:
            month = Period(
                max(month_start, period.start),
                min(
                    (month_start + datetime.timedelta(days=32)).replace(day=1) - DAY,
                    period.end,
                ),
            )
            live = compute_live(employees, month)[ORGANISATION]
            if connection.vendor == "sqlite":
                assert (
                    percentage is None
                    or live.absence_percentage is None
                    or abs(percentage - live.absence_percentage) <= Decimal("0.01")
                ), month
            else:
                assert percentage == live.absence_percentage, month


def test_rebuilding_from_scratch_gives_the_rows_each_change_left(absence_world, db):
    """Every change rebuilds its employee's months on the way; the nightly
    rebuild of everything must find nothing to correct."""

    def rows():
        return sorted(
            AbsenceMonth.objects.values_list(
                "employee_id",
                "month",
                "sick_days",
                "sick_calendar_days",
                "new_reports",
                "ended_reports",
                "ended_days",
                *[f"ended_{name}" for name, *_bounds in CLASSES],
            )
        )

    kept = rows()
    AbsenceMonth.objects.all().delete()
    out = io.StringIO()
    call_command("refresh_absence_months", stdout=out)
    assert out.getvalue().strip().endswith(f": {len(kept)}")
    assert rows() == kept
    # In batches of employees, as the worker runs it on a large organisation.
    with patch.object(figures, "REFRESH_BATCH", 5):
        assert refresh_months() == len(kept)
    assert rows() == kept


def test_a_corrected_report_moves_its_days_to_the_right_month(
    organisation, make_member
):
    hr = make_member("hr", organisation)
    employee = EmployeeFactory(
        organisation=organisation,
        employment_start=D(2020, 1, 1),
        part_time_factor=Decimal("0.5"),
    )
    report = absence.report_sick(
        employee, {"first_sick_day": D(2025, 3, 30), "expected_duration": "week"}, hr
    )
    absence.record_recovery(report, D(2025, 4, 3), hr)
    march = AbsenceMonth.objects.get(employee=employee, month=D(2025, 3, 1))
    april = AbsenceMonth.objects.get(employee=employee, month=D(2025, 4, 1))
    assert (march.sick_calendar_days, march.new_reports, march.ended_reports) == (
        2,
        1,
        0,
    )
    assert (april.sick_calendar_days, april.ended_reports, april.ended_short) == (
        2,
        1,
        1,
    )
    absence.correct_report(
        report, {"first_sick_day": D(2025, 4, 1), "expected_duration": "week"}, hr
    )
    assert not AbsenceMonth.objects.filter(
        employee=employee, month=D(2025, 3, 1)
    ).exists()
    april = AbsenceMonth.objects.get(employee=employee, month=D(2025, 4, 1))
    assert (april.sick_calendar_days, april.new_reports, april.ended_days) == (
        2,
        1,
        2,
    )
    year = Period(D(2025, 1, 1), D(2025, 12, 31))
    figures = compute(organisation.employees.all(), year)[ORGANISATION]
    assert figures.sick_days == Decimal("1.0")  # two days at half time


def test_the_figures_take_the_same_few_queries_for_any_period(absence_world, db):
    employees = absence_world.employees.all()
    for period in periods(seed=1)[:10]:
        with CaptureQueriesContext(connection) as captured:
            compute(employees, period)
        # Employment, stored months, edges and ongoing segments, reports in
        # the edges, and who had a sick day.
        assert len(captured) <= 5, (period, len(captured))
