"""HR's absence figures page: only HR, a CSV, and a number of queries that
does not grow with the number of employees or sick reports."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import Employee
from retention import figures
from retention.figures import refresh_months
from retention.models import AbsenceCase, AbsenceSegment, SickReport

pytestmark = pytest.mark.django_db

D = datetime.date


def populate(organisation, supervisors, employees, reports_each):
    """Bulk data straight into the tables the figures read."""
    people = Employee.objects.bulk_create(
        Employee(
            organisation=organisation,
            first_name=f"M{i}",
            last_name="Test",
            supervisor=supervisors[i % len(supervisors)],
            employment_start=D(2020, 1, 1),
            part_time_factor=Decimal("0.8"),
        )
        for i in range(employees)
    )
    cases = AbsenceCase.objects.bulk_create(
        AbsenceCase(
            employee=person,
            started_on=D(2025, 1, 1) + datetime.timedelta(days=20 * r),
            ended_on=D(2025, 1, 4) + datetime.timedelta(days=20 * r),
        )
        for person in people
        for r in range(reports_each)
    )
    reports = SickReport.objects.bulk_create(
        SickReport(
            case=case,
            employee_id=case.employee_id,
            first_sick_day=case.started_on,
            recovered_on=case.ended_on,
            expected_duration="few_days",
        )
        for case in cases
    )
    AbsenceSegment.objects.bulk_create(
        AbsenceSegment(
            report=report,
            employee_id=report.employee_id,
            start=report.first_sick_day,
            end=report.recovered_on - datetime.timedelta(days=1),
            fraction=1,
        )
        for report in reports
    )
    # Bulk inserts pass by the rebuild each report change does.
    refresh_months([person.pk for person in people])


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_figures_page_makes_the_same_number_of_queries_at_any_size(
    client, organisation, make_member
):
    hr = make_member("hr", organisation)
    supervisors = [make_member("supervisor", organisation) for _ in range(3)]
    client.force_login(hr)
    url = reverse("retention:figures") + "?start=2025-01-01&end=2025-12-31"
    populate(organisation, supervisors, 12, 2)
    queries(client, url)  # fills the caches every page uses (menu, sessions)
    # Computed, not answered from the result kept by the view before (the
    # bulk inserts below move the generation on through refresh_months).
    figures.changed()
    small = queries(client, url)
    populate(organisation, supervisors, 300, 10)
    large = queries(client, url)
    assert small == large
    # Four grouped queries for the period and two for all its months.
    assert large <= 16, large


def test_figures_page_shows_numbers_and_hides_small_teams(
    client, organisation, make_member
):
    hr = make_member("hr", organisation)
    big = make_member("supervisor", organisation, first_name="Groot", last_name="Team")
    small = make_member(
        "supervisor", organisation, first_name="Klein", last_name="Team"
    )
    other = make_member(
        "supervisor", organisation, first_name="Ander", last_name="Team"
    )
    populate(organisation, [big], 6, 1)
    populate(organisation, [other], 5, 1)
    populate(organisation, [small], 3, 1)
    client.force_login(hr)
    page = client.get(reverse("retention:figures") + "?start=2025-01-01&end=2025-12-31")
    content = page.content.decode()
    # Klein Team is too small; with Ander Team shown as well, the whole
    # organisation minus the two would be Klein Team, so Ander Team goes too.
    assert "Groot Team" in content
    assert "Klein Team" not in content and "Ander Team" not in content
    assert "2 teams worden niet getoond." in content
    assert "Verzuimpercentage per maand" in content
    assert page.context["organisation"].employees == 14


def test_the_csv_holds_the_same_figures(client, organisation, make_member):
    hr = make_member("hr", organisation)
    supervisor = make_member(
        "supervisor", organisation, first_name="Sandra", last_name="B"
    )
    populate(organisation, [supervisor], 5, 2)
    client.force_login(hr)
    response = client.get(
        reverse("retention:figures_csv") + "?start=2025-01-01&end=2025-12-31"
    )
    assert response["Content-Type"].startswith("text/csv")
    # Dutch Excel: a byte order mark, semicolons, decimal commas, Dutch headers.
    assert response.content.startswith("\ufeff".encode())
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "Groep" and rows[0][2] == "Verzuimpercentage"
    assert rows[0][6:] == [
        "Meldingen kort (1–14 dagen)",
        "Meldingen middellang (15–91 dagen)",
        "Meldingen lang (92–365 dagen)",
        "Meldingen extra lang (366 dagen of meer)",
    ]
    assert {row[0] for row in rows[1:]} == {"Hele organisatie", "Sandra B"}
    whole = next(row for row in rows if row[0] == "Hele organisatie")
    assert whole[1] == "5" and whole[6] == "10"
    assert "," in whole[2] and "." not in whole[2]
    page = client.get(reverse("retention:figures") + "?start=2025-01-01&end=2025-12-31")
    assert whole[2] == str(page.context["organisation"].absence_percentage).replace(
        ".", ","
    )


def test_a_small_organisation_gets_an_explanation_instead_of_figures(
    client, organisation, make_member
):
    hr = make_member("hr", organisation)
    supervisor = make_member("supervisor", organisation)
    # Two people, one of them sick for a long time: any figure would be his.
    populate(organisation, [supervisor], 2, 1)
    client.force_login(hr)
    query = "?start=2025-01-01&end=2025-12-31"
    content = client.get(reverse("retention:figures") + query).content.decode()
    assert "Te weinig medewerkers voor cijfers" in content
    assert "Verzuimpercentage per maand" not in content
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("retention:figures_csv") + query).content.decode(
                    "utf-8-sig"
                )
            ),
            delimiter=";",
        )
    )
    assert len(rows) == 1 and rows[0][0].startswith("Te weinig medewerkers")


def test_a_wrong_period_is_explained(client, organisation, make_member):
    client.force_login(make_member("hr", organisation))
    page = client.get(reverse("retention:figures") + "?start=2026-05-01&end=2026-01-01")
    assert "Het einde van de periode ligt voor het begin" in page.content.decode()


@pytest.mark.parametrize("role", ["supervisor", "employee"])
def test_only_hr_sees_the_figures(client, organisation, make_member, role):
    client.force_login(make_member(role, organisation))
    assert client.get(reverse("retention:figures")).status_code == 403
    assert client.get(reverse("retention:figures_csv")).status_code == 403


def test_hr_sees_only_their_own_organisation(
    client, organisation, other_organisation, make_member
):
    hr = make_member("hr", organisation)
    supervisor = make_member("supervisor", other_organisation)
    populate(other_organisation, [supervisor], 7, 1)
    client.force_login(hr)
    page = client.get(reverse("retention:figures") + "?start=2025-01-01&end=2025-12-31")
    # The other organisation's seven are not counted: too few to show.
    assert page.context.get("organisation") is None
