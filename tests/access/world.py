"""Two employers with every kind of person and something of everything, for
the access matrix: who may open which address, and what it answers."""

import datetime
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.test import Client
from django.utils import timezone

from chat import services as chat_services
from portal.access import HELPDESK_GROUP
from portal.models import Invitation, Membership
from portal.services import invite
from retention import absence
from retention import services as plan_services
from retention.models import ThirdPartyConsent
from tests.cms.factories import GuidancePageFactory, build_site
from tests.factories import (
    EmployeeFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.retention.conftest import agreed

# Unusual names, so finding them in a page means the page shows this person.
EMPLOYEE_NAME = ("Wobkje", "Zandvoort-Oosterhuis")
OTHER_EMPLOYEE_NAME = ("Hiltje", "Brakkeveen-Scholten")

# Members of the two employers, and everyone else who can log in.
ORG_MEMBERS = [
    "employee",
    "second_employee",
    "supervisor",
    "former_supervisor",
    "hr",
    "other_hr",
    "other_supervisor",
    "other_employee",
]
LOGGED_IN = [*ORG_MEMBERS, "helpdesk", "editor", "superuser"]
# The consented third party holds only a link: otherwise an anonymous visitor.
CALLERS = ["anonymous", *LOGGED_IN, "third_party"]

INVITATION_TOKEN = "uitnodiging-voor-de-matrix"
CONSENT_TOKEN = "inzage-voor-de-matrix"


@dataclass
class World:
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def client_for(self, caller):
        client = Client()
        user = self.users.get(caller)
        if user is not None:
            client.force_login(user)
        return client


def build_world(with_site=True):
    """The world; without the guidance site for transactional tests, whose
    flushed database has no Wagtail root page."""
    home = None
    if with_site:
        home, hub, _cards = build_site()
        GuidancePageFactory(parent=hub, title="Pauzes nemen").save_revision().publish()
    ours = OrganisationFactory(name="Werkbedrijf Noord")
    theirs = OrganisationFactory(name="Bakkerij Zuid")
    world = World()
    users = world.users

    def member(role, organisation, **fields):
        user = UserFactory(**fields)
        MembershipFactory(user=user, organisation=organisation, role=role)
        return user

    users["hr"] = member("hr", ours)
    users["supervisor"] = member("supervisor", ours)
    users["former_supervisor"] = member("supervisor", ours)
    users["employee"] = member("employee", ours, first_name=EMPLOYEE_NAME[0])
    users["second_employee"] = member("employee", ours)
    users["other_hr"] = member("hr", theirs)
    users["other_supervisor"] = member("supervisor", theirs)
    users["other_employee"] = member("employee", theirs)
    users["helpdesk"] = UserFactory(groups=[HELPDESK_GROUP])
    users["editor"] = UserFactory(groups=["Editors"])
    users["superuser"] = UserFactory(is_superuser=True, is_staff=True)

    employee = EmployeeFactory(
        organisation=ours,
        supervisor=users["former_supervisor"],
        user=users["employee"],
        first_name=EMPLOYEE_NAME[0],
        last_name=EMPLOYEE_NAME[1],
    )
    # The employee moved to another supervisor; the former one keeps others.
    employee.supervisor = users["supervisor"]
    employee.save()
    EmployeeFactory(organisation=ours, supervisor=users["former_supervisor"])
    EmployeeFactory(
        organisation=ours,
        supervisor=users["supervisor"],
        user=users["second_employee"],
    )
    other_employee = EmployeeFactory(
        organisation=theirs,
        supervisor=users["other_supervisor"],
        user=users["other_employee"],
        first_name=OTHER_EMPLOYEE_NAME[0],
        last_name=OTHER_EMPLOYEE_NAME[1],
    )

    version = agreed(employee, users["supervisor"])
    adjustment_key = version.adjustments.first().key
    agreed(other_employee, users["other_supervisor"])
    today = timezone.localdate()
    report = absence.report_sick(
        employee,
        {
            "first_sick_day": today - datetime.timedelta(days=20),
            "expected_duration": "weeks",
            "phone": "06 11223344",
        },
        users["supervisor"],
    )
    step = report.case.milestones.order_by("due_on").first()
    other_report = absence.report_sick(
        other_employee,
        {
            "first_sick_day": today - datetime.timedelta(days=5),
            "expected_duration": "week",
        },
        users["other_supervisor"],
    )
    invitation = invite(
        organisation=ours,
        email="nieuw@voorbeeld.example",
        role=Membership.Role.SUPERVISOR,
        invited_by=users["hr"],
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        token_hash=Invitation.hash_token(INVITATION_TOKEN)
    )
    other_invitation = invite(
        organisation=theirs,
        email="ander@voorbeeld.example",
        role=Membership.Role.SUPERVISOR,
        invited_by=users["other_hr"],
    )
    consent = ThirdPartyConsent.objects.create(
        employee=employee,
        name="Mirjam de Haan",
        role="job_coach",
        email="coach@voorbeeld.example",
        valid_until=today + datetime.timedelta(days=30),
        token_hash=ThirdPartyConsent.hash_token(CONSENT_TOKEN),
    )
    conversation = chat_services.start_conversation(
        users["supervisor"], "Hoe begin ik het gesprek?"
    )
    other_conversation = chat_services.start_conversation(
        users["other_supervisor"], "Wat mag ik vragen?"
    )
    world.objects.update(
        ours=ours,
        theirs=theirs,
        employee=employee,
        other_employee=other_employee,
        version=version,
        adjustment_key=adjustment_key,
        report=report,
        other_report=other_report,
        step=step,
        invitation=invitation,
        other_invitation=other_invitation,
        consent=consent,
        conversation=conversation,
        other_conversation=other_conversation,
        home=home,
    )
    plan_services.plan_for(employee)
    return world


def session_cookie_header(client):
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return (b"cookie", f"{settings.SESSION_COOKIE_NAME}={value}".encode())


def dummy_for(converter_name):
    """A value for a URL parameter the world has nothing for."""
    return {
        "int": "999999",
        "uuid": str(uuid.UUID(int=0)),
        "slug": "niets",
        "path": "niets",
        "str": "niets",
    }.get(converter_name, "niets")
