"""Who may see and change plans: built on the portal's access rules.

- HR and the employee's current work supervisor manage the adjustments.
- The employee reads and answers their own adjustments and alone writes
  their own plan.
- Only the current work supervisor reads the parts of the own plan the
  employee shared; HR does not. Helpdesk staff see none of this.
"""

from django.shortcuts import get_object_or_404

from portal import access


def managed_employee(user, employee_id):
    """An employee whose adjustments the user manages, or 404."""
    return get_object_or_404(
        access.managed_employees(user).select_related(
            "organisation", "supervisor", "user"
        ),
        pk=employee_id,
    )


def own_employee_record(user):
    """The logged-in employee's own record, or 404."""
    return get_object_or_404(
        access.own_employee_records(user).select_related("organisation", "supervisor")
    )


def reads_shared_own_plan(user, employee):
    """Only the current work supervisor, while they are one there."""
    return (
        user.is_authenticated
        and employee.supervisor_id == user.pk
        and access.team_of(user).filter(pk=employee.pk).exists()
    )
