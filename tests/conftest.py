"""Fixtures for the whole suite.

Tests marked `redis` or `postgres` need those services. Without them they
skip, unless WERKBEHOUD_REQUIRE_SERVICES is set (as in CI): then a missing
service fails the run instead of hiding tests.
"""

import datetime
import io
import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from portal.models import Membership
from tests.factories import (
    EmployeeFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.shared import shared_by_the_module

REQUIRE_SERVICES = os.environ.get("WERKBEHOUD_REQUIRE_SERVICES", "").lower() in {
    "1",
    "true",
    "yes",
}


def _has_postgres():
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def pytest_sessionstart(session):
    if not REQUIRE_SERVICES:
        return
    missing = []
    if not _has_postgres():
        missing.append("DATABASE_URL pointing at PostgreSQL")
    if not settings.REDIS_URL:
        missing.append("REDIS_URL")
    if missing:
        pytest.exit(
            "WERKBEHOUD_REQUIRE_SERVICES is set but these are missing: "
            + ", ".join(missing),
            returncode=3,
        )


# Fixtures on data made once per module (shared_by_the_module).
MODULE_SHARED = {"loaded", "absence_world", "access_world"}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests last: Playwright's sync API keeps an event loop running
    for as long as the browser lives, and async tests cannot start under it.
    Within each run of one module's tests, the tests on data made once for
    the module (MODULE_SHARED: the loaded guidance site, ...) come after the
    others, so that data is never seen by a test that did not ask for it. Otherwise the order is
    kept: pytest-django runs the transactional tests, which empty the
    database, after the others."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
    ordered, run = [], []
    for item in [*items, None]:
        if run and (item is None or item.path != run[0].path):
            ordered += sorted(
                run, key=lambda test: bool(MODULE_SHARED & set(test.fixturenames))
            )
            run = []
        if item is not None:
            run.append(item)
    items[:] = ordered


@pytest.fixture(scope="module")
def _guidance_site(django_db_setup, django_db_blocker):
    """The guidance site as `load_initial_data` makes it (it takes seconds)."""
    yield from shared_by_the_module(
        django_db_blocker,
        lambda: call_command("load_initial_data", stdout=io.StringIO()),
    )


@pytest.fixture
def loaded(_guidance_site, db):
    """The guidance site with its pages, trainings, cards and translations."""


@pytest.fixture(autouse=True)
def _required_services(request):
    needs = []
    if request.node.get_closest_marker("redis") and not settings.REDIS_URL:
        needs.append("REDIS_URL")
    if request.node.get_closest_marker("postgres") and not _has_postgres():
        needs.append("PostgreSQL")
    if needs:
        message = "needs " + " and ".join(needs)
        if REQUIRE_SERVICES:
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(autouse=True)
def _fresh_channel_layer():
    """A new channel layer per test: the Redis layer keeps asyncio locks bound
    to the event loop it was first used on, and each async test has its own."""
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.fixture(autouse=True)
def _mail_through_the_queue(settings):
    """Django's test set-up swaps EMAIL_BACKEND for its in-memory outbox;
    mail must go through the portal's queue as in production. What the
    worker delivers lands in that outbox (tests/mailbox.py)."""
    settings.EMAIL_BACKEND = "portal.mail.QueueBackend"
    settings.WERKBEHOUD_DELIVERY_EMAIL_BACKEND = (
        "django.core.mail.backends.locmem.EmailBackend"
    )


@pytest.fixture(autouse=True)
def _portal_language():
    """Each test starts in the portal's language, whatever language an
    earlier request in the same thread left active."""
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached pages must not leak from one test to the next."""
    cache.clear()
    yield


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Werkbedrijf Noord")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Bakkerij Zuid")


@pytest.fixture
def make_member(db):
    """A user holding a role at an organisation."""

    def make(role, organisation, **user_fields):
        user = UserFactory(**user_fields)
        MembershipFactory(user=user, organisation=organisation, role=role)
        return user

    return make


@pytest.fixture
def team(organisation, make_member):
    """An organisation with HR, a supervisor and an employee with an account."""
    hr = make_member(Membership.Role.HR, organisation)
    supervisor = make_member(
        Membership.Role.SUPERVISOR, organisation, first_name="Sandra"
    )
    employee_user = UserFactory(first_name="Johan")
    MembershipFactory(user=employee_user, organisation=organisation, role="employee")
    employee = EmployeeFactory(
        organisation=organisation,
        supervisor=supervisor,
        user=employee_user,
        first_name="Johan",
        last_name="de Vries",
    )
    return {
        "hr": hr,
        "supervisor": supervisor,
        "employee": employee,
        "user": employee_user,
    }


@pytest.fixture
def sick_report(team):
    """The team's employee reported sick ten days ago, with a phone number
    and an address for the absence."""
    from retention import absence

    return absence.report_sick(
        team["employee"],
        {
            "first_sick_day": timezone.localdate() - datetime.timedelta(days=10),
            "expected_duration": "week",
            "phone": "06 12345678",
            "care_address": "Kerkstraat 1, Utrecht",
        },
        team["supervisor"],
    )
