"""Remove what is past its retention term (the Dutch DPA's rules for sick
employees and the GDPR's storage limitation).

- When an employment ended more than WERKBEHOUD_PLAN_RETENTION_DAYS ago (two
  years by default), the employee record goes, and with it, by cascade, the
  agreements, the own plan, consents, the access log and the administrative
  absence data. An account left without any role is removed too.
- The re-integration file of an absence case goes
  WERKBEHOUD_REINTEGRATION_RETENTION_DAYS after the case ended (two years):
  its steps and contact moments, and the sick reports' contact details
  (phone, address, work to hand over). The dates of the case stay while the
  employment lasts: they are the administrative absence data the figures
  are made of.
- Records of sent reminders go after WERKBEHOUD_REMINDER_RETENTION_DAYS.
"""

import datetime

from django.conf import settings
from django.db import transaction

from portal.models import Employee, Membership

from .models import AbsenceCase, ContactMoment, Milestone, SentReminder, SickReport
from .models.access_log import purge_allowed


def purge(today, stdout):
    cutoff = today - datetime.timedelta(days=settings.WERKBEHOUD_PLAN_RETENTION_DAYS)
    expired = Employee.objects.filter(employment_end__lt=cutoff)
    count = 0
    for employee in expired.select_related("user"):
        with transaction.atomic():
            purge_allowed()
            user = employee.user
            Membership.objects.filter(
                user=user,
                organisation=employee.organisation,
                role=Membership.Role.EMPLOYEE,
            ).delete()
            employee.delete()
            if user is not None and _has_no_role(user):
                user.delete()
            count += 1
    stdout.write(f"Employees past retention removed with their records: {count}")
    _purge_reintegration_files(today, stdout)
    cutoff = today - datetime.timedelta(
        days=settings.WERKBEHOUD_REMINDER_RETENTION_DAYS
    )
    reminders = SentReminder.objects.filter(due_date__lt=cutoff)
    count = reminders.count()
    reminders.delete()
    stdout.write(f"Records of sent reminders past retention removed: {count}")


def _purge_reintegration_files(today, stdout):
    cutoff = today - datetime.timedelta(
        days=settings.WERKBEHOUD_REINTEGRATION_RETENTION_DAYS
    )
    cases = AbsenceCase.objects.filter(ended_on__lt=cutoff)
    with transaction.atomic():
        steps = Milestone.objects.filter(case__in=cases)
        contacts = ContactMoment.objects.filter(case__in=cases)
        counts = steps.count(), contacts.count()
        steps.delete()
        contacts.delete()
        cleared = (
            SickReport.objects.filter(case__in=cases)
            .exclude(phone="", care_address="", ongoing_work="")
            .update(phone="", care_address="", ongoing_work="")
        )
    stdout.write(
        "Re-integration files past retention removed: "
        f"{counts[0]} steps, {counts[1]} contact moments, "
        f"contact details of {cleared} sick reports"
    )


def _has_no_role(user):
    return not (
        user.is_staff
        or user.is_superuser
        or user.memberships.exists()
        or user.groups.exists()
        or user.employee_records.exists()
    )
