"""The access log, printing, the data download, ending employment and purging."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from portal.models import Employee, Membership, User
from retention.models import AccessLogEntry, AdjustmentPlan, OwnPlan, PlanVersion
from retention.models.access_log import AppendOnlyError
from tests.retention.conftest import agreed

pytestmark = pytest.mark.django_db


def test_the_access_log_is_append_only(team):
    agreed(team["employee"], team["supervisor"])
    entry = AccessLogEntry.objects.first()
    entry.actor_label = "Iemand anders"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.update(actor_label="x")
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().delete()
    assert AccessLogEntry.objects.filter(actor_label="Iemand anders").count() == 0


def test_the_employee_sees_who_looked(client, team):
    agreed(team["employee"], team["supervisor"])
    client.force_login(team["supervisor"])
    client.get(reverse("retention:plan", args=[team["employee"].pk]))
    client.force_login(team["user"])
    page = client.get(reverse("retention:my_data")).content.decode()
    assert f"{team['supervisor'].get_full_name()} (werkleider)" in page
    assert "bekeek de afspraken" in page.lower()


def test_print_shows_the_agreed_plan_with_its_fingerprint(client, team):
    version = agreed(team["employee"], team["supervisor"])
    client.force_login(team["user"])
    page = client.get(reverse("retention:print")).content.decode()
    assert "Vaste pauze" in page and version.snapshot_sha256 in page
    assert "data-print" in page


def test_download_holds_everything_about_the_employee(client, team):
    agreed(team["employee"], team["supervisor"])
    OwnPlan.objects.create(
        employee=team["employee"], what_helps="Rust", share_what_helps=True
    )
    client.force_login(team["user"])
    response = client.get(reverse("retention:my_data_download"))
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["employee"]["last_name"] == "de Vries"
    assert data["adjustment_plan"]["versions"][0]["content"]["adjustments"][0][
        "agreement"
    ].startswith("Vaste pauze")
    assert data["own_plan"]["what_helps"]["shared_with_work_supervisor"] is True
    assert any(item["action"] == "agree" for item in data["access_log"])


def test_download_says_who_did_what_and_holds_the_chats(client, team):
    from chat import services as chat_services
    from retention import absence
    from retention.models import ContactMoment
    from tests.factories import UserFactory

    supervisor = team["supervisor"]
    agreed(team["employee"], supervisor)
    report = absence.report_sick(
        team["employee"],
        {"first_sick_day": timezone.localdate(), "expected_duration": "week"},
        supervisor,
    )
    step = report.case.milestones.order_by("due_on").first()
    absence.tick_off(step, timezone.localdate(), team["hr"])
    ContactMoment.objects.create(
        case=report.case,
        contact_on=timezone.localdate(),
        kind="phone",
        agreements="Vrijdag weer bellen.",
        recorded_by=supervisor,
    )
    question = chat_services.start_conversation(team["user"], "Hoe vraag ik om rust?")
    agent = UserFactory(first_name="Noor", groups=["Helpdesk"])
    chat_services.claim(question.pk, agent)
    chat_services.post_message(question.pk, agent, "Vraag het je werkleider.", "a-1")
    chat_services.post_message(
        question.pk, agent, "Notitie voor collega's", "n-1", stream="staff"
    )
    client.force_login(team["user"])
    data = json.loads(client.get(reverse("retention:my_data_download")).content)
    sandra, hr = supervisor.get_full_name(), team["hr"].get_full_name()
    version = data["adjustment_plan"]["versions"][0]
    assert (version["written_by"], version["proposed_by"]) == (sandra, sandra)
    assert version["agreed_by"] == team["user"].get_full_name()
    case = data["absence"][0]
    assert case["reports"][0]["reported_by"] == sandra
    assert [s["done_by"] for s in case["steps"] if s["done_on"]] == [hr]
    assert case["contact_moments"][0]["recorded_by"] == sandra
    [chat] = data["chat_conversations"]
    texts = [(m["from"], m["name"], m["text"]) for m in chat["messages"]]
    assert texts[0] == ("asker", None, "Hoe vraag ik om rust?")
    assert ("agent", "Noor", "Vraag het je werkleider.") in texts
    assert all(m["text"] != "Notitie voor collega's" for m in chat["messages"])


def test_hr_ends_employment_with_a_checked_date(client, team):
    employee = team["employee"]
    client.force_login(team["hr"])
    url = reverse("portal:employee_end", args=[employee.pk])
    response = client.post(url, {"employment_end": "2019-01-01"})
    assert "kan niet voor het begin" in response.content.decode()
    client.post(url, {"employment_end": "2026-12-31"})
    employee.refresh_from_db()
    assert employee.employment_end == datetime.date(2026, 12, 31)
    client.force_login(team["supervisor"])
    assert client.get(url).status_code == 403


def test_purge_removes_plan_data_only_after_the_retention_period(team, settings):
    employee = team["employee"]
    agreed(employee, team["supervisor"])
    OwnPlan.objects.create(employee=employee, what_helps="Rust")
    today = timezone.localdate()
    days = settings.WERKBEHOUD_PLAN_RETENTION_DAYS
    employee.employment_end = today - datetime.timedelta(days=days - 1)
    employee.save()
    call_command("purge_expired", stdout=io.StringIO())
    assert AdjustmentPlan.objects.filter(employee=employee).exists()

    Employee.objects.filter(pk=employee.pk).update(
        employment_end=today - datetime.timedelta(days=days + 1)
    )
    out = io.StringIO()
    call_command("purge_expired", stdout=out)
    assert "1" in out.getvalue()
    assert not Employee.objects.filter(pk=employee.pk).exists()
    assert not PlanVersion.objects.exists()
    assert not OwnPlan.objects.exists()
    assert not AccessLogEntry.objects.exists()
    assert not User.objects.filter(pk=team["user"].pk).exists()
    assert User.objects.filter(pk=team["supervisor"].pk).exists()


def test_purge_keeps_an_account_that_still_has_a_role(team):
    Membership.objects.create(
        user=team["user"], organisation=team["employee"].organisation, role="supervisor"
    )
    Employee.objects.filter(pk=team["employee"].pk).update(
        employment_end=datetime.date(2020, 6, 1)
    )
    call_command("purge_expired", stdout=io.StringIO())
    assert User.objects.filter(pk=team["user"].pk).exists()
