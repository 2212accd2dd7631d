"""The steps of the sick-leave process and when each is due, in one table.

How the law counts, and so how this module counts:
- the first sick day is day 1 of the absence; "at the latest in week N"
  ends on day 7N, so the problem analysis (week 6) is due on day 42;
- days between the reports of one case (sick again within 28 days of a
  full recovery) do not count, so a deadline after such a gap moves on by
  it; days of partial recovery and of work in adapted or other work do
  count: the 104 weeks keep running then;
- a deadline towards UWV that ends on a Saturday, Sunday or public holiday
  moves to the next working day (Algemene termijnenwet);
- the plan of action's actual date drives the evaluations: the first is
  due a fixed number of weeks after it (six, or fewer when agreed), every
  next one that many weeks after the previous evaluation was done.

Pure functions of dates, so the worked examples in the tests can be
checked by hand.
"""

import datetime
import math
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Milestone
from .workdays import on_or_after_working_day

Kind = Milestone.Kind
LAST_WEEK = 104
EVALUATION_WEEKS = 6


@dataclass(frozen=True)
class Step:
    kind: str
    week: int  # due at the latest at the end of this week of absence
    basis: str  # where the law asks for it
    towards_uwv: bool = False  # a statutory deadline: moves off non-working days
    opens_week: int | None = None  # the earliest week it can be done
    safety_net_only: bool = False


POORTWACHTER = _("Wet verbetering poortwachter; Regeling procedurele eisen bij verzuim")

STEPS = [
    Step(Kind.COMPANY_DOCTOR, 1, _("Arbowet; your absence policy")),
    Step(
        Kind.SAFETY_NET_REPORT,
        6,
        _("Ziektewet, safety net (for example the no-risk policy)"),
        towards_uwv=True,
        safety_net_only=True,
    ),
    Step(Kind.PROBLEM_ANALYSIS, 6, POORTWACHTER),
    Step(Kind.PLAN_OF_ACTION, 8, POORTWACHTER),
    Step(Kind.UWV_REPORT, 42, _("Ziektewet, article 38"), towards_uwv=True),
    Step(Kind.FIRST_YEAR, 52, POORTWACHTER),
    Step(Kind.SECOND_TRACK, 52, POORTWACHTER),
    Step(Kind.UWV_LETTER, 88, _("WIA: UWV sends the application form")),
    Step(Kind.FINAL_EVALUATION, 91, POORTWACHTER),
    Step(Kind.REINTEGRATION_REPORT, 91, POORTWACHTER),
    Step(
        Kind.WIA_APPLICATION,
        93,
        _("WIA, article 64"),
        towards_uwv=True,
        opens_week=88,
    ),
    Step(Kind.WAGE_END, LAST_WEEK, _("Civil Code, article 7:629")),
]
BY_KIND = {step.kind: step for step in STEPS}
EVALUATION_BASIS = POORTWACHTER


@dataclass(frozen=True)
class Period:
    """Days that count towards the 104 weeks: from the first sick day up to
    and including `last` (None while it runs on)."""

    first: datetime.date
    last: datetime.date | None


class AbsenceClock:
    """Absence day numbers and calendar dates of one case, both ways."""

    def __init__(self, periods):
        self.periods = sorted(periods, key=lambda period: period.first)

    def date_of(self, day_number):
        """The calendar date of absence day `day_number` (day 1 is the first
        sick day). After the last period the days run on, as if the absence
        had continued."""
        remaining = day_number
        for index, period in enumerate(self.periods):
            last_period = index == len(self.periods) - 1
            if period.last is None or last_period:
                return period.first + datetime.timedelta(days=remaining - 1)
            length = (period.last - period.first).days + 1
            if remaining <= length:
                return period.first + datetime.timedelta(days=remaining - 1)
            remaining -= length
        raise ValueError("a case has at least one period")

    def day_number_of(self, date):
        """The absence day `date` falls on, or the last one before it."""
        counted = 0
        for index, period in enumerate(self.periods):
            last_period = index == len(self.periods) - 1
            if date < period.first:
                return max(counted, 1)
            if period.last is None or last_period or date <= period.last:
                return counted + (date - period.first).days + 1
            counted += (period.last - period.first).days + 1
        return counted

    def week_of(self, date):
        return max(1, math.ceil(self.day_number_of(date) / 7))

    def end_of_week(self, week):
        return self.date_of(7 * week)


@dataclass(frozen=True)
class Due:
    kind: str
    number: int
    week: int
    due_on: datetime.date
    opens_on: datetime.date | None = None


def schedule(
    clock,
    *,
    safety_net=False,
    plan_of_action_on=None,
    evaluation_weeks=EVALUATION_WEEKS,
    evaluations_done=(),
):
    """Every step of a case with its due date.

    `plan_of_action_on` is the day the plan of action was made (its due date
    while it is not); `evaluations_done` the days the evaluations so far
    were done, in order."""
    steps = []
    for step in STEPS:
        if step.safety_net_only and not safety_net:
            continue
        due_on = clock.end_of_week(step.week)
        if step.towards_uwv:
            due_on = on_or_after_working_day(due_on)
        opens_on = (
            clock.date_of(7 * (step.opens_week - 1) + 1) if step.opens_week else None
        )
        steps.append(Due(step.kind, 1, step.week, due_on, opens_on))
    wage_end = clock.end_of_week(LAST_WEEK)
    anchor = plan_of_action_on or clock.end_of_week(BY_KIND[Kind.PLAN_OF_ACTION].week)
    every = datetime.timedelta(weeks=evaluation_weeks)
    number = 1
    while anchor + every < wage_end:
        due_on = anchor + every
        steps.append(Due(Kind.EVALUATION, number, clock.week_of(due_on), due_on))
        done = evaluations_done[number - 1] if number <= len(evaluations_done) else None
        anchor = done or due_on
        number += 1
    return sorted(steps, key=lambda due: (due.due_on, due.week, due.kind))


def basis_of(kind):
    """Where the law asks for a step, for the timeline."""
    step = BY_KIND.get(kind)
    return step.basis if step else EVALUATION_BASIS
