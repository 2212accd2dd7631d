"""Reminders by email, each sent once to each person it concerns.

A SentReminder row is written in the same transaction as the mail is queued,
and its unique key stops a second run (or a second worker, at the same
moment) from sending it again. Reminders continue until an employment has
actually ended: an end date still to come is a notice period.
"""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.access import employed
from portal.mail import send_portal_mail, site_url
from portal.models import Employee, Membership

from .absence import next_contacts
from .models import Milestone, OwnPlan, SentReminder

REVIEW_NOTICE_DAYS = 14
STEP_NOTICE_DAYS = 7
CONTACT_NOTICE_DAYS = 1


@dataclass(frozen=True)
class Reminder:
    kind: str
    object_id: int
    due_date: datetime.date
    recipient: object
    subject: str
    template: str
    context: dict


def _hr_of(organisation):
    return [
        membership.user
        for membership in Membership.objects.filter(
            organisation=organisation, role=Membership.Role.HR
        ).select_related("user")
    ]


def supervisor_or_hr(employee):
    """The work supervisor; HR when there is none."""
    if employee.supervisor_id:
        return [employee.supervisor]
    return _hr_of(employee.organisation)


def supervisor_and_hr(employee):
    """Formal steps of the sick-leave process: the employer answers for them
    to UWV, so HR hears of them as well as the work supervisor."""
    people = {user.pk: user for user in _hr_of(employee.organisation)}
    if employee.supervisor_id:
        people[employee.supervisor_id] = employee.supervisor
    return list(people.values())


def plan_review_reminders(today):
    """Agreements to look back on within two weeks, or overdue."""
    horizon = today + datetime.timedelta(days=REVIEW_NOTICE_DAYS)
    employees = Employee.objects.filter(
        employed(today), adjustment_plan__next_review_due__lte=horizon
    ).select_related("adjustment_plan", "supervisor", "organisation")
    for employee in employees:
        plan = employee.adjustment_plan
        for recipient in supervisor_or_hr(employee):
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
                    "link": site_url(reverse("retention:review", args=[employee.pk])),
                },
            )


def milestone_reminders(today):
    """Steps of the sick-leave process due within a week, or overdue."""
    steps = Milestone.objects.filter(
        employed(today, "case__employee__"),
        done_on__isnull=True,
        closed_on__isnull=True,
        due_on__lte=today + datetime.timedelta(days=STEP_NOTICE_DAYS),
    ).select_related("case__employee__supervisor", "case__employee__organisation")
    for step in steps:
        employee = step.case.employee
        for recipient in supervisor_and_hr(employee):
            yield Reminder(
                kind="milestone",
                object_id=step.pk,
                due_date=step.due_on,
                recipient=recipient,
                subject=_("Sick-leave step for %(name)s: %(step)s")
                % {
                    "name": employee.first_name,
                    "step": step.get_kind_display(),
                },
                template="retention/email/step_reminder.txt",
                context={
                    "employee": employee,
                    "step": step,
                    "overdue": step.due_on < today,
                    "link": site_url(reverse("retention:absence", args=[employee.pk])),
                },
            )


def next_contact_reminders(today):
    """The next contact agreed at the latest contact moment of an open case,
    the day before it and on the day itself."""
    contacts = (
        next_contacts()
        .filter(
            employed(today, "case__employee__"),
            next_contact_on__lte=today + datetime.timedelta(days=CONTACT_NOTICE_DAYS),
            next_contact_on__gte=today,
        )
        .select_related("case__employee__supervisor", "case__employee__organisation")
    )
    for contact in contacts:
        employee = contact.case.employee
        for recipient in supervisor_or_hr(employee):
            yield Reminder(
                kind="next_contact",
                object_id=contact.pk,
                due_date=contact.next_contact_on,
                recipient=recipient,
                subject=_("Keep in touch with %(name)s")
                % {"name": employee.first_name},
                template="retention/email/contact_reminder.txt",
                context={
                    "employee": employee,
                    "date": contact.next_contact_on,
                    "link": site_url(reverse("retention:contact", args=[employee.pk])),
                },
            )


def own_plan_review_reminders(today):
    """The day the employee chose to look at their own plan again (and
    after it, until they do: each date is reminded once)."""
    plans = OwnPlan.objects.filter(
        employed(today, "employee__"),
        review_on__lte=today,
        employee__user__isnull=False,
    ).select_related("employee__user")
    for plan in plans:
        employee = plan.employee
        yield Reminder(
            kind="own_plan_review",
            object_id=plan.pk,
            due_date=plan.review_on,
            recipient=employee.user,
            subject=_("Time to look at your own plan"),
            template="retention/email/own_plan_review.txt",
            context={
                "employee": employee,
                "due": plan.review_on,
                "link": site_url(reverse("retention:own_plan")),
            },
        )


SOURCES = [
    plan_review_reminders,
    milestone_reminders,
    next_contact_reminders,
    own_plan_review_reminders,
]


def send_due_reminders(today, sources=None):
    """Queue what is due and not sent before; returns how many were queued."""
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
            send_portal_mail(
                [reminder.recipient.email],
                reminder.subject,
                reminder.template,
                reminder.context,
            )
    except IntegrityError:
        # Another run recorded it at the same moment: it is theirs to send.
        return False
    return True
