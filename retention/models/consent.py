"""Read access to the agreed plan that an employee grants to a named person
outside the employer, for a limited time."""

import hashlib
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Employee


class ThirdPartyConsent(models.Model):
    class Role(models.TextChoices):
        JOB_COACH = "job_coach", _("Job coach")
        COMPANY_DOCTOR = "company_doctor", _("Company doctor")
        CASE_MANAGER = "case_manager", _("Case manager")

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="consents"
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    valid_until = models.DateField(_("access until"))
    include_own_plan = models.BooleanField(
        _("Also my own plan"),
        default=False,
        help_text=_(
            "What you wrote in your own plan, all parts. Your agreements are always included."
        ),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"

    @staticmethod
    def new_token():
        return secrets.token_urlsafe(32)

    @staticmethod
    def hash_token(token):
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def is_active(self):
        return self.revoked_at is None and self.valid_until >= timezone.localdate()
