"""One way in: every login goes through allauth, with its rate limits and
two-step verification. Wagtail's own login and password views lead there."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from portal.models import Membership
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture
def hr_with_totp(organisation, make_member):
    hr = make_member(Membership.Role.HR, organisation)
    TOTP.activate(hr, generate_totp_secret())
    return hr


@pytest.mark.parametrize("path", ["/cms-admin/login/", "/_util/login/"])
def test_wagtail_login_forms_log_nobody_in(client, hr_with_totp, path):
    response = client.post(
        path + "?next=/werkgever/",
        {"username": hr_with_totp.email, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == LOGIN + "?next=/werkgever/"
    assert "_auth_user_id" not in client.session
    for page in ("/werkgever/", reverse("retention:figures_csv")):
        assert client.get(page).url.startswith(LOGIN), page


def test_wagtail_admin_sends_anonymous_visitors_to_allauth(client):
    response = client.get("/cms-admin/pages/")
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


@pytest.mark.parametrize(
    "path",
    ["/cms-admin/password_reset/", "/cms-admin/password_reset/done/"],
)
def test_wagtail_password_reset_leads_to_allauth(client, path):
    response = client.post(path, {"email": "pz@voorbeeld.example"})
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password")


def test_wrong_passwords_lock_the_account_and_floods_get_429(client, hr_with_totp):
    answers = [
        client.post(LOGIN, {"login": hr_with_totp.email, "password": f"fout-{n}"})
        for n in range(30)
    ]
    assert [answer.status_code for answer in answers] == [200] * 30
    assert "Te veel inlogpogingen" not in answers[0].content.decode()
    assert "Te veel inlogpogingen" in answers[-1].content.decode()
    # Locked, and more attempts from this address within the minute get a
    # 429 in plain Dutch: even the right password is refused for now.
    right = client.post(LOGIN, {"login": hr_with_totp.email, "password": PASSWORD})
    assert right.status_code == 429
    assert "Wacht even" in right.content.decode()
    assert "_auth_user_id" not in client.session


def test_allauth_login_asks_for_the_code(client, hr_with_totp):
    response = client.post(LOGIN, {"login": hr_with_totp.email, "password": PASSWORD})
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def test_wagtail_sets_no_passwords_or_addresses(client, organisation, make_member):
    """Not even a superuser sets another person's password in Wagtail; a
    person's own password and address change only through allauth."""
    admin = UserFactory(is_superuser=True, is_staff=True)
    hr = make_member(Membership.Role.HR, organisation)
    client.force_login(admin)
    edit = client.get(reverse("wagtailusers_users:edit", args=[hr.pk]))
    assert edit.status_code == 200
    assert 'name="password1"' not in edit.content.decode()
    account = client.get(reverse("wagtailadmin_account"))
    assert account.status_code == 200
    assert 'name="password_change-' not in account.content.decode()
    assert 'name="email-email"' not in account.content.decode()


def test_one_way_out_the_admins_logout_leads_to_allauths(client, make_member):
    """Wagtail's logout address deleted the session cookie even when asked
    with GET, which it answers with 405: the browser forgot the session while
    the server kept it. It leads to allauth's logout, which asks first."""
    editor = UserFactory(groups=["Editors"])
    client.force_login(editor)
    response = client.get("/cms-admin/logout/")
    assert response.status_code == 302
    assert response.url == reverse("account_logout")
    assert client.cookies["sessionid"].value
    assert client.get("/mijn-account/").status_code == 200
    confirm = client.get(response.url)
    assert confirm.status_code == 200
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session
