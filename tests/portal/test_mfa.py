"""Two-step verification: required for HR, helpdesk, editors, moderators and
superusers before anything opens, decided by the one gate (portal/gate.py)."""

import time

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.urls import reverse

from portal.access import HELPDESK_GROUP
from portal.models import Membership
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PRODUCTION_RULE = {"hr", "helpdesk", "editor", "superuser"}


def current_code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def log_in(client, user):
    """A real login, so allauth knows the user just authenticated."""
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def open_totp_setup(client):
    """Adding an authenticator asks for the password once more (a shared
    computer left logged in must not let a passer-by add theirs)."""
    response = client.get(reverse("mfa_activate_totp"))
    assert response.url.startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    return client.get(reverse("mfa_activate_totp"))


@pytest.fixture
def mfa_required(settings):
    settings.WERKBEHOUD_MFA_REQUIRED_ROLES = PRODUCTION_RULE


def test_production_requires_mfa_for_every_role_that_reads_or_publishes():
    from portal.settings import base

    assert base.WERKBEHOUD_MFA_REQUIRED_ROLES == PRODUCTION_RULE


@pytest.mark.usefixtures("mfa_required")
class TestRequiredMfa:
    def test_hr_without_authenticator_is_sent_to_set_one_up(
        self, client, organisation, make_member
    ):
        log_in(client, make_member(Membership.Role.HR, organisation))
        response = client.get(reverse("portal:hr_dashboard"))
        assert response.status_code == 302
        assert response.url == reverse("mfa_activate_totp")
        page = open_totp_setup(client)
        assert page.status_code == 200
        assert "authenticator" in page.content.decode().lower()

    def test_hr_screens_behind_the_dashboard_are_closed_too(
        self, client, organisation, make_member
    ):
        client.force_login(make_member(Membership.Role.HR, organisation))
        assert client.get(reverse("portal:invitation_list")).url == reverse(
            "mfa_activate_totp"
        )

    def test_helpdesk_without_authenticator_is_sent_to_set_one_up(self, client):
        client.force_login(UserFactory(groups=[HELPDESK_GROUP]))
        assert client.get(reverse("chat:helpdesk")).url == reverse("mfa_activate_totp")

    @pytest.mark.parametrize(
        "path", ["/werkgever/", "/werkgever/verzuimcijfers/csv/", "/cms-admin/"]
    )
    def test_every_page_waits_for_the_authenticator_not_only_dashboards(
        self, client, organisation, make_member, path
    ):
        client.force_login(make_member(Membership.Role.HR, organisation))
        assert client.get(path).url == reverse("mfa_activate_totp")

    @pytest.mark.parametrize("groups", [["Editors"], ["Moderators"]])
    def test_editors_and_moderators_need_it_for_the_cms(self, client, groups):
        client.force_login(UserFactory(groups=groups))
        assert client.get("/cms-admin/").url == reverse("mfa_activate_totp")

    def test_a_superuser_needs_it(self, client):
        client.force_login(UserFactory(is_superuser=True, is_staff=True))
        for path in ("/cms-admin/", "/cms-admin/users/", "/vraagbaak/"):
            assert client.get(path).url == reverse("mfa_activate_totp"), path

    def test_a_session_that_skipped_the_code_is_logged_out(
        self, client, organisation, make_member
    ):
        """An account with an authenticator whose session never gave a code
        (a login some other way) is logged out, whatever its role."""
        employee = make_member(Membership.Role.EMPLOYEE, organisation)
        TOTP.activate(employee, generate_totp_secret())
        client.force_login(employee)
        response = client.get(reverse("retention:home"))
        assert response.url == reverse("account_login")
        assert "_auth_user_id" not in client.session

    @pytest.mark.django_db(transaction=True)
    def test_setting_up_the_authenticator_keeps_the_session(
        self, client, organisation, make_member
    ):
        """allauth announces the new authenticator after commit, within the
        request as in production (hence a transactional test)."""
        from allauth.mfa.models import Authenticator

        hr = make_member(Membership.Role.HR, organisation)
        log_in(client, hr)
        page = open_totp_setup(client)
        secret = page.context["form"].secret
        response = client.post(
            reverse("mfa_activate_totp"), {"code": current_code(secret)}
        )
        assert response.status_code == 302
        assert Authenticator.objects.filter(user=hr, type="totp").exists()
        assert client.get(reverse("portal:hr_dashboard")).status_code == 200

    def test_supervisor_and_employee_do_not_need_it(
        self, client, organisation, make_member
    ):
        client.force_login(make_member(Membership.Role.SUPERVISOR, organisation))
        assert client.get(reverse("retention:team")).status_code == 200
        client.force_login(make_member(Membership.Role.EMPLOYEE, organisation))
        assert client.get(reverse("retention:home")).status_code == 200

    def test_hr_with_authenticator_logs_in_with_a_code_and_sees_the_dashboard(
        self, client, organisation, make_member
    ):
        hr = make_member(Membership.Role.HR, organisation, email="pz@voorbeeld.example")
        secret = generate_totp_secret()
        TOTP.activate(hr, secret)
        response = client.post(
            reverse("account_login"), {"login": hr.email, "password": PASSWORD}
        )
        assert response.url == reverse("mfa_authenticate")
        assert "_auth_user_id" not in client.session
        wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
        assert wrong.status_code == 200
        assert "_auth_user_id" not in client.session
        client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
        assert client.get(reverse("portal:hr_dashboard")).status_code == 200

    def test_mfa_is_available_to_every_role(self, client, organisation, make_member):
        log_in(client, make_member(Membership.Role.EMPLOYEE, organisation))
        assert open_totp_setup(client).status_code == 200
