"""Reminders go out once per due date to the people they concern, by email,
without content, until the employment has actually ended."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from portal.models import OutgoingMail
from retention import absence, services
from retention.models import ContactMoment
from retention.reminders import next_contact_reminders, send_due_reminders
from tests.mailbox import sent_mail
from tests.retention.conftest import agreed

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


def due_in(employee, days, today=TODAY):
    plan = services.plan_for(employee)
    plan.next_review_due = today + datetime.timedelta(days=days)
    plan.save()
    return plan


def test_a_reminder_goes_once_per_due_date(team):
    agreed(team["employee"], team["supervisor"])
    due_in(team["employee"], 10)
    sent_mail().clear()
    assert send_due_reminders(TODAY) == 1
    assert send_due_reminders(TODAY) == 0
    assert send_due_reminders(TODAY + datetime.timedelta(days=3)) == 0
    [message] = sent_mail()
    assert message.to == [team["supervisor"].email]
    assert "Johan" in message.subject
    assert "pauze" not in message.body.lower()
    link = f"http://testserver/medewerkers/{team['employee'].pk}/afspraken/evaluatie/"
    assert link in message.body
    due_in(team["employee"], 12)
    assert send_due_reminders(TODAY) == 1


@pytest.mark.parametrize(
    "end,expected",
    [
        (None, 1),
        (TODAY + datetime.timedelta(days=30), 1),  # notice period: still employed
        (TODAY, 1),  # the last day of work is still a day of work
        (TODAY - datetime.timedelta(days=1), 0),
    ],
)
def test_reminders_continue_until_the_end_date_has_passed(team, end, expected):
    agreed(team["employee"], team["supervisor"])
    due_in(team["employee"], -5)
    team["employee"].employment_end = end
    team["employee"].save()
    assert send_due_reminders(TODAY) == expected


def test_nothing_is_sent_too_early(team):
    agreed(team["employee"], team["supervisor"])
    due_in(team["employee"], 40)
    assert send_due_reminders(TODAY) == 0


def test_without_a_supervisor_hr_is_reminded_of_a_review(team):
    agreed(team["employee"], team["supervisor"])
    due_in(team["employee"], -1)
    team["employee"].supervisor = None
    team["employee"].save()
    sent_mail().clear()
    send_due_reminders(TODAY)
    [message] = sent_mail()
    assert message.to == [team["hr"].email]
    assert "21 november 2026" in message.body


def test_the_command_is_idempotent(team):
    agreed(team["employee"], team["supervisor"])
    due_in(team["employee"], 1, today=timezone.localdate())
    first, second = io.StringIO(), io.StringIO()
    call_command("send_reminders", stdout=first)
    call_command("send_reminders", stdout=second)
    assert first.getvalue().strip() == "Reminders queued: 1"
    assert second.getvalue().strip() == "Reminders queued: 0"


# The next contact during absence ---------------------------------------------------


def contact(case, user, on, next_on):
    return ContactMoment.objects.create(
        case=case,
        contact_on=on,
        kind=ContactMoment.Kind.PHONE,
        agreements="We bellen volgende week weer.",
        next_contact_on=next_on,
        recorded_by=user,
    )


@pytest.fixture
def case(team):
    report = absence.report_sick(
        team["employee"],
        {
            "first_sick_day": TODAY - datetime.timedelta(days=3),
            "expected_duration": "weeks",
        },
        team["supervisor"],
    )
    return report.case


def kinds(today):
    return [(r.kind, r.recipient) for r in next_contact_reminders(today)]


def test_the_next_contact_is_reminded_to_the_supervisor(team, case):
    contact(case, team["supervisor"], TODAY, TODAY + datetime.timedelta(days=7))
    assert kinds(TODAY) == []
    day_before = TODAY + datetime.timedelta(days=6)
    assert kinds(day_before) == [("next_contact", team["supervisor"])]
    sent_mail().clear()
    send_due_reminders(day_before, sources=[next_contact_reminders])
    [message] = sent_mail()
    assert message.to == [team["supervisor"].email]
    assert f"/medewerkers/{team['employee'].pk}/verzuim/contact/" in message.body
    assert "We bellen" not in message.body
    assert kinds(TODAY + datetime.timedelta(days=8)) == []


def test_only_the_latest_contact_counts_and_only_while_sick(team, case):
    contact(case, team["supervisor"], TODAY, TODAY + datetime.timedelta(days=2))
    contact(case, team["supervisor"], TODAY + datetime.timedelta(days=1), None)
    assert kinds(TODAY + datetime.timedelta(days=2)) == []
    contact(
        case,
        team["supervisor"],
        TODAY + datetime.timedelta(days=2),
        TODAY + datetime.timedelta(days=5),
    )
    assert len(kinds(TODAY + datetime.timedelta(days=5))) == 1
    case.ended_on = TODAY + datetime.timedelta(days=3)
    case.save()
    assert kinds(TODAY + datetime.timedelta(days=5)) == []


# The clock moves on --------------------------------------------------------------


def test_with_the_clock_moving_on_a_reminder_is_queued_and_sent_once(team):
    """As the worker runs it: the daily job queues, the mail job delivers."""
    start = datetime.datetime(2027, 3, 1, 7, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        agreed(team["employee"], team["supervisor"])
        due_in(team["employee"], 20, today=timezone.localdate())
        sent_mail().clear()
        for _day in range(10):
            call_command("send_reminders", stdout=io.StringIO())
            sent_mail()
            clock.shift(datetime.timedelta(days=1))
        queued = OutgoingMail.objects.filter(subject__contains="Johan")
        assert queued.count() == 1
        assert queued.get().status == OutgoingMail.Status.SENT
        [message] = sent_mail()
        assert message.to == [team["supervisor"].email]


def test_the_employee_is_reminded_to_look_at_the_own_plan_once(client, team):
    from retention.models import OwnPlan

    plan = OwnPlan.objects.create(
        employee=team["employee"],
        what_helps="Rust",
        review_on=TODAY + datetime.timedelta(days=2),
    )
    sent_mail().clear()
    assert send_due_reminders(TODAY) == 0
    assert send_due_reminders(TODAY + datetime.timedelta(days=2)) == 1
    assert send_due_reminders(TODAY + datetime.timedelta(days=3)) == 0
    [message] = sent_mail()
    assert message.to == [team["user"].email]
    assert "Rust" not in message.body
    assert "/mijn-plan/" in message.body
    plan.refresh_from_db()
    assert plan.review_on == TODAY + datetime.timedelta(days=2)


def test_a_review_date_in_the_past_or_far_away_is_refused(client, team):
    client.force_login(team["user"])
    for day in ("2020-01-01", "2099-01-01"):
        response = client.post("/mijn-plan/", {"what_helps": "Rust", "review_on": day})
        assert response.status_code == 200
        assert "Kies een dag vanaf vandaag tot een jaar vanaf nu." in (
            response.content.decode()
        )
