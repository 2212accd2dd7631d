"""Absence figures after the Dutch 1996 standard (as used by CBS and Vernet),
computed in the database.

For a period [start, end], inclusive, per organisation and per team (the
employees of one work supervisor):

- absence percentage: sick calendar days in the period, weighted by the
  part-time factor and by the share still absent after a partial recovery,
  divided by the calendar days employed in the period, weighted the same way;
- report frequency: sick reports starting in the period per average
  employee, scaled to a year;
- average duration: the mean length in calendar days of the reports that
  ended in the period (their last sick day falls in it), counted in full;
- zero absence: the share of the employees employed in the period who had
  no sick day in it;
- duration classes of the reports that ended in the period: 1-14 days short,
  15-91 medium, 92-365 long, 366 and more extra long.

Nobody may be recognised in them (see publish()): a cell is shown only for
at least WERKBEHOUD_FIGURES_MIN_GROUP employees (or reports, for the
duration classes), and complementary suppression stops a hidden cell from
being worked out as the total minus the cells shown.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Count,
    DateField,
    DecimalField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, Least

from .models import AbsenceSegment, SickReport

CLASSES = [
    ("short", 1, 14),
    ("medium", 15, 91),
    ("long", 92, 365),
    ("extra_long", 366, None),
]
ORGANISATION = "organisation"


class DaysBetween(Func):
    """later - earlier in whole days, the same on PostgreSQL and SQLite."""

    output_field = IntegerField()
    arity = 2

    def as_sql(self, compiler, connection, **extra_context):
        later, later_params = compiler.compile(self.source_expressions[0])
        earlier, earlier_params = compiler.compile(self.source_expressions[1])
        return f"(({later}) - ({earlier}))", [*later_params, *earlier_params]

    def as_sqlite(self, compiler, connection, **extra_context):
        later, later_params = compiler.compile(self.source_expressions[0])
        earlier, earlier_params = compiler.compile(self.source_expressions[1])
        sql = f"CAST(ROUND(julianday({later}) - julianday({earlier})) AS INTEGER)"
        return sql, [*later_params, *earlier_params]


def _overlap_days(start_field, end_field, period):
    """Days of [start, end or open] that fall in the period, at least 0."""
    start = Value(period.start, output_field=DateField())
    end = Value(period.end, output_field=DateField())
    return Greatest(
        DaysBetween(
            Least(Coalesce(F(end_field), end), end), Greatest(F(start_field), start)
        )
        + 1,
        0,
    )


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @property
    def days(self):
        return (self.end - self.start).days + 1


@dataclass
class Figures:
    label: str
    employees: int = 0
    available_days: Decimal = Decimal(0)
    sick_days: Decimal = Decimal(0)
    headcount: Decimal = Decimal(0)
    new_reports: int = 0
    ended_reports: int = 0
    ended_days: int = 0
    without_absence: int = 0
    classes: dict = field(default_factory=lambda: {name: 0 for name, *_ in CLASSES})

    @property
    def absence_percentage(self):
        return _ratio(self.sick_days * 100, self.available_days)

    def report_frequency(self, period):
        return _ratio(Decimal(self.new_reports) * 365, self.headcount * period.days)

    @property
    def average_duration(self):
        return _ratio(Decimal(self.ended_days), Decimal(self.ended_reports))

    @property
    def zero_absence_percentage(self):
        return _ratio(Decimal(self.without_absence) * 100, Decimal(self.employees))


def _ratio(numerator, denominator):
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.01"))


def min_group():
    return settings.WERKBEHOUD_FIGURES_MIN_GROUP


def compute(employees, period, team_labels=None):
    """Figures for the organisation (key "organisation") and each team (key:
    the supervisor's id, None for those without one), before any is hidden:
    pass the result to publish(). A fixed number of queries, whatever the
    number of employees or reports."""
    team_labels = team_labels or {}
    employed = _employed(employees, period)
    results = {ORGANISATION: Figures(label=ORGANISATION)}

    def figures_for(team):
        if team not in results:
            results[team] = Figures(label=team_labels.get(team, ""))
        return results[team]

    for row in employed.values("supervisor_id").annotate(
        people=Count("pk"),
        available=Sum(_available(period)),
        presence=Sum(_overlap_days("employment_start", "employment_end", period)),
    ):
        for figures in (results[ORGANISATION], figures_for(row["supervisor_id"])):
            figures.employees += row["people"]
            figures.available_days += row["available"] or 0
            figures.headcount += Decimal(row["presence"] or 0) / period.days

    segments = AbsenceSegment.objects.filter(
        employee__in=employed.values("pk"), start__lte=period.end
    ).filter(Q(end__isnull=True) | Q(end__gte=period.start))
    for row in segments.values("employee__supervisor_id").annotate(
        days=Sum(_sick(period)), absent=Count("employee", distinct=True)
    ):
        for figures in (
            results[ORGANISATION],
            figures_for(row["employee__supervisor_id"]),
        ):
            figures.sick_days += row["days"] or 0
            figures.without_absence -= row["absent"]

    reports = SickReport.objects.filter(employee__in=employed.values("pk"))
    for row in (
        reports.filter(first_sick_day__range=(period.start, period.end))
        .values("employee__supervisor_id")
        .annotate(count=Count("pk"))
    ):
        for figures in (
            results[ORGANISATION],
            figures_for(row["employee__supervisor_id"]),
        ):
            figures.new_reports += row["count"]

    # A report's last sick day is the day before the recovery, or the first
    # sick day itself when the employee came back later that same day: one
    # (part of a) day.
    length = Greatest(DaysBetween(F("recovered_on"), F("first_sick_day")), 1)
    ended = reports.filter(
        Q(
            recovered_on__gt=period.start,
            recovered_on__lte=period.end + datetime.timedelta(days=1),
        )
        & Q(recovered_on__gt=F("first_sick_day"))
        | Q(
            recovered_on=F("first_sick_day"),
            recovered_on__range=(period.start, period.end),
        )
    ).annotate(length=length)
    class_counts = {
        name: Count(
            "pk", filter=Q(length__gte=low) & (Q(length__lte=high) if high else Q())
        )
        for name, low, high in CLASSES
    }
    for row in ended.values("employee__supervisor_id").annotate(
        count=Count("pk"), days=Sum("length"), **class_counts
    ):
        for figures in (
            results[ORGANISATION],
            figures_for(row["employee__supervisor_id"]),
        ):
            figures.ended_reports += row["count"]
            figures.ended_days += row["days"] or 0
            for name, *_bounds in CLASSES:
                figures.classes[name] += row[name]

    for figures in results.values():
        figures.without_absence += figures.employees
    return results


@dataclass
class Publication:
    """What may be shown: the organisation's figures (None when it is too
    small to show anything), the teams that may be shown, how many are not,
    and the organisation's duration classes with None for a hidden cell."""

    organisation: Figures | None
    teams: list
    hidden_teams: int
    # The organisation's reports by duration class: a count, or None when hidden.
    classes: dict


def publish(results, minimum=None):
    """Hide every cell below the minimum group size, and enough others that
    no hidden cell can be computed from the ones shown."""
    minimum = minimum or min_group()
    organisation = results[ORGANISATION]
    if organisation.employees < minimum:
        return Publication(None, [], 0, {})
    teams = [f for key, f in results.items() if key != ORGANISATION]
    shown = sorted(
        (team for team in teams if team.employees >= minimum),
        key=lambda team: (team.employees, team.label or ""),
    )
    # The organisation minus the teams shown must not single out a small
    # group: hide the smallest shown teams until what is hidden is empty or
    # large enough.
    while shown:
        hidden = organisation.employees - sum(team.employees for team in shown)
        if hidden == 0 or hidden >= minimum:
            break
        shown.pop(0)
    classes = publish_counts(organisation.classes, minimum)
    return Publication(
        organisation,
        sorted(shown, key=lambda team: team.label or ""),
        len(teams) - len(shown),
        classes,
    )


def publish_counts(counts, minimum=None):
    """Counts of a total that is shown: a count from 1 to minimum - 1 is
    hidden, and when only one would be, the smallest other one too, so the
    total minus the rest does not give it away."""
    minimum = minimum or min_group()
    hidden = {name for name, count in counts.items() if 0 < count < minimum}
    if len(hidden) == 1:
        others = sorted(
            (count, index, name)
            for index, (name, count) in enumerate(counts.items())
            if name not in hidden
        )
        if others:
            hidden.add(others[0][2])
    return {name: None if name in hidden else count for name, count in counts.items()}


def monthly_percentages(employees, period):
    """Absence percentage per calendar month in the period (None for a month
    with too few employees): one query for the available days and people of
    every month and one for the sick days, each month a conditional sum, so
    two queries however long the period."""
    months = []
    cursor = period.start.replace(day=1)
    while cursor <= period.end:
        following = (cursor + datetime.timedelta(days=32)).replace(day=1)
        months.append(
            Period(
                max(cursor, period.start),
                min(following - datetime.timedelta(days=1), period.end),
            )
        )
        cursor = following
    employed = _employed(employees, period)
    available = employed.aggregate(
        **{f"m{index}": Sum(_available(month)) for index, month in enumerate(months)},
        **{
            f"people{index}": Count("pk", filter=_employed_q(month))
            for index, month in enumerate(months)
        },
    )
    sick = (
        AbsenceSegment.objects.filter(
            employee__in=employed.values("pk"), start__lte=period.end
        )
        .filter(Q(end__isnull=True) | Q(end__gte=period.start))
        .aggregate(
            **{f"m{index}": Sum(_sick(month)) for index, month in enumerate(months)}
        )
    )
    minimum = min_group()
    return [
        (
            month.start.replace(day=1),
            _ratio((sick[f"m{i}"] or 0) * 100, available[f"m{i}"])
            if available[f"people{i}"] >= minimum
            else None,
        )
        for i, month in enumerate(months)
    ]


def _employed_q(period):
    return Q(employment_start__lte=period.end) & (
        Q(employment_end__isnull=True) | Q(employment_end__gte=period.start)
    )


def _employed(employees, period):
    return employees.filter(_employed_q(period))


def _available(period):
    """Calendar days employed in the period, times the part-time factor."""
    return ExpressionWrapper(
        _overlap_days("employment_start", "employment_end", period)
        * F("part_time_factor"),
        output_field=DecimalField(max_digits=20, decimal_places=4),
    )


def _sick(period):
    """Sick days of a segment in the period, times its absent share and the
    employee's part-time factor."""
    return ExpressionWrapper(
        _overlap_days("start", "end", period)
        * F("fraction")
        * F("employee__part_time_factor"),
        output_field=DecimalField(max_digits=20, decimal_places=4),
    )


def team_labels(employees):
    return {
        row["supervisor_id"]: " ".join(
            filter(None, [row["supervisor__first_name"], row["supervisor__last_name"]])
        )
        for row in employees.exclude(supervisor=None)
        # Without the employees' default ordering, which DISTINCT would
        # take in: one row per team, not one per employee.
        .order_by()
        .values("supervisor_id", "supervisor__first_name", "supervisor__last_name")
        .distinct()
    }
