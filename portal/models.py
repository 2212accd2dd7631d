"""Who is who: users, employers, their members and employees, invitations.

Nothing here holds health information; an employee record is an employment,
not a medical file.
"""

import hashlib
import secrets
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in with their email address."""

    username = None
    email = models.EmailField(_("email address"), unique=True)
    # Easy-read summaries first, on every page that has one.
    easy_read = models.BooleanField(_("easy language first"), default=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email


class Organisation(models.Model):
    """An employer: a sheltered-employment (SW) company or a regular one."""

    class Kind(models.TextChoices):
        SW_COMPANY = "sw", _("Sheltered employment company (SW)")
        REGULAR = "regular", _("Regular employer")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind of employer"), max_length=20, choices=Kind.choices)
    review_interval_months = models.PositiveSmallIntegerField(
        _("review agreements every (months)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
        help_text=_("At most six months: situations change."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A user's role at an employer. One user may hold several roles."""

    class Role(models.TextChoices):
        HR = "hr", _("HR / personnel")
        SUPERVISOR = "supervisor", _("Work supervisor")
        EMPLOYEE = "employee", _("Employee")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"


class Employee(models.Model):
    """Someone employed by an organisation, with their current supervisor.

    Deliberately holds nothing about health: limitations and agreed
    adjustments live in the retention app, diagnoses nowhere.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="employees"
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("work supervisor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervised_employees",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employee_records",
    )
    employment_start = models.DateField(_("employed since"))
    employment_end = models.DateField(_("employment ended on"), null=True, blank=True)
    part_time_factor = models.DecimalField(
        _("part-time factor"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[
            MinValueValidator(Decimal("0.01")),
            MaxValueValidator(Decimal("1.00")),
        ],
        help_text=_(
            "Share of a full working week, for example 0.80 for four days out of five."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=models.Q(user__isnull=False),
                name="employee_one_record_per_account",
            ),
            models.CheckConstraint(
                condition=models.Q(employment_end__isnull=True)
                | models.Q(employment_end__gte=models.F("employment_start")),
                name="employee_end_after_start",
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_employed(self):
        return (
            self.employment_end is None or self.employment_end >= timezone.localdate()
        )


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Not yet accepted, revoked or expired."""
        return self.filter(
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )


def default_expiry():
    return timezone.now() + timedelta(days=settings.WERKBEHOUD_INVITATION_DAYS)


class Invitation(models.Model):
    """An emailed link that lets one person sign up with one role: a role
    at an employer, or a place in the helpdesk or the editorial team.

    Only a hash of the token is stored, so a database leak yields no usable
    links.
    """

    class Role(models.TextChoices):
        HR = "hr", _("HR / personnel")
        SUPERVISOR = "supervisor", _("Work supervisor")
        EMPLOYEE = "employee", _("Employee")
        HELPDESK = "helpdesk", _("Helpdesk")
        EDITOR = "editor", _("Editor (writes guidance)")
        MODERATOR = "moderator", _("Final editor (publishes guidance)")

    # Roles that are not held at an employer but in a group of the portal.
    GROUPS = {"helpdesk": "Helpdesk", "editor": "Editors", "moderator": "Moderators"}

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", _("Expired")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        help_text=_("For a role at an employer; empty for helpdesk and editors."),
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    employee = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        help_text=_("For an employee: the record the new account is linked to."),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="invitations_sent",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=default_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=["helpdesk", "editor", "moderator"])
                    & models.Q(organisation__isnull=True)
                )
                | (
                    models.Q(role__in=["hr", "supervisor", "employee"])
                    & models.Q(organisation__isnull=False)
                ),
                name="invitation_organisation_matches_role",
            ),
        ]

    def __str__(self):
        return f"{self.email} ({self.get_role_display()}, {self.inviter_name})"

    @property
    def inviter_name(self):
        """Who invites: the employer, or Werkbehoud itself."""
        return self.organisation.name if self.organisation_id else "Werkbehoud"

    @staticmethod
    def hash_token(token):
        return hashlib.sha256(token.encode()).hexdigest()

    @staticmethod
    def new_token():
        return secrets.token_urlsafe(32)

    @property
    def status(self):
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.OPEN

    def get_status_display(self):
        return self.Status(self.status).label


class OutgoingMailQuerySet(models.QuerySet):
    def due(self, now=None):
        return self.filter(
            status=OutgoingMail.Status.PENDING,
            next_attempt_at__lte=now or timezone.now(),
        )


class OutgoingMail(models.Model):
    """A mail waiting to go out, sent, or given up on.

    Every mail the portal sends is stored here first, in the transaction of
    the change it is about (portal.mail.QueueBackend); the worker delivers
    it and retries with back-off, so a save never fails because a mail
    server does, and no mail is lost while it is down.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Could not be delivered")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    from_email = models.CharField(_("from"), max_length=320)
    to = models.JSONField(_("to"), default=list)
    cc = models.JSONField(default=list)
    bcc = models.JSONField(default=list)
    reply_to = models.JSONField(default=list)
    subject = models.CharField(_("subject"), max_length=998)
    body = models.TextField(max_length=100_000)
    alternatives = models.JSONField(default=list)
    headers = models.JSONField(default=dict)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = OutgoingMailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"

    @property
    def recipients(self):
        return ", ".join(self.to + self.cc + self.bcc)
