"""The benchmark's large organisation (bench/scale.py) is data the portal
could have made itself: the stored months agree with every report, and one
in twenty employees is sick today with open steps, so the dashboards it is
measured on show what they show in a real organisation."""

import datetime

import pytest
from django.utils import timezone

from bench.scale import SICK_NOW_EVERY, populate
from retention.figures import ORGANISATION, Period, compute, compute_live
from retention.models import AbsenceCase, Milestone, SickReport

pytestmark = pytest.mark.django_db


def test_the_bench_organisation_is_consistent_and_partly_sick_today():
    organisation = populate(40, 400, prefix="t-", name="Proef")
    employees = organisation.employees.all()
    today = timezone.localdate()
    open_cases = AbsenceCase.objects.filter(
        employee__organisation=organisation, ended_on=None
    )
    assert open_cases.count() == 40 // SICK_NOW_EVERY
    assert all(case.started_on <= today for case in open_cases)
    assert (
        SickReport.objects.filter(
            employee__organisation=organisation, recovered_on=None
        ).count()
        == open_cases.count()
    )
    assert Milestone.objects.filter(
        case__in=open_cases, closed_on=None, done_on=None, due_on__lte=today
    ).exists()
    for period in (
        Period(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
        Period(today.replace(day=1) - datetime.timedelta(days=200), today),
    ):
        stored, live = compute(employees, period), compute_live(employees, period)
        assert stored[ORGANISATION] == live[ORGANISATION], period
