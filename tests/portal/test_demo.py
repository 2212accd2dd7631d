"""load_initial_data builds a demo that every role can log in to, and can run twice."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.demo import ACCOUNTS, DEMO_PASSWORD
from portal.models import Employee, Membership, Organisation, User

pytestmark = pytest.mark.django_db

EXPECTED_DASHBOARD = {
    "hr": "portal:hr_dashboard",
    "supervisor": "retention:team",
    "employee": "retention:home",
    "Helpdesk": "chat:helpdesk",
    "Editors": "wagtailadmin_home",
    "Moderators": "wagtailadmin_home",
}


def counts():
    return (
        Organisation.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        Employee.objects.count(),
    )


def test_load_initial_data_is_idempotent_and_prints_passwords():
    out = io.StringIO()
    call_command("load_initial_data", stdout=out)
    first = counts()
    call_command("load_initial_data", stdout=io.StringIO())
    assert counts() == first
    assert DEMO_PASSWORD in out.getvalue()
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds == {"sw", "regular"}


@pytest.mark.parametrize("email,role", [(a[0], a[4]) for a in ACCOUNTS])
def test_every_demo_account_logs_in_to_its_dashboard(client, email, role):
    call_command("load_initial_data", stdout=io.StringIO())
    response = client.post(
        reverse("account_login"), {"login": email, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert client.get(reverse("portal:dashboard")).url == reverse(
        EXPECTED_DASHBOARD[role]
    )
