"""Absence: sick reports within the Dutch privacy rules, the case they belong
to, the re-integration steps of the Wet verbetering poortwachter, and the
contact moments in between.

There is deliberately no field for the reason, the nature or the cause of an
illness, nor for treatment: an employer may not record them, not even with
the employee's consent.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Employee


class AbsenceCase(models.Model):
    """Sick reports less than 28 days apart count as one case; the steps of
    the sick-leave process run from its first sick day."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="absence_cases"
    )
    started_on = models.DateField(_("first sick day"))
    ended_on = models.DateField(_("fully back at work on"), null=True, blank=True)
    # Days in between the reports of this case: they do not count towards
    # the 104 weeks, so every step moves on by them.
    gap_days = models.PositiveIntegerField(default=0)
    # The plan of action is evaluated this many weeks after it was made,
    # and after each evaluation: six, or fewer when agreed.
    evaluation_weeks = models.PositiveSmallIntegerField(
        _("evaluate the plan of action every (weeks)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("absence case")
        verbose_name_plural = _("absence cases")

    def __str__(self):
        return f"{self.employee} {self.started_on}"

    @property
    def is_open(self):
        return self.ended_on is None


class SickReport(models.Model):
    """One sick report with only what the Dutch DPA allows an employer to record."""

    class ExpectedDuration(models.TextChoices):
        FEW_DAYS = "few_days", _("A few days")
        WEEK = "week", _("About a week")
        WEEKS = "weeks", _("Two to six weeks")
        LONGER = "longer", _("Longer than six weeks")
        UNKNOWN = "unknown", _("Not known yet")

    case = models.ForeignKey(
        AbsenceCase, on_delete=models.CASCADE, related_name="reports"
    )
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="sick_reports"
    )
    first_sick_day = models.DateField(_("first sick day"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now_add=True)
    phone = models.CharField(
        _("phone number during the absence"), max_length=30, blank=True
    )
    care_address = models.TextField(
        _("address during the absence"),
        blank=True,
        max_length=300,
        help_text=_(
            "Only if it differs from the home address, for example with family."
        ),
    )
    expected_duration = models.CharField(
        _("expected duration"), max_length=20, choices=ExpectedDuration.choices
    )
    ongoing_work = models.TextField(
        _("appointments and work to hand over"),
        blank=True,
        max_length=1000,
        help_text=_("Work appointments and tasks that someone else must take over."),
    )
    safety_net = models.BooleanField(
        _("a safety-net provision of the Sickness Benefits Act applies"),
        default=False,
        help_text=_("Only whether one applies, never which one."),
    )
    work_accident = models.BooleanField(
        _("linked to an accident at work"), default=False
    )
    third_party_liable = models.BooleanField(
        _("someone else may be liable, for example after a traffic accident"),
        default=False,
    )

    class RecoveredIn(models.TextChoices):
        OWN_WORK = "own_work", _("In their own work")
        ADAPTED_WORK = "adapted_work", _("In adapted or other work")

    # The first day fully at work again; the first sick day itself when the
    # employee came back later that day.
    recovered_on = models.DateField(_("fully back at work on"), null=True, blank=True)
    recovered_in = models.CharField(
        _("back at work"),
        max_length=20,
        choices=RecoveredIn.choices,
        default=RecoveredIn.OWN_WORK,
    )
    # After a recovery in adapted or other work the 104 weeks run on until
    # the employee is back in their own work.
    back_in_own_work_on = models.DateField(
        _("back in their own work on"), null=True, blank=True
    )

    class Meta:
        ordering = ["-first_sick_day", "-pk"]
        indexes = [
            # The figures count the reports that start or end in the edges
            # of a period.
            models.Index(fields=["first_sick_day"], name="sick_report_first_day"),
            models.Index(fields=["recovered_on"], name="sick_report_recovered_on"),
        ]
        verbose_name = _("sick report")
        verbose_name_plural = _("sick reports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recovered_on__isnull=True)
                | models.Q(recovered_on__gte=models.F("first_sick_day")),
                name="sick_report_recovery_on_or_after_first_day",
            ),
            models.CheckConstraint(
                condition=models.Q(back_in_own_work_on__isnull=True)
                | models.Q(back_in_own_work_on__gte=models.F("recovered_on")),
                name="sick_report_own_work_after_recovery",
            ),
        ]

    def __str__(self):
        return f"{self.employee} {self.first_sick_day}"

    @property
    def is_open(self):
        return self.recovered_on is None

    @property
    def last_counted_day(self):
        """The last day that counts towards the 104 weeks (None while it
        runs on): the day before the return to the employee's own work."""
        if self.recovered_on is None:
            return None
        if self.recovered_in == self.RecoveredIn.ADAPTED_WORK:
            if self.back_in_own_work_on is None:
                return None
            return self.back_in_own_work_on - datetime.timedelta(days=1)
        return max(self.recovered_on - datetime.timedelta(days=1), self.first_sick_day)

    @property
    def last_absent_day(self):
        """The last day away from work (None while away): the first sick day
        itself when the employee came back that same day."""
        if self.recovered_on is None:
            return None
        return max(self.recovered_on - datetime.timedelta(days=1), self.first_sick_day)


class PartialRecovery(models.Model):
    """From a date the employee works again for part of the usual work."""

    report = models.ForeignKey(
        SickReport, on_delete=models.CASCADE, related_name="partial_recoveries"
    )
    from_date = models.DateField(_("from"))
    percentage = models.PositiveSmallIntegerField(
        _("works again for (%)"),
        validators=[MinValueValidator(1), MaxValueValidator(99)],
    )

    class Meta:
        ordering = ["from_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percentage__gte=1, percentage__lte=99),
                name="partial_recovery_percentage_1_99",
            ),
            models.UniqueConstraint(
                fields=["report", "from_date"], name="one_step_per_day"
            ),
        ]

    def __str__(self):
        return f"{self.report} {self.percentage}% {self.from_date}"


class AbsenceSegment(models.Model):
    """A stretch of a report with one share of absence, kept so that absence
    figures are sums in the database. Rebuilt from the report on every change."""

    report = models.ForeignKey(
        SickReport, on_delete=models.CASCADE, related_name="segments"
    )
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)  # inclusive; empty while ongoing
    fraction = models.DecimalField(max_digits=4, decimal_places=3)

    class Meta:
        indexes = [
            models.Index(fields=["employee", "start"], name="segment_employee_start"),
            # The figures read the segments that end in a stretch of days
            # (the edges of a period) and the ongoing ones.
            models.Index(fields=["end", "start"], name="segment_end_start"),
        ]

    def __str__(self):
        return f"{self.report_id} {self.start}–{self.end} {self.fraction}"


class AbsenceMonth(models.Model):
    """One employee's finished absence and sick reports in one calendar
    month, so the figures for the whole months of a period are sums over a
    few rows per employee instead of over every segment and report
    (retention.figures). Derived, never edited: rebuilt for the employee
    with the segments (absence.rebuild_case), and for everyone each night by
    the worker. Ongoing segments are not in it: the figures read those live.
    Rows with nothing in them are not stored."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # its first day
    # Calendar days of finished segments in the month, times the share
    # absent (not yet times the part-time factor, which may change).
    sick_days = models.DecimalField(max_digits=9, decimal_places=3, default=0)
    sick_calendar_days = models.PositiveIntegerField(default=0)
    new_reports = models.PositiveIntegerField(default=0)
    # Reports whose last sick day falls in the month, their length in
    # calendar days, and how many of them fall in each duration class.
    ended_reports = models.PositiveIntegerField(default=0)
    ended_days = models.PositiveIntegerField(default=0)
    ended_short = models.PositiveIntegerField(default=0)
    ended_medium = models.PositiveIntegerField(default=0)
    ended_long = models.PositiveIntegerField(default=0)
    ended_extra_long = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "month"], name="absence_month_once_per_employee"
            )
        ]
        indexes = [models.Index(fields=["month"], name="absence_month_month")]

    def __str__(self):
        return f"{self.employee_id} {self.month:%Y-%m}"


class Milestone(models.Model):
    """A step of the sick-leave process, with its due date in the case."""

    class Kind(models.TextChoices):
        COMPANY_DOCTOR = "company_doctor", _("Report to the company doctor")
        PROBLEM_ANALYSIS = (
            "problem_analysis",
            _("Problem analysis by the company doctor"),
        )
        PLAN_OF_ACTION = (
            "plan_of_action",
            _("Plan of action, together with the employee"),
        )
        EVALUATION = "evaluation", _("Evaluate the plan of action")
        UWV_REPORT = "uwv_report", _("Report the absence to UWV")
        SAFETY_NET_REPORT = (
            "safety_net_report",
            _("Report the absence to UWV (safety net)"),
        )
        FIRST_YEAR = "first_year", _("First-year evaluation")
        SECOND_TRACK = (
            "second_track",
            _("Decide on the second track (work with another employer)"),
        )
        UWV_LETTER = "uwv_letter", _("UWV's letter about the WIA application")
        FINAL_EVALUATION = (
            "final_evaluation",
            _("Final evaluation; copy of the file to the employee"),
        )
        REINTEGRATION_REPORT = (
            "reintegration_report",
            _("Re-integration report, with the company doctor's current assessment"),
        )
        WIA_APPLICATION = "wia_application", _("The employee applies for WIA")
        WAGE_END = "wage_end", _("End of continued wage payment")

    case = models.ForeignKey(
        AbsenceCase, on_delete=models.CASCADE, related_name="milestones"
    )

    class Outcome(models.TextChoices):
        SECOND_TRACK_STARTED = "started", _("Second track started")
        SECOND_TRACK_NOT_NEEDED = (
            "not_needed",
            _("No second track: return to own or adapted work is in sight"),
        )

    kind = models.CharField(max_length=30, choices=Kind.choices)
    # The first, second, ... step of its kind in the case (evaluations repeat).
    number = models.PositiveSmallIntegerField(default=1)
    # The week of absence it falls in: for the table's steps the week of
    # their deadline.
    week = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    opens_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    done_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Set when the employee recovered before the step was due or done.
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "week", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "number"], name="milestone_numbered_per_kind"
            )
        ]
        indexes = [
            # The open steps by date, for the dashboards and the reminders:
            # a few hundred among every step of every case ever (at 5,000
            # employees 110,000 rows, which a scan read for each dashboard).
            models.Index(
                fields=["due_on"],
                name="milestone_open_due",
                condition=models.Q(done_on__isnull=True, closed_on__isnull=True),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} (week {self.week})"

    @property
    def is_open(self):
        return self.done_on is None and self.closed_on is None


class ContactMoment(models.Model):
    class Kind(models.TextChoices):
        PHONE = "phone", _("Phone call")
        VISIT = "visit", _("Visit")
        VIDEO = "video", _("Video call")
        MESSAGE = "message", _("Message")

    case = models.ForeignKey(
        AbsenceCase, on_delete=models.CASCADE, related_name="contacts"
    )
    contact_on = models.DateField(_("date"))
    kind = models.CharField(_("kind of contact"), max_length=10, choices=Kind.choices)
    agreements = models.TextField(
        _("what you agreed"),
        max_length=2000,
        help_text=_("About work and keeping in touch; never about the illness itself."),
    )
    next_contact_on = models.DateField(_("next contact"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-contact_on", "-pk"]
        verbose_name = _("contact moment")
        verbose_name_plural = _("contact moments")

    def __str__(self):
        return f"{self.case} {self.contact_on}"
