"""Absence operations: reporting sick, recovering, the 28-day rule and the
steps of the Wet verbetering poortwachter.

Every change ends in rebuild_case(), which derives from the reports what is
derived: the case's first day, its gap days, its end, each report's absence
segments and every step's due date. One function, so corrections (a wrong
first sick day, a recovery entered too early) always leave a consistent case.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    AbsenceCase,
    AbsenceSegment,
    AccessLogEntry,
    Milestone,
    PartialRecovery,
    SickReport,
)
from .services import log_access

Kind = Milestone.Kind
CONTINUES_WITHIN_DAYS = 28
FREQUENT_REPORTS = 3
FREQUENT_WINDOW_DAYS = 365
LAST_WEEK = 104

# (kind, week of the absence by which it is due). Week 1 is the first seven days.
SCHEDULE = [
    (Kind.COMPANY_DOCTOR, 1),
    (Kind.PROBLEM_ANALYSIS, 6),
    (Kind.PLAN_OF_ACTION, 8),
    *[(Kind.EVALUATION, week) for week in range(14, LAST_WEEK, 6)],
    (Kind.UWV_REPORT, 42),
    (Kind.FIRST_YEAR, 52),
    (Kind.UWV_LETTER, 88),
    (Kind.FINAL_EVALUATION, 91),
    (Kind.WIA_APPLICATION, 93),
    (Kind.WAGE_END, LAST_WEEK),
]


class AbsenceError(Exception):
    """Input that cannot be saved; the message says why, in plain words."""


def due_date(case, week):
    return case.started_on + datetime.timedelta(weeks=week, days=case.gap_days)


# Reporting -------------------------------------------------------------------------


@transaction.atomic
def report_sick(employee, data, user):
    """Record a sick report; within 28 days of the last recovery it continues
    the same case, so the sick-leave steps run on."""
    first_day = data["first_sick_day"]
    _check_first_day(employee, first_day)
    last = employee.sick_reports.select_for_update().order_by("-first_sick_day").first()
    if last is not None and (
        last.recovered_on is None or first_day < last.recovered_on
    ):
        raise AbsenceError(_overlap_message(last))
    case = None
    if (
        last is not None
        and (first_day - last.recovered_on).days < CONTINUES_WITHIN_DAYS
    ):
        case = last.case
    if case is None:
        case = AbsenceCase.objects.create(employee=employee, started_on=first_day)
    report = SickReport.objects.create(
        case=case, employee=employee, reported_by=user, **data
    )
    rebuild_case(case)
    _log_change(employee, user)
    return report


@transaction.atomic
def correct_report(report, data, user):
    """Change the facts of a report, including a wrong first sick day."""
    first_day = data["first_sick_day"]
    _check_first_day(report.employee, first_day)
    others = report.employee.sick_reports.exclude(pk=report.pk)
    for other in others:
        end = other.recovered_on or datetime.date.max
        own_end = report.recovered_on or datetime.date.max
        if first_day < end and other.first_sick_day < own_end:
            raise AbsenceError(_overlap_message(other))
    if report.recovered_on and report.recovered_on <= first_day:
        raise AbsenceError(_("The first sick day must be before the day of recovery."))
    if report.partial_recoveries.filter(from_date__lte=first_day).exists():
        raise AbsenceError(_("The first sick day must be before the partial recovery."))
    for field, value in data.items():
        setattr(report, field, value)
    report.save()
    rebuild_case(report.case)
    _log_change(report.employee, user)
    return report


@transaction.atomic
def record_recovery(report, recovered_on, user):
    if recovered_on <= report.first_sick_day:
        raise AbsenceError(_("The day of recovery must be after the first sick day."))
    if recovered_on > timezone.localdate() + datetime.timedelta(days=1):
        raise AbsenceError(_("Record the recovery on the day itself, not in advance."))
    later = report.employee.sick_reports.filter(
        first_sick_day__gt=report.first_sick_day
    )
    if later.filter(first_sick_day__lt=recovered_on).exists():
        raise AbsenceError(_("A later sick report starts before this day of recovery."))
    last_step = report.partial_recoveries.order_by("-from_date").first()
    if last_step and recovered_on <= last_step.from_date:
        raise AbsenceError(
            _("The day of recovery must be after the last partial recovery.")
        )
    report.recovered_on = recovered_on
    report.save(update_fields=["recovered_on"])
    rebuild_case(report.case)
    _log_change(report.employee, user)
    return report


@transaction.atomic
def record_partial_recovery(report, from_date, percentage, user):
    if not 1 <= percentage <= 99:
        raise AbsenceError(
            _(
                "Give a percentage from 1 to 99. Back at work for 100 percent? "
                "Then record full recovery."
            )
        )
    if from_date <= report.first_sick_day:
        raise AbsenceError(_("A partial recovery starts after the first sick day."))
    if report.recovered_on and from_date >= report.recovered_on:
        raise AbsenceError(_("A partial recovery must start before full recovery."))
    if from_date > timezone.localdate() + datetime.timedelta(days=1):
        raise AbsenceError(
            _("Record the partial recovery on the day itself, not in advance.")
        )
    step, _created = PartialRecovery.objects.update_or_create(
        report=report, from_date=from_date, defaults={"percentage": percentage}
    )
    rebuild_case(report.case)
    _log_change(report.employee, user)
    return step


def _log_change(employee, user):
    log_access(
        employee, user, AccessLogEntry.Action.CHANGE, AccessLogEntry.Subject.ABSENCE
    )


def _check_first_day(employee, first_day):
    if first_day > timezone.localdate():
        raise AbsenceError(_("The first sick day cannot be in the future."))
    if first_day < employee.employment_start:
        raise AbsenceError(_("The first sick day is before the start of employment."))


def _overlap_message(other):
    if other.recovered_on is None:
        return _(
            "There is already an open sick report from %(date)s. Record the recovery "
            "first, or correct that report."
        ) % {"date": other.first_sick_day.strftime("%d-%m-%Y")}
    return _("This overlaps the sick report from %(start)s to %(end)s.") % {
        "start": other.first_sick_day.strftime("%d-%m-%Y"),
        "end": other.recovered_on.strftime("%d-%m-%Y"),
    }


# Deriving ----------------------------------------------------------------------------


def rebuild_case(case):
    """Derive start, gaps, end, segments and step dates from the reports."""
    reports = list(
        case.reports.order_by("first_sick_day").prefetch_related("partial_recoveries")
    )
    if not reports:
        case.delete()
        return None
    case.started_on = reports[0].first_sick_day
    case.gap_days = sum(
        (later.first_sick_day - earlier.recovered_on).days
        for earlier, later in zip(reports, reports[1:], strict=False)
    )
    case.ended_on = reports[-1].recovered_on
    case.save(update_fields=["started_on", "gap_days", "ended_on"])
    for report in reports:
        _rebuild_segments(report)
    _rebuild_milestones(case)
    return case


def _rebuild_segments(report):
    report.segments.all().delete()
    steps = sorted(report.partial_recoveries.all(), key=lambda step: step.from_date)
    starts = [(report.first_sick_day, Decimal("1"))] + [
        (step.from_date, Decimal(100 - step.percentage) / 100) for step in steps
    ]
    last_day = (
        report.recovered_on - datetime.timedelta(days=1)
        if report.recovered_on
        else None
    )
    AbsenceSegment.objects.bulk_create(
        AbsenceSegment(
            report=report,
            employee_id=report.employee_id,
            start=start,
            end=(starts[index + 1][0] - datetime.timedelta(days=1))
            if index + 1 < len(starts)
            else last_day,
            fraction=fraction,
        )
        for index, (start, fraction) in enumerate(starts)
    )


def _rebuild_milestones(case):
    existing = {(m.kind, m.week): m for m in case.milestones.all()}
    for kind, week in SCHEDULE:
        milestone = existing.pop((kind, week), None) or Milestone(
            case=case, kind=kind, week=week
        )
        milestone.due_on = due_date(case, week)
        # A recovery closes the steps that were still open; a report that
        # continues the case opens them again.
        milestone.closed_on = case.ended_on if milestone.done_on is None else None
        milestone.save()


# Steps and contact -------------------------------------------------------------------


@transaction.atomic
def tick_off(milestone, done_on, user):
    if done_on > timezone.localdate():
        raise AbsenceError(
            _("Tick off a step on or after the day it was done, not before.")
        )
    if done_on < milestone.case.started_on:
        raise AbsenceError(_("The step cannot be done before the first sick day."))
    milestone.done_on = done_on
    milestone.done_by = user
    milestone.closed_on = None
    milestone.save(update_fields=["done_on", "done_by", "closed_on"])
    _log_change(milestone.case.employee, user)
    return milestone


@transaction.atomic
def untick(milestone, user):
    milestone.done_on = None
    milestone.done_by = None
    milestone.closed_on = milestone.case.ended_on
    milestone.save(update_fields=["done_on", "done_by", "closed_on"])
    _log_change(milestone.case.employee, user)


@transaction.atomic
def add_contact(case, form, user):
    contact = form.save(commit=False)
    contact.case = case
    contact.recorded_by = user
    contact.save()
    _log_change(case.employee, user)
    return contact


def frequent_absence(employee_queryset, today):
    """Employees with the third (or more) sick report within twelve months."""
    since = today - datetime.timedelta(days=FREQUENT_WINDOW_DAYS)
    return employee_queryset.annotate(
        recent_reports=Count(
            "sick_reports", filter=Q(sick_reports__first_sick_day__gt=since)
        )
    ).filter(recent_reports__gte=FREQUENT_REPORTS)
