"""Who may see and change plans: built on the portal's access rules.

- HR and the employee's current work supervisor manage the adjustments.
- The employee reads and answers their own adjustments and alone writes
  their own plan.
- Only the current work supervisor reads the parts of the own plan the
  employee shared; HR does not. Helpdesk staff see none of this.
"""

from functools import wraps
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from portal import access

# Someone employed at two organisations (possible through two invitations)
# chooses which employment their pages are about; the choice is kept here.
EMPLOYMENT_SESSION_KEY = "werkbehoud_employment"


class ChooseEmployment(Exception):
    """The person has more than one employment and has not chosen yet."""


def managed_employee(user, employee_id):
    """An employee whose adjustments the user manages, or 404."""
    return get_object_or_404(
        access.managed_employees(user).select_related(
            "organisation", "supervisor", "user"
        ),
        pk=employee_id,
    )


_EMPLOYMENTS_CACHE = "_werkbehoud_employments"


def own_employments(user):
    """The user's own employee records, read once per request (kept on the
    request's user object, as portal.access.roles_of keeps the roles)."""
    cached = getattr(user, _EMPLOYMENTS_CACHE, None)
    if cached is None:
        cached = list(
            access.own_employee_records(user)
            .select_related("organisation", "supervisor")
            .order_by("organisation__name", "pk")
        )
        setattr(user, _EMPLOYMENTS_CACHE, cached)
    return cached


def own_employee_record(request):
    """The logged-in employee's own record (the chosen one when there are
    several), or 404 when there is none."""
    records = own_employments(request.user)
    if not records:
        raise Http404
    if len(records) == 1:
        return records[0]
    chosen = request.session.get(EMPLOYMENT_SESSION_KEY)
    for record in records:
        if record.pk == chosen:
            return record
    raise ChooseEmployment


def employee_view(view):
    """An employee's own page: for the employee role, about the employment
    they chose when they have more than one."""

    @access.role_required(access.EMPLOYEE)
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ChooseEmployment:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('retention:choose_employment')}?{query}")

    return wrapped


def reads_shared_own_plan(user, employee):
    """Only the current work supervisor, while they are one there."""
    return (
        user.is_authenticated
        and employee.supervisor_id == user.pk
        and access.team_of(user).filter(pk=employee.pk).exists()
    )
