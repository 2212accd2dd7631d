"""Who may see what: the one place for the portal's access rules.

Views never filter by hand: they fetch objects through the querysets here,
so an object of another organisation is simply not found (404), never a 403
that would confirm it exists. Each app's own access.py builds on these.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from .models import Employee, Invitation, Membership, Organisation, User

HR = Membership.Role.HR.value
SUPERVISOR = Membership.Role.SUPERVISOR.value
EMPLOYEE = Membership.Role.EMPLOYEE.value
HELPDESK = "helpdesk"
EDITOR = "editor"

HELPDESK_GROUP = "Helpdesk"
# Wagtail's own groups: editors write, moderators publish.
EDITOR_GROUPS = ("Editors", "Moderators")

ROLE_ORDER = (HR, SUPERVISOR, EMPLOYEE, HELPDESK, EDITOR)
ROLE_LABELS = {
    HR: pgettext_lazy("role", "HR"),
    SUPERVISOR: pgettext_lazy("role", "Work supervisor"),
    EMPLOYEE: pgettext_lazy("role", "Employee"),
    HELPDESK: pgettext_lazy("role", "Helpdesk"),
    EDITOR: pgettext_lazy("role", "Editor"),
}

_ROLE_CACHE = "_werkbehoud_roles"


def roles_of(user):
    """All roles a user holds, across employers and global groups."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, _ROLE_CACHE, None)
    if cached is None:
        roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
        groups = set(user.groups.values_list("name", flat=True))
        if HELPDESK_GROUP in groups:
            roles.add(HELPDESK)
        if groups.intersection(EDITOR_GROUPS) or user.is_superuser:
            roles.add(EDITOR)
        cached = frozenset(roles)
        setattr(user, _ROLE_CACHE, cached)
    return cached


def forget_roles(user):
    """Drop the cached roles after a membership or group change."""
    if hasattr(user, _ROLE_CACHE):
        delattr(user, _ROLE_CACHE)


def organisation_ids(user, role):
    """Ids of the organisations where the user holds the role, as a subquery."""
    return Membership.objects.filter(user=user, role=role).values("organisation_id")


def organisations_for(user, role):
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(pk__in=organisation_ids(user, role))


def employed(today=None, prefix=""):
    """Employees whose employment has not ended on `today` (an end date today
    or later is a notice period: still employed). `prefix` reaches an
    employee through a relation, for example "case__employee__"."""
    today = today or timezone.localdate()
    return Q(**{f"{prefix}employment_end__isnull": True}) | Q(
        **{f"{prefix}employment_end__gte": today}
    )


def managed_employees(user):
    """Employees a user may manage: all of their organisation for HR (leavers
    too, until their retention term ends), the current members of their own
    team for a supervisor (while they are still a supervisor there)."""
    if not user.is_authenticated:
        return Employee.objects.none()
    return Employee.objects.filter(
        Q(organisation_id__in=organisation_ids(user, HR))
        | (
            Q(supervisor=user, organisation_id__in=organisation_ids(user, SUPERVISOR))
            & employed()
        )
    )


def hr_employees(user):
    """Employees whose records the user may administer as HR."""
    if not user.is_authenticated:
        return Employee.objects.none()
    return Employee.objects.filter(organisation_id__in=organisation_ids(user, HR))


def team_of(user):
    """A supervisor's own team, current employees only."""
    if not user.is_authenticated:
        return Employee.objects.none()
    return Employee.objects.filter(
        employed(),
        supervisor=user,
        organisation_id__in=organisation_ids(user, SUPERVISOR),
    )


def own_employee_records(user):
    if not user.is_authenticated:
        return Employee.objects.none()
    return Employee.objects.filter(
        user=user, organisation_id__in=organisation_ids(user, EMPLOYEE)
    )


def invitations_for(user):
    if not user.is_authenticated:
        return Invitation.objects.none()
    return Invitation.objects.filter(organisation_id__in=organisation_ids(user, HR))


def supervisors_of(organisations):
    """Users who are work supervisors at any of these organisations."""
    return (
        User.objects.filter(
            memberships__organisation__in=organisations, memberships__role=SUPERVISOR
        )
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


def role_required(*roles):
    """Open a view only to users holding one of the roles.

    Two-step verification and the session are checked before any view, by
    the gate (portal/gate.py); this decides the role.
    """

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not roles_of(request.user) & set(roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
