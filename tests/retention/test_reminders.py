"""Review reminders go out once per due date, by email, without content."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command

from retention import services
from retention.reminders import send_due_reminders
from tests.retention.conftest import agreed

pytestmark = pytest.mark.django_db


def due_in(employee, days):
    plan = services.plan_for(employee)
    plan.next_review_due = datetime.date(2026, 11, 22) + datetime.timedelta(days=days)
    plan.save()
    return plan


TODAY = datetime.date(2026, 11, 22)


def test_a_reminder_goes_once_per_due_date(team):
    agreed(team["employee"], team["supervisor"])
    due_in(team["employee"], 10)
    mail.outbox.clear()
    assert send_due_reminders(TODAY) == 1
    assert send_due_reminders(TODAY) == 0
    assert send_due_reminders(TODAY + datetime.timedelta(days=3)) == 0
    message = mail.outbox[-1]
    assert message.to == [team["supervisor"].email]
    assert "Johan" in message.subject
    assert "pauze" not in message.body.lower()
    assert f"/medewerkers/{team['employee'].pk}/afspraken/evaluatie/" in message.body
    due_in(team["employee"], 12)
    assert send_due_reminders(TODAY) == 1


def test_nothing_is_sent_too_early_or_for_people_who_left(team):
    agreed(team["employee"], team["supervisor"])
    due_in(team["employee"], 40)
    assert send_due_reminders(TODAY) == 0
    due_in(team["employee"], -5)
    team["employee"].employment_end = TODAY
    team["employee"].save()
    assert send_due_reminders(TODAY) == 0


def test_without_a_supervisor_hr_is_reminded(team):
    agreed(team["employee"], team["supervisor"])
    due_in(team["employee"], -1)
    team["employee"].supervisor = None
    team["employee"].save()
    mail.outbox.clear()
    send_due_reminders(TODAY)
    assert mail.outbox[-1].to == [team["hr"].email]
    assert "te laat" not in mail.outbox[-1].body or "uiterlijk" in mail.outbox[-1].body


def test_the_command_is_idempotent(team):
    agreed(team["employee"], team["supervisor"])
    due_in(team["employee"], 1)
    first, second = io.StringIO(), io.StringIO()
    call_command("send_reminders", stdout=first)
    call_command("send_reminders", stdout=second)
    assert "1" in first.getvalue() and "0" in second.getvalue()
