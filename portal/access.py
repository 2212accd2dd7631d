"""Who may see what: the one place for the portal's access rules.

Views never filter by hand: they fetch objects through the querysets here,
so an object of another organisation is simply not found (404), never a 403
that would confirm it exists. Each app's own access.py builds on these.
"""

from dataclasses import dataclass
from functools import wraps

from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from . import generations
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

# An account's roles and whether it has an authenticator decide every
# request (portal/gate.py, role_required). They are read from the database
# once, kept in the cache for a few minutes and on the request's user object,
# and forgotten whenever a membership, a group, the account or an
# authenticator changes (portal/signals.py).
FACTS_SECONDS = 300
FACTS_GENERATION = "access.facts.generation"
_FACTS = "_werkbehoud_facts"


@dataclass(frozen=True)
class AccountFacts:
    roles: frozenset
    has_authenticator: bool


def _facts_key(user_id):
    return f"access.facts.{user_id}"


def _read_facts(user):
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    groups = set(user.groups.values_list("name", flat=True))
    if HELPDESK_GROUP in groups:
        roles.add(HELPDESK)
    if groups.intersection(EDITOR_GROUPS) or user.is_superuser:
        roles.add(EDITOR)
    return AccountFacts(roles=frozenset(roles), has_authenticator=is_mfa_enabled(user))


def account_facts(user):
    """The roles of a logged-in user and whether they have an authenticator."""
    facts = getattr(user, _FACTS, None)
    if facts is not None:
        return facts
    # One round trip: the user's entry and the generation, which a renamed
    # or deleted group moves on for everyone. An entry of an older
    # generation is read afresh.
    key = _facts_key(user.pk)
    found = cache.get_many([key, FACTS_GENERATION])
    generation = found.get(FACTS_GENERATION, 0)
    generations.note(FACTS_GENERATION, found.get(FACTS_GENERATION))
    stored = found.get(key)
    if stored is not None and stored["generation"] == generation:
        facts = AccountFacts(
            roles=frozenset(stored["roles"]),
            has_authenticator=stored["has_authenticator"],
        )
    else:
        facts = _read_facts(user)
        stored = {
            "generation": generation,
            "roles": sorted(facts.roles),
            "has_authenticator": facts.has_authenticator,
        }
        cache.set(key, stored, FACTS_SECONDS)
    setattr(user, _FACTS, facts)
    return facts


def roles_of(user):
    """All roles a user holds, across employers and global groups."""
    if not user.is_authenticated:
        return frozenset()
    return account_facts(user).roles


def forget_facts(user_id):
    """A membership, group, account or authenticator of this user changed:
    the next request reads the facts afresh. Forgotten now, for the rest of
    this transaction, and again when it commits, in case another request
    read the old facts in between."""
    key = _facts_key(user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def forget_everyones_facts():
    """A group was renamed or deleted: everyone's roles are read afresh."""

    generations.move_on_now_and_at_commit(FACTS_GENERATION)


def forget_roles(user):
    """Drop the facts kept on this user object and in the cache, after a
    membership or group change."""
    if hasattr(user, _FACTS):
        delattr(user, _FACTS)
    forget_facts(user.pk)


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
