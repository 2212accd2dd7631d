import datetime

import pytest

from portal.models import Membership
from retention import services
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory

ADJUSTMENT = {
    "category": "energy",
    "limitation": "energy",
    "agreement": "Vaste pauze om 11.00 uur, tien minuten buiten.",
    "responsibilities": "De werkleider plant de vervanging.",
    "start_date": datetime.date(2026, 3, 2),
    "end_date": None,
    "funding": "none",
    "status": "active",
    "refusal_reason": "",
}


def adjustment(**changes):
    return {**ADJUSTMENT, **changes}


def revision(employee):
    current = services.open_version(services.plan_for(employee))
    return current.revision if current else 0


def add(employee, user, **changes):
    return services.save_adjustment(
        employee, adjustment(**changes), revision(employee), user
    )


def proposed(employee, user, *changes_list):
    for changes in changes_list or ({},):
        add(employee, user, **changes)
    version = services.open_version(services.plan_for(employee))
    return services.propose(version, version.revision, user, notify=False)


def agreed(employee, user, *changes_list):
    version = proposed(employee, user, *changes_list)
    return services.agree(version, version.revision, employee.user, notify=False)


@pytest.fixture
def team(organisation, make_member):
    """An organisation with HR, a supervisor and an employee with an account."""
    hr = make_member(Membership.Role.HR, organisation)
    supervisor = make_member(
        Membership.Role.SUPERVISOR, organisation, first_name="Sandra"
    )
    employee_user = UserFactory(first_name="Johan")
    MembershipFactory(user=employee_user, organisation=organisation, role="employee")
    employee = EmployeeFactory(
        organisation=organisation,
        supervisor=supervisor,
        user=employee_user,
        first_name="Johan",
        last_name="de Vries",
    )
    return {
        "hr": hr,
        "supervisor": supervisor,
        "employee": employee,
        "user": employee_user,
    }
