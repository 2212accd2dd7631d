"""What the worker process runs, and when (`manage.py worker`).

APScheduler keeps the clock in one process per worker; the work itself is
claimed in the database, so any number of workers can run beside each
other: mail rows are locked with SKIP LOCKED, each reminder has a unique
row written with its mail, and the daily jobs take a PostgreSQL advisory
lock so two workers do not run them at the same moment. Every job is
idempotent, so running one twice, or again after a crash, does no harm.
"""

import hashlib
import io
import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.management import call_command
from django.db import close_old_connections, connection

from .mail import deliver_due

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    run: object
    # Either every `seconds`, or daily at `hour` (Europe/Amsterdam) and once
    # when the worker starts, so a worker started late in the day catches up.
    seconds: int | None = None
    hour: int | None = None
    exclusive: bool = True


def deliver_mail():
    sent, failed = deliver_due()
    if sent or failed:
        logger.info("Mail delivered: %s sent, %s given up", sent, failed)


def _command(name):
    def run():
        out = io.StringIO()
        call_command(name, stdout=out)
        for line in out.getvalue().splitlines():
            logger.info("%s: %s", name, line)

    run.__name__ = name
    return run


def jobs():
    """Mail last: what the other jobs queue goes out in the same round."""
    return [
        Job("reminders", _command("send_reminders"), hour=7),
        Job("purge", _command("purge_expired"), hour=3),
        Job("absence-months", _command("refresh_absence_months"), hour=4),
        Job(
            "mail",
            deliver_mail,
            seconds=settings.WERKBEHOUD_WORKER_MAIL_SECONDS,
            # Mail rows are claimed one by one: workers share the queue.
            exclusive=False,
        ),
    ]


@contextmanager
def exclusive(name):
    """Yields whether this worker may run the job now: on PostgreSQL only
    one worker holds a job's advisory lock; a crashed worker's lock goes
    with its connection. SQLite (the demo) runs a single worker."""
    if connection.vendor != "postgresql":
        yield True
        return
    key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        got = cursor.fetchone()[0]
    try:
        yield got
    finally:
        if got:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def run_job(job):
    """Run one job with fresh database connections; a failure is logged and
    tried again at the next run, it never stops the worker."""
    close_old_connections()
    started = time.monotonic()
    try:
        if job.exclusive:
            with exclusive(job.name) as mine:
                if not mine:
                    logger.info("Job %s runs on another worker; skipped", job.name)
                    return False
                job.run()
        else:
            job.run()
        logger.debug("Job %s done in %.2f s", job.name, time.monotonic() - started)
        return True
    except Exception:
        logger.exception("Job %s failed", job.name)
        return False
    finally:
        close_old_connections()
