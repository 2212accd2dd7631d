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
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import (
    Case,
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
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone

from portal import generations

from .models import AbsenceMonth, AbsenceSegment, SickReport

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
    pass the result to publish(). The whole months of the period are read
    from the stored months (AbsenceMonth), only its edges and the ongoing
    absence from the segments and reports themselves. The same numbers as
    compute_live(), in at most five queries whatever the number of employees
    or reports."""
    employed = _employed(employees, period)
    results = _Results(team_labels)
    _add_employment(results, employed, period)
    whole, edges = split(period)
    if whole is not None:
        _add_stored(results, employed, whole)
    _add_edges_and_ongoing(results, employed, period, edges)
    for row in (
        employed.filter(_absent_in(period, whole, edges))
        .values("supervisor_id")
        .annotate(absent=Count("pk"))
    ):
        for figures in results.teams_of(row["supervisor_id"]):
            figures.without_absence -= row["absent"]
    return results.finish()


def compute_live(employees, period, team_labels=None):
    """The same figures from every segment and report of the period: the
    definition compute() must equal, and what it was before the stored
    months (the test compares both on random data)."""
    employed = _employed(employees, period)
    results = _Results(team_labels)
    _add_employment(results, employed, period)
    segments = AbsenceSegment.objects.filter(
        employee__in=employed.values("pk"), start__lte=period.end
    ).filter(Q(end__isnull=True) | Q(end__gte=period.start))
    for row in segments.values("employee__supervisor_id").annotate(
        days=Sum(_sick(period)), absent=Count("employee", distinct=True)
    ):
        for figures in results.teams_of(row["employee__supervisor_id"]):
            figures.sick_days += row["days"] or 0
            figures.without_absence -= row["absent"]
    _add_reports(results, employed, [period])
    return results.finish()


class _Results(dict):
    """Figures by key while the rows of the queries are added up."""

    def __init__(self, team_labels):
        super().__init__({ORGANISATION: Figures(label=ORGANISATION)})
        self.team_labels = team_labels or {}

    def teams_of(self, team):
        """The organisation and the team, which each row adds to."""
        if team not in self:
            self[team] = Figures(label=self.team_labels.get(team, ""))
        return (self[ORGANISATION], self[team])

    def finish(self):
        for figures in self.values():
            figures.without_absence += figures.employees
        return dict(self)


def _add_employment(results, employed, period):
    for row in employed.values("supervisor_id").annotate(
        people=Count("pk"),
        available=Sum(_available(period)),
        presence=Sum(_overlap_days("employment_start", "employment_end", period)),
    ):
        for figures in results.teams_of(row["supervisor_id"]):
            figures.employees += row["people"]
            figures.available_days += row["available"] or 0
            figures.headcount += Decimal(row["presence"] or 0) / period.days


def _add_stored(results, employed, whole):
    """The stored months of the whole-month part of the period."""
    sums = {f"ended_{name}": Sum(f"ended_{name}") for name, *_bounds in CLASSES}
    for row in (
        _stored(employed, whole)
        .values("employee__supervisor_id")
        .annotate(
            days=Sum(_stored_sick()),
            new=Sum("new_reports"),
            ended=Sum("ended_reports"),
            ended_days=Sum("ended_days"),
            **sums,
        )
    ):
        for figures in results.teams_of(row["employee__supervisor_id"]):
            figures.sick_days += row["days"] or 0
            figures.new_reports += row["new"] or 0
            figures.ended_reports += row["ended"] or 0
            figures.ended_days += row["ended_days"] or 0
            for name, *_bounds in CLASSES:
                figures.classes[name] += row[f"ended_{name}"] or 0


def _add_edges_and_ongoing(results, employed, period, edges):
    """What the stored months leave out: the finished segments in the edges,
    the ongoing segments in the whole period, and the reports that start or
    end in the edges."""
    finished_in_edges = Value(0, output_field=DecimalField())
    for edge in edges:
        finished_in_edges = finished_in_edges + _sick(edge)
    segments = _not_stored(period, edges).filter(employee__in=employed.values("pk"))
    for row in segments.values("employee__supervisor_id").annotate(
        days=Sum(
            Case(
                When(end__isnull=True, then=_sick(period)),
                default=finished_in_edges,
                output_field=DecimalField(max_digits=20, decimal_places=5),
            )
        )
    ):
        for figures in results.teams_of(row["employee__supervisor_id"]):
            figures.sick_days += row["days"] or 0
    if edges:
        _add_reports(results, employed, edges)


def _add_reports(results, employed, periods):
    """Reports that start in one of the periods, and those that end in one,
    by duration class."""
    starts = _any(Q(first_sick_day__range=(p.start, p.end)) for p in periods)
    ends = _any(_ends_in(p) for p in periods)
    # A report's last sick day is the day before the recovery, or the first
    # sick day itself when the employee came back later that same day: one
    # (part of a) day.
    length = Greatest(DaysBetween(F("recovered_on"), F("first_sick_day")), 1)
    class_counts = {
        name: Count(
            "pk",
            filter=ends & Q(length__gte=low) & (Q(length__lte=high) if high else Q()),
        )
        for name, low, high in CLASSES
    }
    for row in (
        SickReport.objects.filter(starts | ends, employee__in=employed.values("pk"))
        .annotate(length=length)
        .values("employee__supervisor_id")
        .annotate(
            new=Count("pk", filter=starts),
            ended=Count("pk", filter=ends),
            days=Sum("length", filter=ends),
            **class_counts,
        )
    ):
        for figures in results.teams_of(row["employee__supervisor_id"]):
            figures.new_reports += row["new"]
            figures.ended_reports += row["ended"]
            figures.ended_days += row["days"] or 0
            for name, *_bounds in CLASSES:
                figures.classes[name] += row[name]


def _ends_in(period):
    """The report's last sick day falls in the period."""
    return Q(
        recovered_on__gt=period.start,
        recovered_on__lte=period.end + datetime.timedelta(days=1),
    ) & Q(recovered_on__gt=F("first_sick_day")) | Q(
        recovered_on=F("first_sick_day"),
        recovered_on__range=(period.start, period.end),
    )


def _absent_in(period, whole, edges):
    """Employees with at least one sick day in the period."""
    absent = Q(pk__in=_not_stored(period, edges).values("employee"))
    if whole is not None:
        absent |= Q(
            pk__in=AbsenceMonth.objects.filter(
                month__gte=whole.start, month__lte=whole.end, sick_calendar_days__gt=0
            ).values("employee")
        )
    return absent


def _not_stored(period, edges):
    """The segments the stored months leave out: the ongoing ones in the
    period, and the finished ones with a day in one of the edges."""
    return AbsenceSegment.objects.filter(
        Q(end__isnull=True, start__lte=period.end)
        | _any(_overlaps("start", "end", edge) for edge in edges)
    )


def _stored(employed, whole):
    """The stored months of these employees in the whole-month part."""
    return AbsenceMonth.objects.filter(
        employee__in=employed.values("pk"),
        month__gte=whole.start,
        month__lte=whole.end,
    )


def _overlaps(start_field, end_field, period):
    """A finished stretch [start, end] with at least one day in the period."""
    return Q(
        **{
            f"{start_field}__lte": period.end,
            f"{end_field}__gte": period.start,
        }
    )


def _any(conditions):
    """The conditions OR-ed; none: a condition that holds for no row."""
    combined = None
    for condition in conditions:
        combined = condition if combined is None else combined | condition
    return combined if combined is not None else Q(pk__in=[])


def month_start(day):
    return day.replace(day=1)


def next_month(day):
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def months(period):
    """The calendar months of the period, each cut to the period."""
    result = []
    cursor = month_start(period.start)
    while cursor <= period.end:
        following = next_month(cursor)
        result.append(
            Period(
                max(cursor, period.start),
                min(following - ONE_DAY, period.end),
            )
        )
        cursor = following
    return result


def split(period):
    """The period as its whole calendar months (one Period from the first
    day of the first to the first day of the last, or None when there is no
    whole month in it) and the edges around them (zero, one or two
    Periods)."""
    whole = [month for month in months(period) if _is_whole(month)]
    if not whole:
        return None, [period]
    edges = []
    if period.start < whole[0].start:
        edges.append(Period(period.start, whole[0].start - ONE_DAY))
    if whole[-1].end < period.end:
        edges.append(Period(whole[-1].end + ONE_DAY, period.end))
    return Period(whole[0].start, whole[-1].start), edges


ONE_DAY = datetime.timedelta(days=1)


def _is_whole(month):
    """A part of months() that is its whole calendar month."""
    return month.start.day == 1 and next_month(month.start) - month.end == ONE_DAY


def duration_class(length):
    for name, low, high in CLASSES:
        if length >= low and (high is None or length <= high):
            return name
    raise ValueError(length)


def refresh_months(employee_ids=None, models=None):
    """Rebuild the stored months (AbsenceMonth) of these employees, or of
    everyone (REFRESH_BATCH employees at a time), from their segments and
    reports; returns the number of rows. `models` (month, segment, report)
    lets a migration pass its historical models."""
    models = models or (AbsenceMonth, AbsenceSegment, SickReport)
    if employee_ids is not None:
        return _refresh_months(list(employee_ids), *models)
    employee_model = models[0]._meta.get_field("employee").related_model
    everyone = list(employee_model.objects.order_by("pk").values_list("pk", flat=True))
    return sum(
        _refresh_months(everyone[first : first + REFRESH_BATCH], *models)
        for first in range(0, len(everyone), REFRESH_BATCH)
    )


REFRESH_BATCH = 1000


@transaction.atomic
def _refresh_months(employee_ids, month_model, segment_model, report_model):
    """The employees' rows are locked first, as every change of their
    reports does (absence._lock): a rebuild never mixes with a change."""
    employee_model = month_model._meta.get_field("employee").related_model
    list(
        employee_model.objects.select_for_update()
        .filter(pk__in=employee_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    rows = {}

    def row(employee_id, day):
        key = (employee_id, month_start(day))
        if key not in rows:
            rows[key] = month_model(employee_id=key[0], month=key[1], sick_days=0)
        return rows[key]

    for employee_id, start, end, fraction in (
        segment_model.objects.filter(employee_id__in=employee_ids, end__isnull=False)
        .values_list("employee_id", "start", "end", "fraction")
        .iterator(chunk_size=5000)
    ):
        cursor = start
        while cursor <= end:
            last = min(end, next_month(cursor) - ONE_DAY)
            days = (last - cursor).days + 1
            month = row(employee_id, cursor)
            month.sick_days += days * fraction
            month.sick_calendar_days += days
            cursor = last + ONE_DAY
    for employee_id, first, recovered in (
        report_model.objects.filter(employee_id__in=employee_ids)
        .values_list("employee_id", "first_sick_day", "recovered_on")
        .iterator(chunk_size=5000)
    ):
        row(employee_id, first).new_reports += 1
        if recovered is None:
            continue
        # As _ends_in(): the last sick day, and the length in calendar days.
        last = recovered - ONE_DAY if recovered > first else first
        length = max((recovered - first).days, 1)
        month = row(employee_id, last)
        month.ended_reports += 1
        month.ended_days += length
        name = f"ended_{duration_class(length)}"
        setattr(month, name, getattr(month, name) + 1)
    month_model.objects.filter(employee_id__in=employee_ids).delete()
    month_model.objects.bulk_create(rows.values(), batch_size=2000)
    changed()
    return len(rows)


# Results kept between views ---------------------------------------------------------
#
# The figures of a period change only when an employee's reports, segments or
# employment change. Every such change ends in refresh_months() or saves the
# employee (the receivers in signals.py); both move the generation on, and a
# result of an older generation is computed afresh. So HR's pages answer from
# the cache until something changed, with the same numbers as compute().

GENERATION = "figures.generation"
KEPT_SECONDS = 6 * 60 * 60


def changed():
    """Absence or employment changed: every kept result is stale."""
    generations.move_on_now_and_at_commit(GENERATION)


def kept(name, parts, compute):
    """compute(), or its result from an earlier call with the same name and
    parts (and day, and minimum group size) while nothing changed. One cache
    round trip when kept."""
    digest = hashlib.sha256(
        repr((parts, timezone.localdate(), min_group())).encode()
    ).hexdigest()[:40]
    key = f"figures.{name}.{digest}"
    found = cache.get_many([key, GENERATION])
    generation = found.get(GENERATION)
    stored = found.get(key)
    generations.note(GENERATION, generation)
    if generation is not None and stored is not None and stored[0] == generation:
        return stored[1]
    result = compute()
    if generation is None:
        generations.move_on(GENERATION)  # starts it
    else:
        cache.set(key, (generation, result), KEPT_SECONDS)
    return result


def labelled(results, labels):
    """compute()'s results with each team named (labels: team_labels())."""
    for key, figures in results.items():
        if key != ORGANISATION:
            figures.label = labels.get(key, "")
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
    with too few employees), in four queries however long the period: the
    employees there all period long, the others (few: who came or left),
    the stored whole months, and the segments of the edges and the ongoing
    absence. The last three are summed per month here, on few rows."""
    parts = months(period)
    employed = _employed(employees, period)
    throughout = Q(employment_start__lte=period.start) & (
        Q(employment_end__isnull=True) | Q(employment_end__gte=period.end)
    )
    steady = employed.filter(throughout).aggregate(
        factors=Sum("part_time_factor"), people=Count("pk")
    )
    available = [(steady["factors"] or 0) * month.days for month in parts]
    people = [steady["people"]] * len(parts)
    for start, end, factor in employed.exclude(throughout).values_list(
        "employment_start", "employment_end", "part_time_factor"
    ):
        for index, month in enumerate(parts):
            days = _days_in(start, end, month)
            if days:
                available[index] += days * factor
                people[index] += 1
    sick = [Decimal(0)] * len(parts)
    whole, _edges = split(period)
    if whole is not None:
        stored = dict(
            _stored(employed, whole)
            .values("month")
            .annotate(days=Sum(_stored_sick()))
            .values_list("month", "days")
        )
        sick = [stored.get(month.start) or Decimal(0) for month in parts]
    edges = [month for month in parts if not _is_whole(month)]
    for start, end, fraction, factor in (
        _not_stored(period, edges)
        .filter(employee__in=employed.values("pk"))
        .values_list("start", "end", "fraction", "employee__part_time_factor")
    ):
        for index, month in enumerate(parts):
            # Whole months hold the finished segments already.
            if end is None or month in edges:
                sick[index] += _days_in(start, end, month) * fraction * factor
    minimum = min_group()
    return [
        (
            month_start(month.start),
            _ratio(sick[i] * 100, available[i]) if people[i] >= minimum else None,
        )
        for i, month in enumerate(parts)
    ]


def _days_in(start, end, period):
    """Days of [start, end or open] in the period, at least 0: the same as
    _overlap_days in the database."""
    last = period.end if end is None else min(end, period.end)
    return max((last - max(start, period.start)).days + 1, 0)


def _stored_sick():
    """A stored month's sick days times the employee's part-time factor."""
    return ExpressionWrapper(
        F("sick_days") * F("employee__part_time_factor"),
        output_field=DecimalField(max_digits=20, decimal_places=5),
    )


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
