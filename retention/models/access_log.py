"""Who looked at or changed an employee's plans and records, and when.

Append-only: entries cannot be changed or deleted one by one. They go only
with the employee's other data when the retention period has passed
(database cascade from the employee record in purge_expired). On
PostgreSQL a trigger refuses UPDATE and DELETE too (migration 0004), except
on the one deliberate path of the purge (`purge_allowed()`) and the
anonymising of a removed account (actor set to NULL).
"""

from django.conf import settings
from django.db import connection, models
from django.db.models import Count, Max
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Employee


class AppendOnlyError(Exception):
    pass


class AccessLogQuerySet(models.QuerySet):
    def per_day(self):
        """One row per person, action and subject a day, with how often and
        when last: a supervisor opening the same page ten times is one line."""
        return (
            self.annotate(day=TruncDate("at"))
            .values("day", "actor_label", "action", "subject")
            .annotate(times=Count("pk"), last=Max("at"))
            .order_by("-day", "-last", "actor_label")
        )

    def append(self, rows):
        """Write entries given as (employee id, actor id, actor label,
        action, subject), all at this moment. The ORM's bulk_create builds a
        model instance per entry first, and a dashboard logs up to a hundred
        people on every view. On PostgreSQL the entries of one actor, label,
        action and subject (a page's usually all are) go in one statement,
        the employees as one array: 85 entries cost 0.35 ms of CPU, against
        1.3 ms for executemany and its 85 statements."""
        if not rows:
            return
        model = self.model
        fields = [
            model._meta.get_field(name)
            for name in ("employee", "actor", "actor_label", "action", "subject", "at")
        ]
        at = fields[-1].get_db_prep_value(timezone.now(), connection)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            if connection.vendor != "postgresql":
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) "  # noqa: S608
                    "VALUES (%s, %s, %s, %s, %s, %s)",
                    [(*row, at) for row in rows],
                )
                return
            alike = {}
            for employee_id, *rest in rows:
                alike.setdefault(tuple(rest), []).append(int(employee_id))
            for (actor_id, label, action, subject), employee_ids in alike.items():
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) "  # noqa: S608
                    "SELECT unnest(%s::bigint[]), %s, %s, %s, %s, %s",
                    [
                        "{" + ",".join(map(str, employee_ids)) + "}",
                        actor_id,
                        label,
                        action,
                        subject,
                        at,
                    ],
                )

    def update(self, **kwargs):
        raise AppendOnlyError("The access log cannot be changed.")

    def delete(self):
        raise AppendOnlyError("The access log cannot be deleted entry by entry.")


# The PostgreSQL trigger lets DELETE through only while this is set, for
# the rest of the transaction (SET LOCAL).
PURGE_SETTING = "werkbehoud.purging_access_log"


def purge_allowed():
    """Within the current transaction, let the purge remove log entries."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'on', true)", [PURGE_SETTING])


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
        CONVERSATION_PREP = "conversation_prep", _("the preparation of a conversation")
        ABSENCE = "absence", _("the absence record")
        SICK_REPORT = "sick_report", _("a sick report (phone and address)")
        CONTACT = "contact", _("the contact moments")
        REVIEW = "review", _("the evaluation of the agreements")
        OVERVIEW = "overview", _("an overview with your name")
        EMPLOYMENT = "employment", _("the details of your employment")
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
    at = models.DateTimeField(default=timezone.now, db_index=True)

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
