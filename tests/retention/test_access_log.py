"""The access log is complete and readable: every page that shows an
employee's personal data writes an entry with the right subject; the
employee reads one line per person, subject and day; on PostgreSQL the
database itself refuses to change or delete entries."""

import datetime
import io
import re

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from retention import services
from retention.models import AccessLogEntry, OwnPlan
from retention.models.access_log import purge_allowed
from tests.factories import EmployeeFactory
from tests.retention.conftest import agreed

pytestmark = pytest.mark.django_db

Subject = AccessLogEntry.Subject


def subjects_logged(employee, actor):
    return set(
        AccessLogEntry.objects.filter(employee=employee, actor=actor).values_list(
            "subject", flat=True
        )
    )


@pytest.fixture
def shared_own_plan(team):
    return OwnPlan.objects.create(
        employee=team["employee"],
        what_helps="Een vaste plek bij het raam.",
        share_what_helps=True,
    )


@pytest.mark.usefixtures("shared_own_plan")
def test_the_sick_call_page_logs_the_shared_own_plan(client, team):
    client.force_login(team["supervisor"])
    page = client.get(reverse("retention:sick_call", args=[team["employee"].pk]))
    assert "Een vaste plek bij het raam" in page.content.decode()
    assert Subject.OWN_PLAN in subjects_logged(team["employee"], team["supervisor"])


@pytest.mark.usefixtures("shared_own_plan")
def test_reading_the_own_plan_on_the_plan_page_is_logged_as_the_own_plan(client, team):
    client.force_login(team["supervisor"])
    page = client.get(reverse("retention:plan", args=[team["employee"].pk]))
    assert "Een vaste plek bij het raam" in page.content.decode()
    assert subjects_logged(team["employee"], team["supervisor"]) == {
        Subject.PLAN,
        Subject.OWN_PLAN,
    }


def test_hr_never_reads_the_own_plan_so_it_is_not_logged(client, team):
    OwnPlan.objects.create(
        employee=team["employee"], what_helps="Rust.", share_what_helps=True
    )
    client.force_login(team["hr"])
    client.get(reverse("retention:plan", args=[team["employee"].pk]))
    assert subjects_logged(team["employee"], team["hr"]) == {Subject.PLAN}


@pytest.mark.parametrize("name", ["sick_report_edit", "recovery"])
def test_a_sick_report_page_logs_the_sick_report(client, team, sick_report, name):
    client.force_login(team["hr"])
    response = client.get(
        reverse(f"retention:{name}", args=[team["employee"].pk, sick_report.pk])
    )
    assert response.status_code == 200
    assert Subject.SICK_REPORT in subjects_logged(team["employee"], team["hr"])


@pytest.mark.usefixtures("sick_report")
def test_contact_moments_are_logged(client, team):
    client.force_login(team["supervisor"])
    client.get(reverse("retention:contact", args=[team["employee"].pk]))
    assert Subject.CONTACT in subjects_logged(team["employee"], team["supervisor"])


def test_evaluations_are_logged(client, team):
    agreed(team["employee"], team["supervisor"])
    client.force_login(team["supervisor"])
    client.get(reverse("retention:review", args=[team["employee"].pk]))
    assert Subject.REVIEW in subjects_logged(team["employee"], team["supervisor"])


def test_the_team_overview_logs_everyone_it_names(client, team, organisation):
    colleague = EmployeeFactory(
        organisation=organisation, supervisor=team["supervisor"]
    )
    client.force_login(team["supervisor"])
    client.get(reverse("retention:team"))
    for employee in (team["employee"], colleague):
        assert subjects_logged(employee, team["supervisor"]) == {Subject.OVERVIEW}


def test_the_hr_overview_and_employee_record_are_logged(client, team):
    client.force_login(team["hr"])
    client.get(reverse("portal:hr_dashboard"))
    assert subjects_logged(team["employee"], team["hr"]) == {Subject.OVERVIEW}
    client.get(reverse("portal:employee_edit", args=[team["employee"].pk]))
    assert Subject.EMPLOYMENT in subjects_logged(team["employee"], team["hr"])


@pytest.mark.django_db(transaction=True)
def test_a_page_that_shows_nobody_writes_nothing(team):
    """Not even an empty transaction: the HR dashboard's panels report the
    overdue reviews and the absent on every view, mostly nobody. (A
    transactional test: inside a test's own transaction none is opened.)"""
    with CaptureQueriesContext(connection) as queries:
        services.log_access_many(
            (employee for employee in []), team["hr"], "view", Subject.OVERVIEW
        )
    assert queries.captured_queries == []


def access_log_inserts(queries):
    """The calls that wrote the access log (one executemany is logged by
    Django as "N times: INSERT ...")."""
    return [
        query["sql"]
        for query in queries.captured_queries
        if re.sub(r"^\d+ times: ", "", query["sql"]).startswith(
            'INSERT INTO "retention_accesslogentry"'
        )
    ]


def test_a_page_with_panels_writes_the_log_in_one_statement(client, team, sick_report):
    """The HR dashboard names the employee in its list and in the absence
    panel: both entries, one INSERT, written before the page is answered."""
    client.force_login(team["hr"])
    before = AccessLogEntry.objects.filter(actor=team["hr"]).count()
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("portal:hr_dashboard"))
    assert "de Vries" in page.content.decode()
    assert len(access_log_inserts(queries)) == 1
    written = AccessLogEntry.objects.filter(
        actor=team["hr"], employee=team["employee"], subject=Subject.OVERVIEW
    )
    # The list of employees and the absence panel (the sick report's steps).
    assert written.count() == 2
    assert AccessLogEntry.objects.filter(actor=team["hr"]).count() == before + 2


def test_outside_a_request_each_call_writes_at_once(team):
    """The worker and the services called from a shell have no request:
    nothing waits for a response that never comes."""
    services.log_access(
        team["employee"], team["hr"], AccessLogEntry.Action.VIEW, Subject.OVERVIEW
    )
    assert subjects_logged(team["employee"], team["hr"]) == {Subject.OVERVIEW}


def test_what_a_failing_page_logged_is_written_all_the_same(team):
    with pytest.raises(RuntimeError), services.one_access_log_write():
        services.log_access(
            team["employee"], team["hr"], AccessLogEntry.Action.VIEW, Subject.OVERVIEW
        )
        assert subjects_logged(team["employee"], team["hr"]) == set()
        raise RuntimeError("the page broke after reading")
    assert subjects_logged(team["employee"], team["hr"]) == {Subject.OVERVIEW}


@pytest.mark.django_db(transaction=True)
def test_the_log_is_written_under_the_asgi_server_too(team):
    """Under ASGI the middleware and the view run in different threads and
    contexts (asgiref): the view's entries still reach the one write."""
    from asgiref.sync import async_to_sync
    from django.test import AsyncClient

    client = AsyncClient()
    async_to_sync(client.aforce_login)(team["supervisor"])
    page = async_to_sync(client.get)(reverse("retention:team"))
    assert page.status_code == 200
    assert "de Vries" in page.content.decode()
    assert subjects_logged(team["employee"], team["supervisor"]) == {Subject.OVERVIEW}


def test_the_employee_reads_one_line_per_person_subject_and_day(client, team):
    employee = team["employee"]
    client.force_login(team["supervisor"])
    for _ in range(3):
        client.get(reverse("retention:plan", args=[employee.pk]))
    yesterday = timezone.now() - datetime.timedelta(days=1)
    AccessLogEntry.objects.create(
        employee=employee,
        actor=team["supervisor"],
        actor_label="Sandra (werkleider)",
        action="view",
        subject=Subject.PLAN,
        at=yesterday,
    )
    client.force_login(team["user"])
    page = client.get(reverse("retention:my_data"))
    rows = list(page.context["page"].object_list)
    assert [(row["subject"], row["times"]) for row in rows] == [
        (Subject.PLAN, 3),
        (Subject.PLAN, 1),
    ]
    html = page.content.decode()
    assert "3 keer, het laatst om" in html


# PostgreSQL: the database refuses what the code already refuses -----------------


def _entry(team):
    return AccessLogEntry.objects.create(
        employee=team["employee"],
        actor=team["supervisor"],
        actor_label="Sandra (werkleider)",
        action="view",
        subject=Subject.PLAN,
    )


@pytest.mark.postgres
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE retention_accesslogentry SET actor_label = 'iemand anders' WHERE id = %s",
        "UPDATE retention_accesslogentry SET at = now() - interval '1 year' WHERE id = %s",
        "DELETE FROM retention_accesslogentry WHERE id = %s",
    ],
)
def test_the_database_refuses_changes_and_deletes(team, sql):
    entry = _entry(team)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [entry.pk])
    assert AccessLogEntry.objects.filter(
        pk=entry.pk, actor_label="Sandra (werkleider)"
    ).exists()


@pytest.mark.postgres
def test_the_purge_path_and_a_removed_account_pass_the_trigger(team):
    entry = _entry(team)
    team["supervisor"].delete()
    entry.refresh_from_db()
    assert entry.actor_id is None and entry.actor_label == "Sandra (werkleider)"
    with transaction.atomic():
        purge_allowed()
        team["employee"].delete()
    assert not AccessLogEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.postgres
def test_purge_expired_removes_the_log_with_the_employee(team):
    from django.core.management import call_command

    _entry(team)
    employee = team["employee"]
    employee.employment_end = timezone.localdate() - datetime.timedelta(days=800)
    employee.save()
    call_command("purge_expired", stdout=io.StringIO())
    assert not AccessLogEntry.objects.filter(employee_id=employee.pk).exists()


def test_entries_are_appended_with_and_without_an_account(team):
    """One statement for many entries, some by a person without an account
    (a consented job coach): each is stored as given, at the same moment."""
    AccessLogEntry.objects.append(
        [
            (team["employee"].pk, team["hr"].pk, "Hanna (HR)", "view", "plan"),
            (team["employee"].pk, None, "Job coach Bos", "view", "own_plan"),
        ]
    )
    stored = list(
        AccessLogEntry.objects.filter(employee=team["employee"]).order_by("pk")
    )
    assert [(e.actor_id, e.actor_label, e.action, e.subject) for e in stored] == [
        (team["hr"].pk, "Hanna (HR)", "view", "plan"),
        (None, "Job coach Bos", "view", "own_plan"),
    ]
    assert stored[0].at == stored[1].at
