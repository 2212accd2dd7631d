"""Remove employees whose data is past its retention period.

When an employment ended more than WERKBEHOUD_PLAN_RETENTION_DAYS ago (two
years by default), the employee record goes, and with it, by cascade, the
agreements, the own plan, consents, the access log and absence records. An
account left without any role is removed too.
"""

import datetime

from django.conf import settings
from django.db import transaction

from portal.models import Employee, Membership

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


def _has_no_role(user):
    return not (
        user.is_staff
        or user.is_superuser
        or user.memberships.exists()
        or user.groups.exists()
        or user.employee_records.exists()
    )
