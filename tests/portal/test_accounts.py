"""Logging in, signing up through an invitation, and the session rules."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.middleware import RENEWED_AT
from portal.models import Employee, Invitation, Membership, User
from portal.services import InvitationError, accept_invitation, invite
from tests.factories import PASSWORD, UserFactory
from tests.mailbox import sent_mail

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def invitation_token_from_mail():
    """The raw token in the last email's invitation link."""
    body = sent_mail()[-1].body
    marker = "/uitnodiging/"
    start = body.index(marker) + len(marker)
    return body[start:].split("/", 1)[0]


def sign_up(client, token, **overrides):
    client.get(reverse("portal:invitation", args=[token]))
    data = {
        "first_name": "Sam",
        "last_name": "de Wit",
        "password1": "lang-en-sterk-wachtwoord",
        "password2": "lang-en-sterk-wachtwoord",
    }
    data.update(overrides)
    return client.post(reverse("account_signup"), data)


class TestLogin:
    def test_login_by_email_lands_on_the_role_dashboard(
        self, client, organisation, make_member
    ):
        make_member(
            Membership.Role.SUPERVISOR, organisation, email="wl@voorbeeld.example"
        )
        response = client.post(
            LOGIN, {"login": "wl@voorbeeld.example", "password": PASSWORD}, follow=True
        )
        assert response.redirect_chain[-1][0] == reverse("retention:team")
        assert "Mijn team" in response.content.decode()

    def test_email_is_case_insensitive(self, client, organisation, make_member):
        make_member(
            Membership.Role.EMPLOYEE, organisation, email="jan@voorbeeld.example"
        )
        response = client.post(
            LOGIN, {"login": "JAN@Voorbeeld.example", "password": PASSWORD}
        )
        assert response.status_code == 302

    @pytest.mark.parametrize(
        "email", ["wl@voorbeeld.example", "niemand@voorbeeld.example"]
    )
    def test_wrong_password_or_unknown_email_gets_the_same_dutch_message(
        self, client, organisation, make_member, email
    ):
        make_member(
            Membership.Role.SUPERVISOR, organisation, email="wl@voorbeeld.example"
        )
        response = client.post(LOGIN, {"login": email, "password": "fout-wachtwoord"})
        assert response.status_code == 200
        assert "niet correct" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_failed_logins_are_rate_limited(self, client, organisation, make_member):
        make_member(
            Membership.Role.SUPERVISOR, organisation, email="wl@voorbeeld.example"
        )
        for _attempt in range(5):
            client.post(LOGIN, {"login": "wl@voorbeeld.example", "password": "fout"})
        response = client.post(
            LOGIN, {"login": "wl@voorbeeld.example", "password": PASSWORD}
        )
        assert "_auth_user_id" not in client.session
        assert "Te veel" in response.content.decode()

    def test_unverified_email_cannot_log_in_and_gets_a_verification_mail(
        self, client, organisation
    ):
        user = UserFactory(email="nieuw@voorbeeld.example", verified=False)
        Membership.objects.create(user=user, organisation=organisation, role="employee")
        client.post(LOGIN, {"login": user.email, "password": PASSWORD})
        assert "_auth_user_id" not in client.session
        assert sent_mail() and sent_mail()[-1].to == [user.email]

    def test_password_reset_mails_a_link(self, client, organisation, make_member):
        make_member(
            Membership.Role.SUPERVISOR, organisation, email="wl@voorbeeld.example"
        )
        response = client.post(
            reverse("account_reset_password"), {"email": "wl@voorbeeld.example"}
        )
        assert response.status_code == 302
        assert "/accounts/password/reset/key/" in sent_mail()[-1].body

    def test_logout_needs_a_post(self, client, organisation, make_member):
        user = make_member(Membership.Role.SUPERVISOR, organisation)
        client.force_login(user)
        client.post(reverse("account_logout"))
        assert "_auth_user_id" not in client.session


class TestSignupOnlyByInvitation:
    def test_signup_without_invitation_is_closed(self, client):
        response = client.get(reverse("account_signup"))
        assert "via een uitnodiging" in response.content.decode()
        response = client.post(
            reverse("account_signup"),
            {
                "email": "x@voorbeeld.example",
                "password1": "abcdefghijk1",
                "password2": "abcdefghijk1",
            },
        )
        assert not User.objects.filter(email="x@voorbeeld.example").exists()

    def test_hr_invites_a_supervisor_who_signs_up_and_lands_on_their_dashboard(
        self, client, organisation, make_member, django_capture_on_commit_callbacks
    ):
        hr = make_member(Membership.Role.HR, organisation)
        client.force_login(hr)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("portal:invitation_list"),
                {
                    "email": "Nieuwe.Werkleider@voorbeeld.example",
                    "role": "supervisor",
                    "organisation": organisation.pk,
                },
            )
        assert response.status_code == 302
        assert sent_mail()[-1].to == ["nieuwe.werkleider@voorbeeld.example"]
        assert organisation.name in sent_mail()[-1].subject
        token = invitation_token_from_mail()
        client.logout()

        signup_page = client.get(
            reverse("portal:invitation", args=[token]), follow=True
        )
        assert signup_page.redirect_chain[-1][0] == reverse("account_signup")
        assert (
            'value="nieuwe.werkleider@voorbeeld.example"'
            in signup_page.content.decode()
        )

        response = sign_up(client, token)
        user = User.objects.get(email="nieuwe.werkleider@voorbeeld.example")
        assert Membership.objects.filter(
            user=user, organisation=organisation, role="supervisor"
        ).exists()
        assert EmailAddress.objects.get(user=user).verified
        assert response.status_code == 302
        assert client.get(reverse("portal:dashboard")).url == reverse("retention:team")
        invitation = Invitation.objects.get(email=user.email)
        assert invitation.status == Invitation.Status.ACCEPTED
        assert invitation.accepted_by == user

    def test_invitation_email_holds_no_token_in_the_database(
        self, organisation, make_member
    ):
        hr = make_member(Membership.Role.HR, organisation)
        with_link = invite(
            organisation=organisation,
            email="a@voorbeeld.example",
            role="supervisor",
            invited_by=hr,
        )
        # on_commit runs after the test transaction: the mail is built when sent.
        assert len(with_link.token_hash) == 64

    def test_the_email_address_cannot_be_changed_at_signup(
        self, client, organisation, make_member, django_capture_on_commit_callbacks
    ):
        hr = make_member(Membership.Role.HR, organisation)
        with django_capture_on_commit_callbacks(execute=True):
            invite(
                organisation=organisation,
                email="echt@voorbeeld.example",
                role="supervisor",
                invited_by=hr,
            )
        token = invitation_token_from_mail()
        sign_up(client, token, email="ander@voorbeeld.example")
        assert User.objects.filter(email="echt@voorbeeld.example").exists()
        assert not User.objects.filter(email="ander@voorbeeld.example").exists()

    def test_employee_invitation_links_the_employee_record(
        self, client, organisation, make_member, django_capture_on_commit_callbacks
    ):
        hr = make_member(Membership.Role.HR, organisation)
        supervisor = make_member(Membership.Role.SUPERVISOR, organisation)
        client.force_login(hr)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("portal:employee_create"),
                {
                    "organisation": organisation.pk,
                    "first_name": "Ayla",
                    "last_name": "Demir",
                    "supervisor": supervisor.pk,
                    "employment_start": "2024-02-01",
                    "part_time_factor": "1.00",
                    "invite_email": "ayla@voorbeeld.example",
                },
            )
        employee = Employee.objects.get(first_name="Ayla")
        token = invitation_token_from_mail()
        client.logout()
        sign_up(client, token)
        employee.refresh_from_db()
        assert employee.user.email == "ayla@voorbeeld.example"
        assert client.get(reverse("portal:dashboard")).url == reverse("retention:home")

    def test_weak_password_gets_a_dutch_message_and_nothing_is_created(
        self, client, organisation, make_member, django_capture_on_commit_callbacks
    ):
        hr = make_member(Membership.Role.HR, organisation)
        with django_capture_on_commit_callbacks(execute=True):
            invite(
                organisation=organisation,
                email="zwak@voorbeeld.example",
                role="supervisor",
                invited_by=hr,
            )
        response = sign_up(
            client, invitation_token_from_mail(), password1="123", password2="123"
        )
        assert response.status_code == 200
        assert "te kort" in response.content.decode()
        assert not User.objects.filter(email="zwak@voorbeeld.example").exists()
        assert Invitation.objects.get(email="zwak@voorbeeld.example").status == "open"


class TestSpentInvitations:
    @pytest.fixture
    def invitation_and_token(
        self, organisation, make_member, django_capture_on_commit_callbacks
    ):
        hr = make_member(Membership.Role.HR, organisation)
        with django_capture_on_commit_callbacks(execute=True):
            invitation = invite(
                organisation=organisation,
                email="b@voorbeeld.example",
                role="supervisor",
                invited_by=hr,
            )
        return invitation, invitation_token_from_mail()

    def test_unknown_link_is_a_404_with_a_plain_message(self, client):
        response = client.get(reverse("portal:invitation", args=["onzin"]))
        assert response.status_code == 404
        assert "niet geldig" in response.content.decode()

    def test_expired_invitation_explains_and_creates_nothing(
        self, client, invitation_and_token
    ):
        invitation, token = invitation_and_token
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
        response = client.get(reverse("portal:invitation", args=[token]))
        assert response.status_code == 410
        assert "verlopen" in response.content.decode()
        assert client.get(reverse("account_signup")).status_code == 200
        assert (
            "via een uitnodiging"
            in client.get(reverse("account_signup")).content.decode()
        )
        assert not User.objects.filter(email="b@voorbeeld.example").exists()

    def test_expiry_between_opening_and_submitting_creates_nothing(
        self, client, invitation_and_token
    ):
        invitation, token = invitation_and_token
        client.get(reverse("portal:invitation", args=[token]))
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
        client.post(
            reverse("account_signup"),
            {
                "first_name": "B",
                "last_name": "C",
                "password1": "lang-en-sterk-wachtwoord",
                "password2": "lang-en-sterk-wachtwoord",
            },
        )
        assert not User.objects.filter(email="b@voorbeeld.example").exists()
        assert not Membership.objects.filter(
            role="supervisor", user__email="b@voorbeeld.example"
        ).exists()

    def test_used_invitation_cannot_be_used_again(self, client, invitation_and_token):
        _invitation, token = invitation_and_token
        sign_up(client, token)
        client.logout()
        response = client.get(reverse("portal:invitation", args=[token]))
        assert response.status_code == 410
        assert "al gebruikt" in response.content.decode()
        assert User.objects.filter(email="b@voorbeeld.example").count() == 1

    def test_revoked_invitation_says_so(self, client, invitation_and_token):
        invitation, token = invitation_and_token
        invitation.revoked_at = timezone.now()
        invitation.save()
        response = client.get(reverse("portal:invitation", args=[token]))
        assert response.status_code == 410
        assert "ingetrokken" in response.content.decode()

    def test_accepting_twice_fails_the_second_time(self, invitation_and_token):
        invitation, _token = invitation_and_token
        user = UserFactory(email="b@voorbeeld.example")
        accept_invitation(invitation, user)
        with pytest.raises(InvitationError):
            accept_invitation(invitation, user)
        assert Membership.objects.filter(user=user).count() == 1

    def test_a_new_invitation_replaces_the_open_one(
        self, organisation, invitation_and_token
    ):
        invitation, _token = invitation_and_token
        invite(
            organisation=organisation,
            email="B@voorbeeld.example",
            role="supervisor",
            invited_by=invitation.invited_by,
        )
        invitation.refresh_from_db()
        assert invitation.status == Invitation.Status.REVOKED
        assert (
            Invitation.objects.open().filter(email="b@voorbeeld.example").count() == 1
        )

    def test_existing_account_logs_in_and_then_accepts(
        self, client, invitation_and_token
    ):
        invitation, token = invitation_and_token
        user = UserFactory(email="b@voorbeeld.example")
        response = client.get(reverse("portal:invitation", args=[token]))
        assert (
            "Log in" in response.content.decode()
            or "Inloggen" in response.content.decode()
        )
        client.force_login(user)
        response = client.post(reverse("portal:invitation", args=[token]))
        assert response.status_code == 302
        assert Membership.objects.filter(user=user, role="supervisor").exists()

    def test_logged_in_as_someone_else_is_told_so(
        self, client, organisation, invitation_and_token
    ):
        _invitation, token = invitation_and_token
        client.force_login(UserFactory(email="iemand.anders@voorbeeld.example"))
        response = client.post(reverse("portal:invitation", args=[token]))
        assert response.status_code == 403
        assert "b@voorbeeld.example" in response.content.decode()
        assert not Membership.objects.filter(role="supervisor").exists()

    def test_hr_withdraws_an_invitation_after_confirming(
        self, client, invitation_and_token
    ):
        invitation, token = invitation_and_token
        client.force_login(invitation.invited_by)
        url = reverse("portal:invitation_revoke", args=[invitation.pk])
        confirm = client.get(url)
        assert "Weet je het zeker" in confirm.content.decode()
        invitation.refresh_from_db()
        assert invitation.status == "open"
        client.post(url)
        invitation.refresh_from_db()
        assert invitation.status == "revoked"


class TestIdleSession:
    def test_each_request_extends_the_session_by_the_idle_time(
        self, client, settings, organisation, make_member
    ):
        user = make_member(Membership.Role.SUPERVISOR, organisation)
        client.post(LOGIN, {"login": user.email, "password": PASSWORD})
        key = client.session.session_key
        # As if the last renewal was two minutes ago and the session ends in one.
        session = client.session
        session[RENEWED_AT] -= 120
        session.save()
        soon = timezone.now() + timedelta(minutes=1)
        Session.objects.filter(session_key=key).update(expire_date=soon)
        cache.clear()
        assert client.get(reverse("retention:team")).status_code == 200
        renewed = Session.objects.get(session_key=key).expire_date
        expected = timezone.now() + timedelta(minutes=settings.SESSION_IDLE_MINUTES)
        assert abs((renewed - expected).total_seconds()) < 30

    def test_requests_within_a_minute_do_not_write_the_session_again(
        self, client, organisation, make_member
    ):
        user = make_member(Membership.Role.SUPERVISOR, organisation)
        client.post(LOGIN, {"login": user.email, "password": PASSWORD})
        key = client.session.session_key
        written = Session.objects.get(session_key=key).expire_date
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("retention:team")).status_code == 200
        assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]
        assert Session.objects.get(session_key=key).expire_date == written

    def test_an_idle_session_has_ended(self, client, organisation, make_member):
        user = make_member(Membership.Role.SUPERVISOR, organisation)
        client.post(LOGIN, {"login": user.email, "password": PASSWORD})
        Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
        cache.clear()
        response = client.get(reverse("retention:team"))
        assert response.status_code == 302
        assert response.url.startswith(LOGIN)

    def test_session_ends_when_the_browser_closes(self, settings):
        assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
        assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60
