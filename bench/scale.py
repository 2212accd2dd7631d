"""A large organisation for the benchmarks: employees with their work
supervisors, sick reports with their cases, segments and sick-leave steps,
and agreed adjustment plans. Bulk inserts, so 5,000 employees and 50,000
reports take seconds, not hours. Call after django.setup()."""

import datetime
import hashlib
import json
import random
from decimal import Decimal

D = datetime.date
PASSWORD = "bench-wachtwoord"
SICK_NOW_EVERY = 20


def populate(
    employees, reports, supervisors=None, plans=None, seed=1, prefix="", name="Bench"
):
    """An organisation `name` with an HR user (<prefix>hr@bench.example),
    work supervisors (<prefix>wl0@bench.example ...), `employees` employees
    (the first with an account, <prefix>employee@bench.example), `reports` sick reports spread
    over them since 2024 and, for every SICK_NOW_EVERY-th employee, one more
    that is still open today, two sick-leave steps per case, and `plans`
    agreed adjustment plans. Returns the organisation."""
    from portal.models import Employee, Membership, Organisation, User
    from retention.figures import refresh_months
    from retention.models import (
        AbsenceCase,
        AbsenceSegment,
        AdjustmentPlan,
        Milestone,
        PlanVersion,
        SickReport,
    )

    chance = random.Random(seed)
    supervisors = supervisors or max(1, employees // 20)
    plans = employees * 3 // 5 if plans is None else plans
    organisation = Organisation.objects.create(name=name, kind="sw")
    hr = User.objects.create_user(
        f"{prefix}hr@bench.example", PASSWORD, first_name="P&O"
    )
    Membership.objects.create(user=hr, organisation=organisation, role="hr")
    leaders = [
        User.objects.create_user(
            f"{prefix}wl{i}@bench.example", PASSWORD, first_name=f"Werkleider {i}"
        )
        for i in range(supervisors)
    ]
    Membership.objects.bulk_create(
        Membership(user=user, organisation=organisation, role="supervisor")
        for user in leaders
    )
    account = User.objects.create_user(
        f"{prefix}employee@bench.example", PASSWORD, first_name="M0"
    )
    Membership.objects.create(user=account, organisation=organisation, role="employee")
    people = Employee.objects.bulk_create(
        (
            Employee(
                organisation=organisation,
                first_name=f"M{i}",
                last_name="Bench",
                supervisor=leaders[i % len(leaders)],
                user=account if i == 0 else None,
                employment_start=D(2015, 1, 1),
                part_time_factor=Decimal(
                    chance.choice(["1.00", "0.80", "0.60", "0.50"])
                ),
            )
            for i in range(employees)
        ),
        batch_size=2000,
    )
    per_person = max(1, reports // employees)
    cases = []
    for person in people:
        day = D(2024, 1, 1)
        for _number in range(per_person):
            day += datetime.timedelta(days=chance.randint(10, 70))
            length = chance.choice([1, 2, 3, 5, 8, 14, 30, 90])
            cases.append(
                AbsenceCase(
                    employee=person,
                    started_on=day,
                    ended_on=day + datetime.timedelta(days=length),
                )
            )
            day += datetime.timedelta(days=length)
    # As in a real organisation, about one in twenty is sick today: a case
    # that started up to four months ago, with its steps still open.
    today = datetime.date.today()
    for person in people[::SICK_NOW_EVERY]:
        cases.append(
            AbsenceCase(
                employee=person,
                started_on=today - datetime.timedelta(days=chance.randint(3, 120)),
            )
        )
    cases = AbsenceCase.objects.bulk_create(cases, batch_size=5000)
    report_rows = SickReport.objects.bulk_create(
        (
            SickReport(
                case=case,
                employee_id=case.employee_id,
                first_sick_day=case.started_on,
                recovered_on=case.ended_on,
                expected_duration="unknown",
            )
            for case in cases
        ),
        batch_size=5000,
    )
    AbsenceSegment.objects.bulk_create(
        (
            AbsenceSegment(
                report=report,
                employee_id=report.employee_id,
                start=report.first_sick_day,
                end=report.recovered_on - datetime.timedelta(days=1)
                if report.recovered_on
                else None,
                fraction=1,
            )
            for report in report_rows
        ),
        batch_size=5000,
    )
    # Bulk inserts pass by the rebuild each report change does.
    refresh_months([person.pk for person in people])
    Milestone.objects.bulk_create(
        (
            Milestone(
                case=case,
                kind=kind,
                week=week,
                due_on=case.started_on + datetime.timedelta(weeks=week),
                closed_on=case.ended_on,
                # Of the open cases, the first step is mostly done.
                done_on=case.started_on + datetime.timedelta(weeks=week)
                if case.ended_on is None
                and week == 1
                and case.started_on + datetime.timedelta(weeks=week) <= today
                and chance.random() < 0.7
                else None,
            )
            for case in cases
            for kind, week in (
                (Milestone.Kind.COMPANY_DOCTOR, 1),
                (Milestone.Kind.PROBLEM_ANALYSIS, 6),
            )
        ),
        batch_size=5000,
    )
    plan_rows = AdjustmentPlan.objects.bulk_create(
        (AdjustmentPlan(employee=person) for person in people[:plans]),
        batch_size=2000,
    )
    snapshots = {
        plan.pk: {"employee": f"M{index} Bench", "version": 1, "adjustments": []}
        for index, plan in enumerate(plan_rows)
    }
    PlanVersion.objects.bulk_create(
        (
            PlanVersion(
                plan=plan,
                number=1,
                status=PlanVersion.Status.AGREED,
                snapshot=snapshots[plan.pk],
                snapshot_sha256=hashlib.sha256(
                    json.dumps(snapshots[plan.pk], sort_keys=True).encode()
                ).hexdigest(),
            )
            for plan in plan_rows
        ),
        batch_size=2000,
    )
    return organisation
