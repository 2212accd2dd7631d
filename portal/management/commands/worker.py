"""The worker process (Procfile `worker`): delivers queued mail, queues due
reminders daily, and removes what is past its retention term daily.

`--once` runs every job once and exits, for a cron-style deployment or a
check after deploying.
"""

import datetime
import signal
import sys

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from portal.worker import jobs, run_job


class Command(BaseCommand):
    help = "Run scheduled and background work: mail, reminders, retention purge."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Run every job once, then stop."
        )

    def handle(self, *args, once=False, **options):
        if once:
            failed = [job.name for job in jobs() if not run_job(job)]
            if failed:
                self.stderr.write(f"Jobs not done: {', '.join(failed)}")
                sys.exit(1)
            return
        scheduler = BlockingScheduler(timezone=settings.TIME_ZONE)
        start = timezone.now() + datetime.timedelta(seconds=1)
        for job in jobs():
            trigger = (
                IntervalTrigger(seconds=job.seconds)
                if job.seconds
                else CronTrigger(hour=job.hour, timezone=settings.TIME_ZONE)
            )
            scheduler.add_job(
                run_job,
                trigger,
                args=[job],
                id=job.name,
                next_run_time=start,
                max_instances=1,
                coalesce=True,
                misfire_grace_time=3600,
            )

        def stop(signum, frame):
            scheduler.shutdown(wait=True)

        signal.signal(signal.SIGTERM, stop)
        self.stdout.write("Worker started: " + ", ".join(j.name for j in jobs()))
        try:
            scheduler.start()
        except KeyboardInterrupt:
            scheduler.shutdown(wait=True)
