"""The worker under faults: killed while sending, two of them at once, a job
that fails half-way. Nothing is lost, nothing goes out twice."""

import asyncio
import datetime
import io
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.mail import send_mail
from django.core.management import call_command
from django.db import connection

from portal import worker
from portal.models import OutgoingMail
from retention import reminders, services
from retention.models import SentReminder
from tests.browser.server import free_port
from tests.factories import EmployeeFactory
from tests.mailbox import sent_mail
from tests.retention.conftest import agreed

ROOT = Path(__file__).resolve().parents[2]
TODAY = datetime.date(2026, 11, 22)


class SlowMailServer:
    """An SMTP server that holds the first message it receives for a while
    before accepting it, and accepts nothing from a client that went away,
    as a real mail server does."""

    def __init__(self, hold_seconds):
        self.hold_seconds = hold_seconds
        self.received = []
        self.holding = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        if not self.received and not self.holding.is_set():
            self.holding.set()
            await asyncio.sleep(self.hold_seconds)
            if server.transport is None or server.transport.is_closing():
                return "451 client went away"
        self.received.append(envelope.content.decode())
        return "250 OK"


def start_worker(database_url, smtp_port):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": database_url,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "WORKER_MAIL_SECONDS": "1",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_sending_loses_and_doubles_nothing():
    db = settings.DATABASES["default"]
    database_url = (
        f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    for number in range(5):
        send_mail(f"Bericht {number}", "Tekst", None, [f"p{number}@voorbeeld.example"])
    server = SlowMailServer(hold_seconds=5)
    port = free_port()
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    first = second = None
    try:
        first = start_worker(database_url, port)
        assert server.holding.wait(timeout=30), "the worker never started sending"
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        assert OutgoingMail.objects.filter(status="sent").count() == 0
        second = start_worker(database_url, port)
        assert wait_for(lambda: len(server.received) >= 5, timeout=30)
        time.sleep(1.5)  # a second round finds nothing more to send
    finally:
        for process in (first, second):
            if process and process.poll() is None:
                process.terminate()
                process.wait(timeout=10)
        controller.stop()
    subjects = sorted(
        line.split(": ", 1)[1]
        for message in server.received
        for line in message.splitlines()
        if line.startswith("Subject: ")
    )
    assert subjects == [f"Bericht {n}" for n in range(5)]
    assert OutgoingMail.objects.filter(status="sent").count() == 5


@pytest.mark.django_db
def test_a_reminder_job_that_fails_half_way_leaves_no_half_sent_reminder(
    team, monkeypatch
):
    others = [
        EmployeeFactory(
            organisation=team["employee"].organisation, supervisor=team["supervisor"]
        )
        for _ in range(2)
    ]
    for employee in [team["employee"], *others]:
        plan = services.plan_for(employee)
        plan.next_review_due = TODAY
        plan.save()
    real = reminders.send_portal_mail
    calls = []

    def failing_second(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise ConnectionError("the worker dies here")
        return real(*args, **kwargs)

    monkeypatch.setattr(reminders, "send_portal_mail", failing_second)
    with pytest.raises(ConnectionError):
        reminders.send_due_reminders(TODAY)
    # The first reminder is recorded with its mail; the second neither.
    assert SentReminder.objects.count() == 1
    assert OutgoingMail.objects.count() == 1
    monkeypatch.setattr(reminders, "send_portal_mail", real)
    assert reminders.send_due_reminders(TODAY) == 2
    assert SentReminder.objects.count() == OutgoingMail.objects.count() == 3
    assert len(sent_mail()) == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_never_send_the_same_reminder_twice(organisation, make_member):
    supervisor = make_member("supervisor", organisation)
    make_member("hr", organisation)
    for _ in range(15):
        employee = EmployeeFactory(organisation=organisation, supervisor=supervisor)
        plan = services.plan_for(employee)
        plan.next_review_due = TODAY
        plan.save()
    counts = []
    start = threading.Barrier(3)

    def run():
        try:
            start.wait()
            counts.append(reminders.send_due_reminders(TODAY))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counts) == 15
    assert SentReminder.objects.count() == 15
    assert OutgoingMail.objects.count() == 15


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_daily_job_runs_on_one_worker_at_a_time():
    ran = []
    inside = threading.Event()
    release = threading.Event()

    def slow_job():
        ran.append("slow")
        inside.set()
        release.wait(timeout=10)

    job = worker.Job("purge-test", slow_job, hour=3)
    results = []

    def run():
        try:
            results.append(worker.run_job(job))
        finally:
            connection.close()

    first = threading.Thread(target=run)
    first.start()
    assert inside.wait(timeout=10)
    second = threading.Thread(target=run)
    second.start()
    second.join(timeout=10)
    release.set()
    first.join(timeout=10)
    assert ran == ["slow"]
    assert sorted(results) == [False, True]


@pytest.mark.django_db(transaction=True)
def test_once_runs_every_job_and_a_failing_job_does_not_stop_the_others(
    team, monkeypatch
):
    agreed(team["employee"], team["supervisor"])
    plan = services.plan_for(team["employee"])
    plan.next_review_due = datetime.date.today()
    plan.save()

    def broken():
        raise RuntimeError("purge kapot")

    jobs = [
        worker.Job("purge", broken, hour=3) if job.name == "purge" else job
        for job in worker.jobs()
    ]
    from portal.management.commands import worker as command

    monkeypatch.setattr(command, "jobs", lambda: jobs)
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("worker", once=True, stderr=err)
    assert "purge" in err.getvalue()
    # The reminder was queued and, in the same run, the mail delivered.
    assert OutgoingMail.objects.get().status == OutgoingMail.Status.SENT
