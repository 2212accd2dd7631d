"""Absence figures for 5,000 employees and 50,000 sick reports.

Builds a throwaway test database (SQLite by default, or the one DATABASE_URL
names), fills it with bulk inserts, and measures the figures for a year
(from every report, and from the stored months as the page reads them),
for a period with an edge, and the month-by-month breakdown the HR page
shows: wall time, number of queries, and peak Python memory. Run from the
project root:

    .venv/bin/python bench/figures.py [employees] [reports]
"""

import datetime
import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

D = datetime.date


def populate(employees, reports):
    from bench.scale import populate as build

    return build(employees, reports, supervisors=100, plans=0)


def measure(label, function):
    tracemalloc.start()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = function()
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{label:32} {elapsed * 1000:8.0f} ms  {len(queries):4d} queries  "
        f"peak {peak / 1024 / 1024:6.1f} MiB"
    )
    return result


def main():
    employees = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    reports = int(sys.argv[2]) if len(sys.argv) > 2 else 50000
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from retention import figures

        started = time.perf_counter()
        organisation = populate(employees, reports)
        print(
            f"{connection.vendor}: {employees} employees, "
            f"{organisation.employees.count()} on file, "
            f"{reports} reports asked; built in {time.perf_counter() - started:.1f} s"
        )
        staff = organisation.employees.all()
        year = figures.Period(D(2025, 1, 1), D(2025, 12, 31))
        labels = measure("team labels", lambda: figures.team_labels(staff))
        measure(
            "a year from every report",
            lambda: figures.compute_live(staff, year, labels),
        )
        result = measure(
            "a year from stored months", lambda: figures.compute(staff, year, labels)
        )
        measure(
            "a year and a half month",
            lambda: figures.compute(
                staff, figures.Period(year.start, D(2026, 1, 15)), labels
            ),
        )
        measure("twelve months", lambda: figures.monthly_percentages(staff, year))
        whole = result[figures.ORGANISATION]
        print(
            f"absence {whole.absence_percentage}%  frequency "
            f"{whole.report_frequency(year)}  duration {whole.average_duration}  "
            f"teams shown {len(result) - 1}"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
