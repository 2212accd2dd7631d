"""My account: one page of the portal for name, login, language, easy
language and data, with allauth's pages behind it; Dutch that says "je"."""

import re

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.utils.html import strip_tags
from wagtail.models import Task, Workflow

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ACCOUNT = "/mijn-account/"
FORMAL = re.compile(r"\b(?:u|uw|Uw|U)\b")


def text_of(response):
    html = response.content.decode()
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return " ".join(strip_tags(main).split())


def test_my_account_shows_name_login_language_and_data(client, team):
    client.force_login(team["user"])
    response = client.get(ACCOUNT)
    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(response)
    assert team["user"].email in text
    for link in ("/accounts/email/", "/accounts/password/change/", "/accounts/2fa/"):
        assert f'href="{link}"' in html
    assert "Uit: je logt alleen in met je wachtwoord." in text
    assert 'name="language"' in html and 'action="/i18n/setlang/"' in html
    assert "Eenvoudige taal aanzetten" in text
    # An employee downloads her data from here.
    assert 'href="/mijn-gegevens/"' in html
    # The header leads here, marked as the current page.
    assert f'href="{ACCOUNT}" aria-current="page"' in html


def test_my_account_says_when_two_step_verification_is_on(client, team):
    Authenticator.objects.create(
        user=team["hr"], type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    client.force_login(team["hr"])
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "mfa", "type": "totp"}]
    session.save()
    text = text_of(client.get(ACCOUNT))
    assert "Aan: je logt in met je wachtwoord en een code uit een app." in text
    # Data download is for employees.
    assert "Mijn gegevens en wie keek" not in text


def test_the_name_is_changed_and_an_empty_one_refused(client, team):
    user = team["supervisor"]
    client.force_login(user)
    response = client.post(ACCOUNT, {"first_name": "Sanne", "last_name": "Bakker"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Sanne", "Bakker")
    assert "Je naam is opgeslagen." in text_of(client.get(ACCOUNT))
    response = client.post(ACCOUNT, {"first_name": " ", "last_name": "Bakker"})
    assert response.status_code == 400
    assert "Vul je voornaam in." in text_of(response)
    user.refresh_from_db()
    assert user.first_name == "Sanne"


def test_visitors_are_sent_to_log_in(client):
    response = client.get(ACCOUNT)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_email_page_changes_the_one_address_without_make_primary(client, team):
    user = team["user"]
    assert EmailAddress.objects.filter(user=user, primary=True).count() == 1
    client.force_login(user)
    response = client.get("/accounts/email/")
    text = text_of(response)
    assert "primair" not in text.lower()
    assert 'href="/mijn-account/"' in response.content.decode()
    assert not FORMAL.search(text), text


def test_password_errors_say_je(client, team):
    user = team["user"]
    client.force_login(user)
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": "fout", "password1": "12345678", "password2": "12345678"},
    )
    text = text_of(response)
    assert "Je wachtwoord mag niet alleen uit cijfers bestaan." in text
    assert not FORMAL.search(text), text
    assert PASSWORD  # the real password is not the one typed


def test_the_editors_workflow_has_a_dutch_name(db):
    assert set(Workflow.objects.values_list("name", flat=True)) == {
        "Goedkeuring door een moderator"
    }
    assert set(Task.objects.values_list("name", flat=True)) == {
        "Goedkeuring door een moderator"
    }
