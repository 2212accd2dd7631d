"""Reminders by email, each sent once: the SentReminder row is written in the
same transaction as the mail goes out, and its unique key stops a second
run (or a second scheduler) from sending it again."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.models import Employee, Membership

from .models import Milestone, SentReminder

REVIEW_NOTICE_DAYS = 14


@dataclass(frozen=True)
class Reminder:
    kind: str
    object_id: int
    due_date: datetime.date
    recipient: object
    subject: str
    template: str
    context: dict


def plan_review_reminders(today):
    """Agreements to look back on within two weeks, or overdue."""
    horizon = today + datetime.timedelta(days=REVIEW_NOTICE_DAYS)
    employees = Employee.objects.filter(
        adjustment_plan__next_review_due__lte=horizon, employment_end__isnull=True
    ).select_related("adjustment_plan", "supervisor", "organisation")
    for employee in employees:
        plan = employee.adjustment_plan
        for recipient in _responsible(employee):
            yield Reminder(
                kind="plan_review",
                object_id=plan.pk,
                due_date=plan.next_review_due,
                recipient=recipient,
                subject=_("Time to review the agreements with %(name)s")
                % {"name": employee.first_name},
                template="retention/email/review_reminder.txt",
                context={
                    "employee": employee,
                    "due": plan.next_review_due,
                    "overdue": plan.next_review_due < today,
                    "path": reverse("retention:review", args=[employee.pk]),
                },
            )


def _responsible(employee):
    """The work supervisor, or HR when there is none."""
    if employee.supervisor_id:
        return [employee.supervisor]
    return [
        membership.user
        for membership in Membership.objects.filter(
            organisation=employee.organisation, role=Membership.Role.HR
        ).select_related("user")
    ]


STEP_NOTICE_DAYS = 7


def milestone_reminders(today):
    """Steps of the sick-leave process due within a week, or overdue."""
    steps = Milestone.objects.filter(
        done_on__isnull=True,
        closed_on__isnull=True,
        due_on__lte=today + datetime.timedelta(days=STEP_NOTICE_DAYS),
        case__employee__employment_end__isnull=True,
    ).select_related("case__employee__supervisor", "case__employee__organisation")
    for step in steps:
        employee = step.case.employee
        for recipient in _responsible(employee):
            yield Reminder(
                kind="milestone",
                object_id=step.pk,
                due_date=step.due_on,
                recipient=recipient,
                subject=_("Sick-leave step for %(name)s: %(step)s")
                % {
                    "name": employee.first_name,
                    "step": step.get_kind_display().lower(),
                },
                template="retention/email/step_reminder.txt",
                context={
                    "employee": employee,
                    "step": step,
                    "overdue": step.due_on < today,
                    "path": reverse("retention:absence", args=[employee.pk]),
                },
            )


SOURCES = [plan_review_reminders, milestone_reminders]


def send_due_reminders(today, sources=None):
    """Send what is due and not sent before; returns how many went out."""
    sent = 0
    for source in sources or SOURCES:
        for reminder in source(today):
            if _send_once(reminder):
                sent += 1
    return sent


def _send_once(reminder):
    try:
        with transaction.atomic():
            _row, created = SentReminder.objects.get_or_create(
                kind=reminder.kind,
                object_id=reminder.object_id,
                due_date=reminder.due_date,
                recipient=reminder.recipient,
            )
            if not created:
                return False
            context = dict(
                reminder.context, base_url=settings.PORTAL_BASE_URL.rstrip("/")
            )
            send_mail(
                settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + reminder.subject,
                render_to_string(reminder.template, context),
                settings.DEFAULT_FROM_EMAIL,
                [reminder.recipient.email],
            )
    except IntegrityError:
        # Another run recorded it at the same moment: it is theirs to send.
        return False
    return True
