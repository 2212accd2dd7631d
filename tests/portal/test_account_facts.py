"""An account's roles and whether it has an authenticator are read once
and kept in the cache (portal.access.account_facts), and every change to
them counts from the very next request: a new or lost membership, group,
authenticator or superuser flag, a renamed or deleted group."""

from unittest.mock import patch

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal import access, gate
from portal.access import HELPDESK_GROUP
from portal.models import Membership
from tests.factories import GROUP_CHANGES, UserFactory, change_group

pytestmark = pytest.mark.django_db

# The three queries the facts are read with.
FACT_QUERIES = (
    'SELECT "portal_membership"."role"',
    'SELECT 1 AS "a" FROM "mfa_authenticator" WHERE "mfa_authenticator"."user_id"',
    'SELECT "auth_group"."name"',
)


def fact_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response
    return [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith(FACT_QUERIES)
    ]


@pytest.fixture
def mfa_required(settings):
    settings.WERKBEHOUD_MFA_REQUIRED_ROLES = {"hr", "helpdesk", "editor", "superuser"}


def test_the_facts_are_read_once_not_on_every_request(
    client, organisation, make_member
):
    employee = make_member(Membership.Role.EMPLOYEE, organisation)
    client.force_login(employee)
    assert len(fact_queries(client, reverse("retention:home"))) == 3
    assert fact_queries(client, reverse("retention:home")) == []
    assert fact_queries(client, reverse("portal:account")) == []


def test_a_lost_membership_closes_the_dashboard_at_once(
    client, organisation, make_member
):
    supervisor = make_member(Membership.Role.SUPERVISOR, organisation)
    client.force_login(supervisor)
    dashboard = reverse("retention:team")
    assert client.get(dashboard).status_code == 200
    Membership.objects.get(user=supervisor).delete()
    assert client.get(dashboard).status_code == 403


def test_a_new_membership_opens_the_dashboard_at_once(
    client, organisation, make_member
):
    employee = make_member(Membership.Role.EMPLOYEE, organisation)
    client.force_login(employee)
    dashboard = reverse("retention:team")
    assert client.get(dashboard).status_code == 403
    Membership.objects.create(
        user=employee, organisation=organisation, role=Membership.Role.SUPERVISOR
    )
    assert client.get(dashboard).status_code == 200


def test_a_changed_role_counts_at_once(client, organisation, make_member):
    supervisor = make_member(Membership.Role.SUPERVISOR, organisation)
    client.force_login(supervisor)
    dashboard = reverse("retention:team")
    assert client.get(dashboard).status_code == 200
    membership = Membership.objects.get(user=supervisor)
    membership.role = Membership.Role.EMPLOYEE
    membership.save()
    assert client.get(dashboard).status_code == 403


@pytest.mark.parametrize("side", ["user", "group"])
def test_group_membership_counts_at_once_from_either_side(client, side):
    person = UserFactory()
    client.force_login(person)
    helpdesk = reverse("chat:helpdesk")
    assert client.get(helpdesk).status_code == 403
    group = Group.objects.get_or_create(name=HELPDESK_GROUP)[0]
    if side == "user":
        person.groups.add(group)
    else:
        group.user_set.add(person)
    assert client.get(helpdesk).status_code == 200
    if side == "user":
        person.groups.clear()
    else:
        group.user_set.clear()
    assert client.get(helpdesk).status_code == 403


@pytest.mark.parametrize("change", ["rename", "delete"])
def test_a_renamed_or_deleted_group_counts_at_once_for_everyone(client, change):
    agents = [UserFactory(groups=[HELPDESK_GROUP]) for _ in range(2)]
    helpdesk = reverse("chat:helpdesk")
    for agent in agents:
        client.force_login(agent)
        assert client.get(helpdesk).status_code == 200
    group = Group.objects.get(name=HELPDESK_GROUP)
    if change == "rename":
        group.name = "Vroegere vraagbaak"
        group.save()
    else:
        group.delete()
    for agent in agents:
        client.force_login(agent)
        assert client.get(helpdesk).status_code == 403


@pytest.mark.usefixtures("mfa_required")
def test_an_authenticator_removed_outside_allauth_counts_at_once(
    client, organisation, make_member
):
    """As in the admin: the account must set one up again before HR pages open."""
    hr = make_member(Membership.Role.HR, organisation)
    TOTP.activate(hr, generate_totp_secret())
    client.force_login(hr)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "mfa", "type": "totp"}]
    session.save()
    dashboard = reverse("portal:hr_dashboard")
    assert client.get(dashboard).status_code == 200
    Authenticator.objects.filter(user=hr).delete()
    assert client.get(dashboard).url == reverse("mfa_activate_totp")


def test_an_authenticator_added_outside_allauth_counts_at_once(
    client, organisation, make_member
):
    """A session that never gave a code is logged out once the account has
    an authenticator, however it got one."""
    employee = make_member(Membership.Role.EMPLOYEE, organisation)
    client.force_login(employee)
    assert client.get(reverse("retention:home")).status_code == 200
    TOTP.activate(employee, generate_totp_secret())
    assert client.get(reverse("retention:home")).url == reverse("account_login")


@pytest.mark.usefixtures("mfa_required")
def test_a_new_superuser_needs_an_authenticator_at_once(client):
    person = UserFactory()
    client.force_login(person)
    assert client.get(reverse("portal:account")).status_code == 200
    person.is_superuser = True
    person.save()
    assert client.get(reverse("portal:account")).url == reverse("mfa_activate_totp")


def test_facts_read_during_a_change_are_forgotten_when_it_commits(
    organisation, make_member, django_capture_on_commit_callbacks
):
    """Another request may read the old facts after the change was made
    but before it was committed; they are forgotten again on commit."""
    supervisor = make_member(Membership.Role.SUPERVISOR, organisation)
    assert access.roles_of(supervisor) == {"supervisor"}
    old = cache.get(access._facts_key(supervisor.pk))
    with django_capture_on_commit_callbacks(execute=True):
        Membership.objects.filter(user=supervisor).delete()
        cache.set(access._facts_key(supervisor.pk), old)  # the other request
    fresh = type(supervisor).objects.get(pk=supervisor.pk)
    assert access.roles_of(fresh) == frozenset()


@pytest.mark.parametrize("way", [way for way in GROUP_CHANGES if way != "remove"])
def test_the_sockets_of_everyone_a_group_change_touches_are_checked_again(way):
    """Emptying, renaming or deleting the group names nobody in the change
    itself: each member's open sockets are still told to check their access
    again."""
    agents = [UserFactory(groups=[HELPDESK_GROUP]) for _ in range(2)]
    bystander = UserFactory()
    with patch.object(gate, "recheck_user_sockets") as recheck:
        change_group(HELPDESK_GROUP, way)
    told = {call.args[0] for call in recheck.call_args_list}
    assert told == {agent.pk for agent in agents}
    assert bystander.pk not in told
