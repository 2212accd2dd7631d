"""Hostile input gets a clear Dutch message and stores nothing half-way:
each case found from outside, and the mechanisms behind them (NUL in an
address, a length limit on every free-text field, error messages that
format)."""

import importlib
import inspect

import pytest
from django import forms
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone

from portal.models import Employee, Invitation, Membership
from portal.services import invite
from retention.models import PartialRecovery
from tests.factories import EmployeeFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

OUR_APPS = ("portal", "retention", "chat", "cms")


# Partial recovery of 100 % or more -------------------------------------------------


@pytest.mark.parametrize(
    "percentage,message",
    [
        ("100", "100 procent"),
        ("150", "100 procent"),
        ("0", "van 1 tot 99"),
        ("-5", "van 1 tot 99"),
        ("veel", "heel getal"),
        ("50%", "heel getal"),
    ],
)
def test_a_partial_recovery_out_of_range_is_explained(
    client, team, sick_report, percentage, message
):
    client.force_login(team["supervisor"])
    response = client.post(
        reverse(
            "retention:partial_recovery", args=[team["employee"].pk, sick_report.pk]
        ),
        {
            "partial-from_date": timezone.localdate().isoformat(),
            "partial-percentage": percentage,
        },
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PartialRecovery.objects.exists()


# Invitations -------------------------------------------------------------------------


LONG_EMAIL = "a" * 250 + "@voorbeeld.example"


def test_an_overlong_email_in_the_invitation_form_is_explained(client, team):
    client.force_login(team["hr"])
    response = client.post(
        reverse("portal:invitation_list"),
        {
            "email": LONG_EMAIL,
            "role": "supervisor",
            "organisation": team["employee"].organisation_id,
        },
    )
    assert response.status_code == 200
    assert "254" in response.content.decode()
    assert not Invitation.objects.filter(email=LONG_EMAIL).exists()


def test_an_overlong_email_for_an_employee_invitation_is_explained(client, team):
    client.force_login(team["hr"])
    before = Employee.objects.count()
    response = client.post(
        reverse("portal:employee_create"),
        {
            "organisation": team["employee"].organisation_id,
            "first_name": "Anna",
            "last_name": "Smit",
            "employment_start": "2024-01-08",
            "part_time_factor": "1.00",
            "invite_email": LONG_EMAIL,
        },
    )
    assert response.status_code == 200
    assert "254" in response.content.decode()
    assert Employee.objects.count() == before


def test_a_second_employee_record_for_the_same_account_is_refused(client, team):
    """Accepting an invitation for another record at the same employer would
    have broken the one-record-per-account rule with a server error."""
    second = EmployeeFactory(organisation=team["employee"].organisation)
    invitation = invite(
        organisation=second.organisation,
        email=team["user"].email,
        role=Membership.Role.EMPLOYEE,
        invited_by=team["hr"],
        employee=second,
    )
    token = "x"
    Invitation.objects.filter(pk=invitation.pk).update(
        token_hash=Invitation.hash_token(token)
    )
    client.force_login(team["user"])
    response = client.post(reverse("portal:invitation", args=[token]))
    assert response.status_code == 410
    assert "al gekoppeld aan een ander" in response.content.decode()
    second.refresh_from_db()
    assert second.user_id is None
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


# An employee of two organisations -------------------------------------------------------


EMPLOYEE_PAGES = [
    "retention:home",
    "retention:my_plan",
    "retention:own_plan",
    "retention:consents",
    "retention:my_data",
    "retention:my_data_download",
    "retention:my_absence",
]


@pytest.fixture
def two_employers(team):
    other = OrganisationFactory(name="Bakkerij Zuid")
    MembershipFactory(user=team["user"], organisation=other, role="employee")
    second = EmployeeFactory(organisation=other, user=team["user"], first_name="Johan")
    return team["employee"], second


@pytest.mark.parametrize("name", EMPLOYEE_PAGES[1:])
def test_an_employee_of_two_organisations_first_chooses(
    client, team, two_employers, name
):
    client.force_login(team["user"])
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("retention:choose_employment"))


def test_the_chosen_employment_is_shown_on_every_page(client, team, two_employers):
    first, second = two_employers
    client.force_login(team["user"])
    choice = client.get(reverse("retention:choose_employment"))
    assert "Bakkerij Zuid" in choice.content.decode()
    response = client.post(
        reverse("retention:choose_employment"),
        {"employee": second.pk, "next": reverse("retention:my_plan")},
    )
    assert response.url == reverse("retention:my_plan")
    for name in EMPLOYEE_PAGES:
        page = client.get(reverse(name))
        assert page.status_code == 200, name
    assert "Bakkerij Zuid" in client.get(reverse("retention:home")).content.decode()


def test_someone_elses_employment_cannot_be_chosen(client, team, two_employers):
    stranger = EmployeeFactory()
    client.force_login(team["user"])
    response = client.post(
        reverse("retention:choose_employment"), {"employee": stranger.pk}
    )
    assert response.status_code == 400
    assert client.get(reverse("retention:my_plan")).status_code == 302


def test_the_choice_only_follows_local_addresses(client, team, two_employers):
    client.force_login(team["user"])
    response = client.post(
        reverse("retention:choose_employment"),
        {"employee": two_employers[0].pk, "next": "https://elders.example/"},
    )
    assert response.url == reverse("retention:home")


# NUL in an address ----------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/zoeken/?q=%00", "/zoeken/?q=ziek%00melding", "/?onderwerp=%00"]
)
def test_a_nul_character_in_an_address_gets_a_clear_answer(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "tekens" in response.content.decode()


@pytest.mark.postgres
def test_search_survives_control_characters_on_postgresql(client):
    response = client.get("/zoeken/", {"q": "ziek\u200bmelding \u0007 verzuim"})
    assert response.status_code == 200
    assert response.context["query"] == "ziek melding verzuim"


# Mechanisms ------------------------------------------------------------------------


def _our_models():
    for app in OUR_APPS:
        yield from apps.get_app_config(app).get_models()


def test_every_free_text_field_has_a_maximum_length():
    """Nobody can store a megabyte in a comment: every text field of our
    models has a max_length (Wagtail's rich text and stream fields, edited
    by editors only, excepted)."""
    from wagtail.fields import RichTextField

    unlimited = [
        f"{model.__name__}.{field.name}"
        for model in _our_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField | models.CharField)
        and field.model._meta.app_label in OUR_APPS
        and not isinstance(field, RichTextField)
        and not field.max_length
    ]
    assert unlimited == []


def _our_form_classes():
    for app in OUR_APPS:
        try:
            module = importlib.import_module(f"{app}.forms")
        except ModuleNotFoundError:
            continue
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                yield value


def _inherited_from_a_library(form, name):
    """allauth's signup form brings fields (username) it removes itself."""
    return any(
        name in getattr(base, "declared_fields", {})
        for base in form.__mro__[1:]
        if not base.__module__.startswith(OUR_APPS)
    )


def test_every_text_field_of_our_forms_has_a_maximum_length():
    forms_seen = list(_our_form_classes())
    assert len(forms_seen) >= 10
    unlimited = [
        f"{form.__name__}.{name}"
        for form in forms_seen
        for name, field in form.base_fields.items()
        if isinstance(field, forms.CharField)
        and not isinstance(field, forms.ChoiceField)
        and not field.max_length
        and not _inherited_from_a_library(form, name)
    ]
    assert unlimited == []


class _AnyValue(dict):
    def __missing__(self, key):
        return 1


def test_every_error_message_of_our_forms_can_be_formatted():
    """Django formats error messages with %; a bare % sign in one (as in
    "100%,") turned a clear message into a server error."""
    broken = []
    for form in _our_form_classes():
        for name, field in form.base_fields.items():
            for code, message in field.error_messages.items():
                try:
                    str(message) % _AnyValue()
                except (ValueError, TypeError):
                    broken.append(f"{form.__name__}.{name}.{code}")
    assert broken == []
