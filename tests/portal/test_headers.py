"""Security headers: Content-Security-Policy, Permissions-Policy, no-store on
personal pages, and the Dutch page for a failed form check."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.models import Invitation, Membership
from retention.models import ThirdPartyConsent
from tests.cms.factories import GuidancePageFactory, build_site
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory
from tests.retention.conftest import agreed

pytestmark = pytest.mark.django_db

STRICT = ["'self'"]


def policy(response):
    """The Content-Security-Policy as {directive: [sources]}; KeyError if none."""
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def cache_control(response):
    return {
        part.strip().split("=")[0]
        for part in response.headers.get("Cache-Control", "").split(",")
        if part.strip()
    }


@pytest.fixture
def guidance_page():
    _home, hub, _cards = build_site()
    return GuidancePageFactory(parent=hub, title="Energie verdelen")


@pytest.fixture
def people(organisation, make_member):
    hr = make_member(Membership.Role.HR, organisation)
    supervisor = make_member(Membership.Role.SUPERVISOR, organisation)
    user = UserFactory()
    MembershipFactory(user=user, organisation=organisation, role="employee")
    employee = EmployeeFactory(
        organisation=organisation, supervisor=supervisor, user=user
    )
    agreed(employee, supervisor)
    superuser = UserFactory(is_staff=True, is_superuser=True)
    return {
        "hr": hr,
        "supervisor": supervisor,
        "employee": user,
        "employee_record": employee,
        "superuser": superuser,
    }


PERSONAL_PAGES = [
    ("employee", "retention:home"),
    ("employee", "retention:my_plan"),
    ("employee", "retention:print"),
    ("employee", "retention:my_data"),
    ("employee", "retention:my_data_download"),
    ("supervisor", "retention:team"),
    ("hr", "portal:hr_dashboard"),
    ("hr", "retention:figures_csv"),
    ("employee", "chat:start"),
]


def assert_strict_portal_policy(response):
    directives = policy(response)
    assert directives["default-src"] == STRICT
    assert directives["script-src"] == STRICT
    assert directives["style-src"] == STRICT
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == STRICT
    assert directives["form-action"] == STRICT
    assert directives["img-src"] == ["'self'", "data:"]


def test_anonymous_pages_get_the_strict_policy(client, guidance_page):
    for url in ["/", guidance_page.url, reverse("account_login"), "/zoeken/?q=werk"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_portal_policy(response)


@pytest.mark.parametrize("role, url_name", PERSONAL_PAGES)
def test_personal_pages_get_the_strict_policy_and_no_store(
    client, people, role, url_name
):
    client.force_login(people[role])
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert_strict_portal_policy(response)
    assert {"no-store", "private"} <= cache_control(response)


def test_the_print_view_has_no_inline_handlers(client, people):
    client.force_login(people["employee"])
    page = client.get(reverse("retention:print")).content.decode()
    assert "data-print" in page
    assert "onclick" not in page


def test_the_chat_may_open_a_websocket_to_this_host_only(client):
    directives = policy(client.get(reverse("account_login")))
    assert directives["connect-src"] == ["'self'", "ws://testserver"]
    secure = policy(client.get(reverse("account_login"), secure=True))
    assert secure["connect-src"] == ["'self'", "wss://testserver"]


def test_the_wagtail_admin_runs_without_inline_script(client, people):
    client.force_login(people["superuser"])
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    directives = policy(response)
    # 'self' and hashes of single fixed scripts only (tests/cms/test_admin_csp.py).
    assert directives["script-src"][0] == "'self'"
    assert all(source.startswith("'sha256-") for source in directives["script-src"][1:])
    assert directives["object-src"] == ["'none'"]
    # The page editor shows its preview in a frame of the admin itself.
    assert directives["frame-ancestors"] == STRICT


@pytest.mark.parametrize("logged_in", [False, True])
def test_every_page_switches_off_unused_browser_features(client, people, logged_in):
    if logged_in:
        client.force_login(people["employee"])
    for url in [reverse("account_login"), "/bestaat-niet/"]:
        header = client.get(url).headers["Permissions-Policy"]
        features = dict(item.strip().split("=") for item in header.split(","))
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert features[feature] == "()", (url, feature)


def test_anonymous_guidance_stays_cacheable(client, guidance_page):
    response = client.get(guidance_page.url)
    assert response.status_code == 200
    assert "no-store" not in cache_control(response)
    assert "private" not in cache_control(response)


def test_guidance_read_while_logged_in_is_not_stored(client, people, guidance_page):
    client.force_login(people["employee"])
    response = client.get(guidance_page.url)
    assert "no-store" in cache_control(response)


def test_static_files_stay_cacheable_when_logged_in(client, people):
    client.force_login(people["employee"])
    response = client.get("/static/css/portal.css")
    assert response.status_code == 200
    assert "no-store" not in cache_control(response)


def _consent(employee, token, **changes):
    values = {
        "employee": employee,
        "name": "Mirjam de Haan",
        "email": "coach@voorbeeld.example",
        "role": "job_coach",
        "valid_until": timezone.localdate() + datetime.timedelta(days=30),
        "token_hash": ThirdPartyConsent.hash_token(token),
    }
    values.update(changes)
    return ThirdPartyConsent.objects.create(**values)


def test_token_pages_for_people_without_an_account_are_not_stored(
    client, organisation, people
):
    consent_token = ThirdPartyConsent.new_token()
    _consent(people["employee_record"], consent_token)
    invitation_token = Invitation.new_token()
    Invitation.objects.create(
        organisation=organisation,
        email="nieuw@voorbeeld.example",
        role=Membership.Role.SUPERVISOR,
        invited_by=people["hr"],
        token_hash=Invitation.hash_token(invitation_token),
    )
    urls = {
        reverse("retention:consent_view", args=[consent_token]): 200,
        reverse("retention:consent_view", args=["onbekend"]): 404,
        reverse("portal:invitation", args=[invitation_token]): 302,
        reverse("portal:invitation", args=["onbekend"]): 404,
    }
    for url, status in urls.items():
        response = client.get(url)
        assert response.status_code == status, url
        assert {"no-store", "private"} <= cache_control(response), url


def test_a_failed_form_check_explains_in_dutch(people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["employee"])
    response = client.post(reverse("set_language"), {"language": "en"})
    assert response.status_code == 403
    assert "403_csrf.html" in [template.name for template in response.templates]
    page = response.content.decode()
    assert "Je formulier is niet verstuurd" in page
    assert "Laad die pagina opnieuw" in page
    assert_strict_portal_policy(response)
