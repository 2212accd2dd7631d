"""The content seed is safe anywhere and creates no accounts; the demo people
come from a separate command that refuses to run without DEBUG."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from cms.models import BehaviourCard, CannedAnswer, GuidancePage, Topic
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


def load_everything(settings):
    call_command("load_initial_data", stdout=io.StringIO())
    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    settings.DEBUG = False
    return out.getvalue()


def test_the_content_seed_creates_content_and_no_accounts(settings):
    settings.DEBUG = False
    call_command("load_initial_data", stdout=io.StringIO())
    assert GuidancePage.objects.live().count() >= 20
    assert Topic.objects.exists() and BehaviourCard.objects.exists()
    assert CannedAnswer.objects.exists()
    assert counts() == (0, 0, 0, 0)
    pages = GuidancePage.objects.count()
    call_command("load_initial_data", stdout=io.StringIO())
    assert GuidancePage.objects.count() == pages


def test_the_demo_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", stdout=io.StringIO())
    assert counts() == (0, 0, 0, 0)


def test_the_demo_is_idempotent_and_prints_passwords(settings):
    out = load_everything(settings)
    first = counts()
    load_everything(settings)
    assert counts() == first
    assert DEMO_PASSWORD in out
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds == {"sw", "regular"}


def test_every_demo_account_logs_in_to_its_dashboard(settings):
    """One demo for all accounts (loading it is the slow part); every
    account that fails is named."""
    load_everything(settings)
    wrong = []
    for email, *_rest, role in ((a[0], a[4]) for a in ACCOUNTS):
        client = Client()
        response = client.post(
            reverse("account_login"), {"login": email, "password": DEMO_PASSWORD}
        )
        if response.status_code != 302:
            wrong.append(f"{email}: login answered {response.status_code}")
            continue
        landed = client.get(reverse("portal:dashboard")).url
        if landed != reverse(EXPECTED_DASHBOARD[role]):
            wrong.append(f"{email}: landed on {landed}")
    assert wrong == []
