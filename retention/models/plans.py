"""Workplace adjustments agreed with an employee, in versions the employee
agrees to."""

import hashlib
import json
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Employee


class AdjustmentPlan(models.Model):
    """The adjustments passport of one employee: it travels with them when
    their supervisor changes."""

    employee = models.OneToOneField(
        Employee, on_delete=models.CASCADE, related_name="adjustment_plan"
    )
    next_review_due = models.DateField(_("next review"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("adjustment plan")
        verbose_name_plural = _("adjustment plans")

    def __str__(self):
        return str(self.employee)


class PlanVersion(models.Model):
    """One version of the adjustments. Draft -> proposed -> agreed, or back
    to the supervisor with the employee's request for changes. An agreed
    version is frozen: its content is kept as a snapshot with a SHA-256."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PROPOSED = "proposed", _("Waiting for the employee")
        CHANGES_REQUESTED = "changes_requested", _("Employee asked for changes")
        AGREED = "agreed", _("Agreed")

    OPEN_STATUSES = (Status.DRAFT, Status.PROPOSED, Status.CHANGES_REQUESTED)
    EDITABLE_STATUSES = (Status.DRAFT, Status.CHANGES_REQUESTED)

    plan = models.ForeignKey(
        AdjustmentPlan, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # Raised on every change, so a form opened before someone else's change
    # is recognised as stale instead of overwriting it.
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    proposed_at = models.DateTimeField(null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    employee_comment = models.TextField(
        _("what the employee would like changed"), blank=True, max_length=2000
    )
    changes_requested_at = models.DateTimeField(null=True, blank=True)
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    snapshot_sha256 = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"], name="plan_version_number_unique"
            ),
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(
                    status__in=["draft", "proposed", "changes_requested"]
                ),
                name="plan_one_open_version",
            ),
        ]

    def __str__(self):
        return f"{self.plan} – versie {self.number}"

    @property
    def is_editable(self):
        return self.status in self.EDITABLE_STATUSES

    def content(self):
        """The adjustments as plain data: the frozen snapshot once agreed."""
        if self.status == self.Status.AGREED and self.snapshot is not None:
            return self.snapshot
        return snapshot_of(self)


def snapshot_of(version):
    """What an employee agrees to: every adjustment, in order, as text."""
    return {
        "employee": version.plan.employee.full_name,
        "version": version.number,
        "adjustments": [
            adjustment.as_data() for adjustment in version.adjustments.all()
        ],
    }


def sha256_of(snapshot):
    canonical = json.dumps(
        snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class Adjustment(models.Model):
    """One agreed (or refused) adjustment, chosen by the limitation in work it
    answers, never by a diagnosis."""

    class Category(models.TextChoices):
        WORKING_HOURS = "working_hours", _("Working hours")
        TASKS = "tasks", _("Tasks, workload and targets")
        WORKPLACE = "workplace", _("Workplace and surroundings")
        INSTRUCTIONS = "instructions", _("Instructions and communication")
        SUPERVISION = "supervision", _("Supervision and check-ins")
        APPOINTMENTS = "appointments", _("Appointments and leave")
        ENERGY = "energy", _("Energy and breaks")
        SOCIAL = "social", _("Social safety and a buddy")
        COACHING = "coaching", _("Coaching and job coach")
        TRAVEL = "travel", _("Travel")
        TRAINING = "training", _("Training")
        PHASED_RETURN = "phased_return", _("Phased return")

    class Limitation(models.TextChoices):
        CONCENTRATION = "concentration", _("Concentration")
        MEMORY = "memory", _("Memory")
        ENERGY = "energy", _("Energy")
        STRESS = "stress", _("Stress and time pressure")
        CHANGE = "change", _("Dealing with change")
        SOCIAL = "social", _("Social interaction")
        ATTENDANCE = "attendance", _("Attendance")

    class Funding(models.TextChoices):
        NONE = "none", _("No funding")
        WAGE_SUBSIDY = "wage_subsidy", _("Wage-cost subsidy")
        NO_RISK = "no_risk", _("No-risk policy")
        JOB_COACH = "job_coach", _("Job coach funding")
        WORKPLACE = "workplace", _("Workplace adjustment provision")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("In place")
        ENDED = "ended", _("Ended")
        REFUSED = "refused", _("Requested, not granted")

    version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="adjustments"
    )
    # The same adjustment keeps its key from version to version, so changes
    # between versions can be shown per adjustment.
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    position = models.PositiveIntegerField(default=0)
    category = models.CharField(
        _("kind of adjustment"), max_length=20, choices=Category.choices
    )
    limitation = models.CharField(
        _("what is hard in the work"), max_length=20, choices=Limitation.choices
    )
    agreement = models.TextField(_("what we agree"), max_length=1000)
    responsibilities = models.TextField(_("who does what"), blank=True, max_length=1000)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    funding = models.CharField(
        _("funding"), max_length=20, choices=Funding.choices, default=Funding.NONE
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    refusal_reason = models.TextField(
        _("why it was not granted"), blank=True, max_length=1000
    )

    # What an employee agrees to, in the order of the form: start from what is
    # hard in the work.
    CONTENT_FIELDS = [
        "limitation",
        "category",
        "agreement",
        "responsibilities",
        "start_date",
        "end_date",
        "funding",
        "status",
        "refusal_reason",
    ]

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "key"], name="adjustment_key_per_version"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="adjustment_end_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.agreement[:40]}"

    def as_data(self):
        data = {"key": str(self.key)}
        for name in self.CONTENT_FIELDS:
            value = getattr(self, name)
            data[name] = value.isoformat() if hasattr(value, "isoformat") else value
        return data


class PlanReview(models.Model):
    """A look back together at how the agreed adjustments work out."""

    class Outcome(models.TextChoices):
        CONTINUE = "continue", _("Everything stays as agreed")
        CHANGE = "change", _("We change the agreements")

    plan = models.ForeignKey(
        AdjustmentPlan, on_delete=models.CASCADE, related_name="reviews"
    )
    reviewed_on = models.DateField(_("date of the conversation"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    note = models.TextField(_("notes"), blank=True, max_length=2000)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self):
        return f"{self.plan} – {self.reviewed_on}"
