"""A new employer is started without a shell: staff add the organisation and
invite its first HR person in the admin (or with `manage.py invite`);
helpdesk and editorial staff are invited the same way."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from portal import access
from portal.models import Invitation, Membership, Organisation, User
from tests.factories import PASSWORD, UserFactory
from tests.mailbox import sent_mail

pytestmark = pytest.mark.django_db


def accept_by_mail(client, email):
    """Open the link in the newest mail to `email` and sign up."""
    message = [m for m in sent_mail() if m.to == [email]][-1]
    start = message.body.index("/uitnodiging/")
    path = message.body[start:].split()[0]
    client.logout()
    assert client.get(path).url == reverse("account_signup")
    response = client.post(
        reverse("account_signup"),
        {
            "first_name": "Nieuw",
            "last_name": "Persoon",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302, response.content.decode()[:400]
    return User.objects.get(email=email)


@pytest.fixture
def admin(client):
    user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(user)
    return user


def test_staff_start_a_new_employer_in_the_admin(client, admin):
    response = client.post(
        reverse("organisations:add"),
        {"name": "Werkbedrijf Oost", "kind": "sw", "review_interval_months": 6},
    )
    organisation = Organisation.objects.get(name="Werkbedrijf Oost")
    assert (
        response.url
        == reverse("onboarding:invite") + f"?organisation={organisation.pk}"
    )
    page = client.get(response.url)
    assert page.context["form"].initial["organisation"] == str(organisation.pk)
    response = client.post(
        reverse("onboarding:invite"),
        {"email": "pz@oost.example", "role": "hr", "organisation": organisation.pk},
    )
    assert response.status_code == 302
    hr = accept_by_mail(client, "pz@oost.example")
    assert Membership.objects.filter(
        user=hr, organisation=organisation, role="hr"
    ).exists()


@pytest.mark.parametrize(
    "role,group",
    [("helpdesk", "Helpdesk"), ("editor", "Editors"), ("moderator", "Moderators")],
)
def test_helpdesk_and_editors_are_invited_the_same_way(client, admin, role, group):
    client.post(
        reverse("onboarding:invite"),
        {"email": "nieuw@werkbehoud.example", "role": role},
    )
    invitation = Invitation.objects.get(email="nieuw@werkbehoud.example")
    assert invitation.organisation is None
    user = accept_by_mail(client, "nieuw@werkbehoud.example")
    assert list(user.groups.values_list("name", flat=True)) == [group]
    assert not user.memberships.exists()


@pytest.mark.parametrize(
    "data,field",
    [
        ({"role": "helpdesk", "organisation": "ORG"}, "organisation"),
        ({"role": "hr"}, "organisation"),
        ({"role": "hr", "organisation": "ORG", "email": "a" * 250 + "@x.nl"}, "email"),
    ],
)
def test_a_wrong_combination_is_explained(client, admin, organisation, data, field):
    data = {"email": "iemand@voorbeeld.example", **data}
    if data.get("organisation") == "ORG":
        data["organisation"] = organisation.pk
    response = client.post(reverse("onboarding:invite"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_someone_who_already_has_the_role_is_not_invited_again(client, admin):
    UserFactory(email="noor@werkbehoud.example", groups=["Helpdesk"])
    response = client.post(
        reverse("onboarding:invite"),
        {"email": "noor@werkbehoud.example", "role": "helpdesk"},
    )
    assert "email" in response.context["form"].errors


def test_only_superusers_invite_in_the_admin(client, team):
    client.force_login(UserFactory(groups=["Editors"]))
    assert client.get(reverse("onboarding:invite")).url == reverse("wagtailadmin_home")
    assert client.get(reverse("organisations:add")).url == reverse("wagtailadmin_home")
    client.force_login(team["hr"])
    assert client.get(reverse("onboarding:invite")).url.startswith("/accounts/login/")


def test_the_command_creates_the_employer_and_invites(client):
    out = io.StringIO()
    call_command(
        "invite",
        "pz@zuid.example",
        role="hr",
        organisation="Bakkerij Zuid",
        kind="regular",
        stdout=out,
    )
    assert "Bakkerij Zuid" in out.getvalue()
    organisation = Organisation.objects.get(name="Bakkerij Zuid")
    assert organisation.kind == "regular"
    hr = accept_by_mail(client, "pz@zuid.example")
    assert access.HR in access.roles_of(hr)
    call_command(
        "invite", "vraag@werkbehoud.example", role="helpdesk", stdout=io.StringIO()
    )
    assert Invitation.objects.get(email="vraag@werkbehoud.example").role == "helpdesk"


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"role": "hr", "organisation": "Onbekend"}, "--kind"),
        ({"role": "hr"}, "--organisation"),
        ({"role": "helpdesk", "organisation": "X"}, "leave out"),
    ],
)
def test_the_command_explains_what_is_missing(kwargs, message):
    with pytest.raises(CommandError, match=message):
        call_command(
            "invite", "iemand@voorbeeld.example", stdout=io.StringIO(), **kwargs
        )
    assert not Invitation.objects.exists()
    assert not Group.objects.filter(user__email="iemand@voorbeeld.example").exists()
