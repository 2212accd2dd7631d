"""Who looked at or changed an employee's plans and records, and when.

Append-only: entries cannot be changed or deleted one by one. They go only
with the employee's other data when the retention period has passed
(database cascade from the employee record in purge_expired).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Employee


class AppendOnlyError(Exception):
    pass


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The access log cannot be changed.")

    def delete(self):
        raise AppendOnlyError("The access log cannot be deleted entry by entry.")


class AccessLogEntry(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", _("looked at")
        CHANGE = "change", _("changed")
        PROPOSE = "propose", _("proposed")
        AGREE = "agree", _("agreed to")
        REQUEST_CHANGES = "request_changes", _("asked for changes to")
        PRINT = "print", _("printed")
        EXPORT = "export", _("downloaded")

    class Subject(models.TextChoices):
        PLAN = "plan", _("the agreements")
        OWN_PLAN = "own_plan", _("the own plan")
        ABSENCE = "absence", _("the absence record")
        DATA = "data", _("all data")

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="access_log"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # For people without an account (a consented job coach) and as a record
    # that survives the actor's account being removed.
    actor_label = models.CharField(max_length=200)
    action = models.CharField(max_length=20, choices=Action.choices)
    subject = models.CharField(max_length=20, choices=Subject.choices)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")

    def __str__(self):
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.subject}"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("An access log entry cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("An access log entry cannot be deleted.")
