"""Dashboards kept whole until what they show changes (portal/kept_pages.py):
the same person in the same session gets the same page from the cache, and
any change to what it was made of, however it is written, renders it
afresh. Nobody else ever gets it, and every answer is in the access log."""

import datetime
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal import generations, kept_pages, tables
from portal.models import Employee, Membership
from retention import figures
from retention.models import AccessLogEntry
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

HR_DASHBOARD = "/werkgever/"


def queries_of(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def kept(client, path):
    """Views the page until it is kept (the first answer sets the CSRF
    cookie the kept page's forms need) and returns the rendered page and the
    queries of rendering it."""
    client.get(path)
    return queries_of(client, path)


def test_a_dashboard_viewed_again_comes_from_the_cache(client, team):
    client.force_login(team["hr"])
    rendered, rendering_queries = kept(client, HR_DASHBOARD)
    again, queries = queries_of(client, HR_DASHBOARD)
    assert again == rendered
    assert "Johan de Vries" in again
    # The account, and the access log: nothing of the page itself.
    assert queries <= 3 < rendering_queries


def test_every_answer_from_the_cache_is_in_the_access_log(client, team):
    client.force_login(team["hr"])
    for _ in range(4):
        client.get(HR_DASHBOARD)
    logged = AccessLogEntry.objects.filter(employee=team["employee"], actor=team["hr"])
    assert logged.count() == 4
    assert {entry.subject for entry in logged} == {AccessLogEntry.Subject.OVERVIEW}


def _rename_by_save(employee):
    employee.last_name = "Jansen"
    employee.save()


def _rename_by_update(employee):
    Employee.objects.filter(pk=employee.pk).update(last_name="Jansen")


def _rename_by_bulk_update(employee):
    employee.last_name = "Jansen"
    Employee.objects.bulk_update([employee], ["last_name"])


def _rename_by_raw_sql(employee):
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Employee._meta.db_table} SET last_name = %s WHERE id = %s",  # noqa: S608
            ["Jansen", employee.pk],
        )


def _rename_in_a_transaction(employee):
    from django.db import transaction

    with transaction.atomic():
        _rename_by_save(employee)


RENAMES = {
    "save": _rename_by_save,
    "update": _rename_by_update,
    "bulk_update": _rename_by_bulk_update,
    "raw SQL": _rename_by_raw_sql,
    "transaction": _rename_in_a_transaction,
}


@pytest.mark.parametrize("way", RENAMES)
def test_a_change_shows_however_it_was_written(client, team, way):
    client.force_login(team["hr"])
    kept(client, HR_DASHBOARD)
    RENAMES[way](team["employee"])
    content = client.get(HR_DASHBOARD).content.decode()
    assert "Johan Jansen" in content
    assert "Johan de Vries" not in content


def test_a_new_and_a_leaving_employee_show(client, team, make_member):
    client.force_login(team["supervisor"])
    kept(client, "/werkleider/")
    EmployeeFactory(
        organisation=team["employee"].organisation,
        supervisor=team["supervisor"],
        first_name="Fatima",
        last_name="Amrani",
    )
    assert "Fatima Amrani" in client.get("/werkleider/").content.decode()
    Employee.objects.filter(last_name="Amrani").update(
        employment_end=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert "Fatima Amrani" not in client.get("/werkleider/").content.decode()


def test_nobody_else_gets_the_kept_page(
    team, other_organisation, make_member, organisation
):
    """Another HR of another employer, and a colleague in the same role at
    the same employer, each get their own page on the same address."""
    other_hr = make_member("hr", other_organisation)
    EmployeeFactory(
        organisation=other_organisation, first_name="Piet", last_name="Bakker"
    )
    colleague = make_member("hr", organisation)
    clients = {}
    for name, user in (
        ("hr", team["hr"]),
        ("other", other_hr),
        ("colleague", colleague),
    ):
        clients[name] = Client()
        clients[name].force_login(user)
    for _ in range(3):
        for name, client in clients.items():
            content = client.get(HR_DASHBOARD).content.decode()
            if name == "other":
                assert "Piet Bakker" in content
                assert "Johan de Vries" not in content
            else:
                assert "Johan de Vries" in content
                assert "Piet Bakker" not in content
    johan = AccessLogEntry.objects.filter(employee=team["employee"])
    assert johan.filter(actor=other_hr).count() == 0
    assert johan.filter(actor=colleague).count() == 3


def test_each_session_keeps_its_own_page_and_its_forms_work(team):
    """The page holds a form token for the session's CSRF cookie: a kept
    page's logout form still logs out."""
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    for client in (first, second):
        client.force_login(team["hr"])
        kept(client, HR_DASHBOARD)
    page, queries = queries_of(second, HR_DASHBOARD)
    assert queries <= 3
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = second.post(reverse("account_logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert second.get(HR_DASHBOARD).status_code == 302  # to the login page
    assert first.get(HR_DASHBOARD).status_code == 200


def test_losing_the_role_ends_the_kept_page(client, team):
    client.force_login(team["hr"])
    kept(client, HR_DASHBOARD)
    Membership.objects.filter(user=team["hr"]).delete()
    assert client.get(HR_DASHBOARD).status_code == 403


def test_a_message_is_shown_and_not_kept(client, team):
    client.force_login(team["hr"])
    kept(client, HR_DASHBOARD)
    organisation = team["employee"].organisation
    response = client.post(
        reverse("portal:organisation_settings", args=[organisation.pk]),
        {
            "name": organisation.name,
            "kind": organisation.kind,
            "review_interval_months": 3,
        },
        follow=True,
    )
    assert "De instellingen zijn opgeslagen" in response.content.decode()
    after = client.get(HR_DASHBOARD).content.decode()
    assert "De instellingen zijn opgeslagen" not in after


def test_another_language_is_another_page(client, team):
    client.force_login(team["hr"])
    dutch, _queries = kept(client, HR_DASHBOARD)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(HR_DASHBOARD).content.decode()
    assert '<html lang="en">' in english
    assert '<html lang="nl">' in dutch


def test_the_next_day_renders_afresh(client, team, monkeypatch):
    """What is overdue changes at midnight, without any write."""
    client.force_login(team["hr"])
    _page, rendering = kept(client, HR_DASHBOARD)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    _page, queries = queries_of(client, HR_DASHBOARD)
    assert queries == rendering


def test_a_new_release_renders_afresh(client, team, monkeypatch):
    client.force_login(team["hr"])
    _page, rendering = kept(client, HR_DASHBOARD)
    monkeypatch.setattr(kept_pages, "release", lambda: "next-release")
    _page, queries = queries_of(client, HR_DASHBOARD)
    assert queries == rendering


def test_forget_all_renders_every_page_afresh(client, team):
    client.force_login(team["hr"])
    _page, rendering = kept(client, HR_DASHBOARD)
    kept_pages.forget_all()
    _page, queries = queries_of(client, HR_DASHBOARD)
    assert queries == rendering


def test_the_chosen_employment_is_part_of_the_page(client, team, make_member):
    """Someone employed twice sees the employment chosen in the session."""
    user = team["user"]
    second_employer = team["employee"].organisation.__class__.objects.create(
        name="Tweede Werkgever"
    )
    EmployeeFactory(
        organisation=second_employer,
        user=user,
        supervisor=make_member("supervisor", second_employer),
        first_name="Johan",
        last_name="Tweede",
    )
    Membership.objects.create(user=user, organisation=second_employer, role="employee")
    client.force_login(user)
    pages = {}
    for employee in Employee.objects.filter(user=user):
        client.post(reverse("retention:choose_employment"), {"employee": employee.pk})
        pages[employee.organisation.name] = kept(client, "/medewerker/")[0]
    assert "Tweede Werkgever" in pages["Tweede Werkgever"]
    assert "Tweede Werkgever" not in pages[team["employee"].organisation.name]


# The mechanism, with a view of its own --------------------------------------


class Counted:
    def __init__(self, body):
        self.body = body
        self.rendered = 0

    def __call__(self, request):
        from django.http import HttpResponse

        self.rendered += 1
        self.body()
        return HttpResponse(f"rendered {self.rendered}")


def _request(user, session):
    request = RequestFactory().get("/kept/", HTTP_COOKIE="csrftoken=" + "a" * 32)
    request.user = user
    request.session = session
    from django.contrib.messages.storage.fallback import FallbackStorage

    request._messages = FallbackStorage(request)
    return request


@pytest.fixture
def answer():
    from django.contrib.sessions.backends.cache import SessionStore

    user = UserFactory()
    session = SessionStore()
    session.create()

    def answer(view):
        return view(_request(user, session)).content.decode()

    return answer


def test_what_writes_while_rendering_is_never_kept(answer):
    view = kept_pages.kept_for_viewer(
        Counted(lambda: Membership.objects.filter(pk=0).update(role="hr"))
    )
    assert [answer(view) for _ in range(3)] == [
        "rendered 1",
        "rendered 2",
        "rendered 3",
    ]


def test_kept_figures_that_changed_render_afresh(answer):
    body = Counted(lambda: figures.kept("test", (), lambda: 1))
    view = kept_pages.kept_for_viewer(body)
    figures.changed()  # the generation is there (without it nothing is kept)
    assert [answer(view) for _ in range(2)] == ["rendered 1", "rendered 1"]
    figures.changed()
    assert answer(view) == "rendered 2"


def test_a_table_read_while_rendering_is_followed(answer):
    body = Counted(lambda: list(Employee.objects.all()))
    view = kept_pages.kept_for_viewer(body)
    assert [answer(view) for _ in range(2)] == ["rendered 1", "rendered 1"]
    EmployeeFactory()  # a write to the table, elsewhere
    assert answer(view) == "rendered 2"
    assert answer(view) == "rendered 2"


def test_a_generation_that_cannot_be_read_keeps_nothing(answer, monkeypatch):
    body = Counted(lambda: generations.note("somewhere", None))
    view = kept_pages.kept_for_viewer(body)
    assert [answer(view) for _ in range(2)] == ["rendered 1", "rendered 2"]


@pytest.mark.parametrize(
    "sql,written",
    [
        (
            'INSERT INTO "retention_sickreport" ("a") VALUES (%s)',
            ["retention_sickreport"],
        ),
        ('INSERT OR IGNORE INTO "portal_user" ("a") VALUES (1)', ["portal_user"]),
        ('UPDATE "portal_employee" SET "a" = 1', ["portal_employee"]),
        ("update portal_employee set a = 1", ["portal_employee"]),
        ('DELETE FROM "chat_message" WHERE 1', ["chat_message"]),
        (
            'TRUNCATE "portal_user", "retention_plan" RESTART IDENTITY CASCADE;',
            ["portal_user", "retention_plan"],
        ),
        ('SELECT "a" FROM "portal_user"', []),
    ],
)
def test_every_kind_of_write_names_its_tables(sql, written):
    assert tables._tables_written(sql) == written


def test_every_connection_watches_its_statements():
    connection.ensure_connection()
    assert tables.watch in connection.execute_wrappers
