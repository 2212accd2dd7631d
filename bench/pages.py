"""Pages beside a static file from the same process, in one run.

Starts one server process of the portal (portal.serve) on production
settings with PostgreSQL and Redis, fills the database with the guidance and
with organisations of several sizes (bench/scale.py: 11, 500 and 5,000
employees by default, with a work supervisor per 20, ten sick reports each
with their cases and steps, one in twenty sick today, and agreed plans for
three in five), and then,
for every page, measures with wrk:

- the static file (/static/css/portal.css) right before the page: the floor;
- the page: requests a second, p50 and p99 latency, their ratio to the
  floor's, and the server's CPU time per request (from /proc, the server
  process only);
- queries and Python function calls per request, counted in this process
  with Django's test client (the calls repeat exactly where time does not:
  compare them between runs on a busy machine).

Logged-in pages are measured at each size; pages for readers once. Writes
bench/results/latest.md and latest.json with the machine's load. Needs
PostgreSQL, Redis and wrk (`make bench-pages` installs wrk from Debian):

    .venv/bin/python bench/pages.py --duration 4 --connections 16

The run makes and drops its own database (werkbehoud_bench_pages) and uses
its own Redis key prefix.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.chat import PREFIX, RESULTS, Environment, cpu_seconds  # noqa: E402

STATIC = "/static/css/portal.css"
READER_PAGES = [
    ("home", "/"),
    ("topic hub", "/informatie/"),
    ("guidance page", "/informatie/de-ziekmelding/"),
    ("behaviour card", "/gedrag/bang-om-te-falen/"),
    ("search", "/zoeken/?q=ziekmelding"),
]
# (name, path, who): who is the user's address without the size prefix.
# One connection, one request at a time: the server time of a view.
ALONE_SECONDS = 1
PERSONAL_PAGES = [
    ("HR dashboard", "/werkgever/", "hr"),
    ("absence figures", "/werkgever/verzuimcijfers/", "hr"),
    ("supervisor's team", "/werkleider/", "wl0"),
    ("employee home", "/medewerker/", "employee"),
]


def wrk(url, duration, connections, cookie=""):
    """Requests a second and latency percentiles (ms) from wrk."""
    command = [
        shutil.which("wrk") or "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        "-H",
        "X-Forwarded-Proto: https",
        "-H",
        "Host: localhost",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    return {
        "requests": requests,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": _ms(re.search(r"50%\s+([\d.]+\w+)", output).group(1)),
        "p99": _ms(re.search(r"99%\s+([\d.]+\w+)", output).group(1)),
        "bad": int(bad.group(1)) if bad else 0,
    }


def _ms(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def session_cookie(email):
    """A logged-in session (two-step verification passed where it is
    required) and its CSRF cookie, as the browser's Cookie header."""
    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
    from allauth.mfa.models import Authenticator
    from django.conf import settings
    from django.test import Client

    from portal.gate import needs_mfa
    from portal.models import User

    user = User.objects.get(email=email)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    if needs_mfa(user):
        Authenticator.objects.get_or_create(
            user=user, type=Authenticator.Type.TOTP, defaults={"data": {}}
        )
        session = client.session
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [
            {"method": "mfa", "type": "totp", "at": time.time()}
        ]
        session.save()
    # A browser has the CSRF cookie from its first page on, and a kept
    # page is kept for it (its forms hold a token of that cookie).
    client.get("/", secure=True)
    return client, "; ".join(
        f"{name}={client.cookies[name].value}"
        for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
    )


def queries_for(client, path, personal):
    """Queries of one request, and the Python function calls it makes:
    unlike time, the calls repeat exactly on a busy machine, so two runs
    can be compared (cProfile, in this process with the test client). For a
    personal page also the same of rendering it afresh, as its first view
    and the first after a change do (the measured answers come from the
    kept page, portal/kept_pages.py)."""
    from portal import kept_pages

    for _ in range(2):  # warm, as the server is
        client.get(path, secure=True)
    found = dict(zip(("queries", "calls"), _counted(client, path), strict=True))
    if personal:
        # Rendered once before (the answers so far came from the kept page,
        # so this process has not compiled the page's templates yet).
        kept_pages.forget_all()
        client.get(path, secure=True)
        kept_pages.forget_all()
        found["rendered_queries"], found["rendered_calls"] = _counted(client, path)
    return found


def _counted(client, path):
    import cProfile
    import pstats

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    profile = cProfile.Profile()
    with CaptureQueriesContext(connection) as queries:
        profile.enable()
        response = client.get(path, secure=True)
        profile.disable()
    assert response.status_code == 200, (path, response.status_code)
    # Counted now: the next request's new connection empties the log.
    return len(queries), pstats.Stats(profile).total_calls


def warm(url, cookie, times=20):
    """Steady state is measured: the first answers of a page fill its caches
    (and a reader's page is then stored whole), as after any publish."""
    import urllib.request

    for _ in range(times):
        request = urllib.request.Request(
            url,
            headers={
                "X-Forwarded-Proto": "https",
                "Host": "localhost",
                "Cookie": cookie,
            },
        )
        with urllib.request.urlopen(request) as answer:  # noqa: S310
            answer.read()


def measure(base, pid, name, path, size, cookie, client, options):
    warm(base + path, cookie)
    before = cpu_seconds(pid)
    floor = wrk(base + STATIC, options.duration, options.connections)
    floor_cpu = cpu_seconds(pid) - before
    before = cpu_seconds(pid)
    page = wrk(base + path, options.duration, options.connections, cookie)
    cpu = cpu_seconds(pid) - before
    # Server time per view: one request at a time, nobody waiting in line.
    alone = wrk(base + path, ALONE_SECONDS, 1, cookie)
    if page["bad"] or alone["bad"]:
        import urllib.request

        request = urllib.request.Request(
            base + path,
            headers={
                "X-Forwarded-Proto": "https",
                "Host": "localhost",
                "Cookie": cookie,
            },
        )
        try:
            answer = urllib.request.urlopen(request).status  # noqa: S310
        except urllib.error.HTTPError as error:
            answer = f"{error.code} {error.read()[:300]!r}"
        raise RuntimeError(f"{name}: {page['bad']} answers not 2xx or 3xx: {answer}")
    row = {
        "page": name,
        "path": path,
        "employees": size,
        "rps": page["rps"],
        "rps_share": round(page["rps"] / floor["rps"], 3),
        "p50_ms": page["p50"],
        "p99_ms": page["p99"],
        "static_p99_ms": floor["p99"],
        "p99_ratio": round(page["p99"] / floor["p99"], 2),
        "alone_p50_ms": alone["p50"],
        "cpu_ms": round(cpu * 1000 / page["requests"], 2),
        "static_cpu_ms": round(floor_cpu * 1000 / floor["requests"], 3),
        # CPU per request in static files' CPU per request, seconds apart:
        # what the machine's mood does to both cancels out.
        "cpu_ratio": round(
            (cpu / page["requests"]) / (floor_cpu / floor["requests"]), 2
        ),
        **queries_for(client, path, personal=size is not None),
        "load": round(os.getloadavg()[0], 2),
    }
    print(
        f"{name:20} {size or '':>6} {row['rps']:8.0f}/s ({row['rps_share']:.0%})"
        f"  p99 {row['p99_ms']:7.1f} ms (x{row['p99_ratio']})"
        f"  alone p50 {row['alone_p50_ms']:5.1f} ms"
        f"  cpu {row['cpu_ms']:5.1f} ms (x{row['cpu_ratio']} static)"
        f"  {row['queries']} queries"
        f"  {row['calls']} calls"
        + (
            f" (rendered: {row['rendered_queries']} queries,"
            f" {row['rendered_calls']} calls)"
            if "rendered_calls" in row
            else ""
        ),
        flush=True,
    )
    return row


def write_report(rows, options, started):
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(
        json.dumps({"options": vars(options), "rows": rows}, indent=2) + "\n"
    )
    lines = [
        "# Pages beside the static file",
        "",
        f"wrk, {options.connections} connections, {options.duration} s per "
        f"measurement, one server process on production settings with "
        f"PostgreSQL and Redis; {time.strftime('%Y-%m-%d %H:%M')}, "
        f"run took {time.monotonic() - started:.0f} s. "
        "Each page is measured right after the static file "
        f"({STATIC}) from the same process.",
        "",
        "| page | employees | req/s | share of static | p50 ms | p99 ms | "
        "p99 / static p99 | alone p50 ms | CPU ms/request | CPU / static CPU | "
        "queries | "
        "Python calls | rendered: queries | rendered: Python calls | load |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['page']} | {row['employees'] or '–'} | {row['rps']:.0f} | "
            f"{row['rps_share']:.0%} | {row['p50_ms']:.1f} | {row['p99_ms']:.1f} | "
            f"{row['p99_ratio']} | {row['alone_p50_ms']:.1f} | "
            f"{row['cpu_ms']:.1f} | {row['cpu_ratio']} | {row['queries']} | "
            f"{row['calls']:,} | "
            f"{row.get('rendered_queries', '–')} | "
            f"{format(row['rendered_calls'], ',') if 'rendered_calls' in row else '–'}"
            f" | {row['load']} |"
        )
    lines += ["", *targets(rows)]
    (RESULTS / "latest.md").write_text("\n".join(lines) + "\n")


# The targets of issue 15, checked against this run's rows.
READER_SHARE = 0.5
READER_P99_RATIO = 2
PERSONAL_CPU_MS = 10
HR_DASHBOARD_P99_MS = 250
GROWTH = 0.2


def targets(rows):
    """Each target with this run's figure and whether it is met."""

    def line(what, figure, met):
        return f"| {what} | {figure} | {'met' if met else 'NOT MET'} |"

    lines = ["## Targets", "", "| target | this run | |", "|---|---|---|"]
    for row in rows:
        if row["employees"] is None and row["page"] != "search":
            lines.append(
                line(
                    f"{row['page']}: req/s at least {READER_SHARE:.0%} of the "
                    f"static file's, p99 at most {READER_P99_RATIO}x",
                    f"{row['rps_share']:.0%}, {row['p99_ratio']}x",
                    row["rps_share"] >= READER_SHARE
                    and row["p99_ratio"] <= READER_P99_RATIO,
                )
            )
    personal = [row for row in rows if row["employees"] is not None]
    largest = max((row["employees"] for row in personal), default=None)
    smallest = min((row["employees"] for row in personal), default=None)
    for row in personal:
        if row["employees"] == largest:
            lines.append(
                line(
                    f"{row['page']} at {largest:,}: at most {PERSONAL_CPU_MS} ms "
                    "CPU per request",
                    f"{row['cpu_ms']:.1f} ms",
                    row["cpu_ms"] <= PERSONAL_CPU_MS,
                )
            )
            if row["page"] == "HR dashboard":
                lines.append(
                    line(
                        f"HR dashboard at {largest:,}: p99 under "
                        f"{HR_DASHBOARD_P99_MS} ms",
                        f"{row['p99_ms']:.0f} ms",
                        row["p99_ms"] < HR_DASHBOARD_P99_MS,
                    )
                )
    for name in dict.fromkeys(row["page"] for row in personal):
        small, large = (
            next(r for r in personal if r["page"] == name and r["employees"] == size)
            for size in (smallest, largest)
        )
        # In static files' CPU per request measured seconds before each: a
        # busy neighbour slows both, a dearer page only the page.
        growth = large["cpu_ratio"] / small["cpu_ratio"] - 1
        lines.append(
            line(
                f"{name}, {smallest} to {largest:,} employees: queries flat, "
                f"CPU per request grows at most {GROWTH:.0%} (beside the static "
                "file's)",
                f"{small['queries']} to {large['queries']} queries, "
                f"CPU x{small['cpu_ratio']} to x{large['cpu_ratio']} static: "
                f"{growth:+.0%} (in ms: {large['cpu_ms'] / small['cpu_ms'] - 1:+.0%})",
                large["queries"] <= small["queries"] and growth <= GROWTH,
            )
        )
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=4)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--sizes", default="11,500,5000")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: make bench-pages installs it (apt-get install wrk)")
    started = time.monotonic()
    environment = Environment(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test"),
        os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3"),
        name="werkbehoud_bench_pages",
        settings="portal.settings.production",
        extra={
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "localhost,127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "PORTAL_BASE_URL": "https://localhost",
        },
    )
    environment.create_database()
    try:
        from django.core.management import call_command

        from bench.scale import populate

        quiet = open(os.devnull, "w")  # noqa: SIM115
        # Production serves hashed static files from a manifest.
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("load_initial_data", stdout=quiet)
        sizes = [int(size) for size in options.sizes.split(",") if size]
        for size in sizes:
            populate(size, size * 10, prefix=f"s{size}-", name=f"Bench {size}")
        # Statistics for the planner, as autovacuum keeps them on a live
        # database; right after bulk inserts they describe empty tables and
        # PostgreSQL picks plans for those (the HR dashboard at 5,000: 129 ms
        # of queries instead of 37).
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        port, process = environment.start("portal.asgi:application")
        base = f"http://127.0.0.1:{port}"
        from django.test import Client

        rows = []
        reader = Client(HTTP_HOST="localhost")
        for name, path in READER_PAGES:
            rows.append(
                measure(base, process.pid, name, path, None, "", reader, options)
            )
        # Each page at every size one after the other: a page's sizes are
        # compared within a minute of each other, not across the whole run
        # (size by size, whatever slowed the machine late in a run counted
        # as cost of the largest organisation). The rows are reported size
        # by size.
        measured = {}
        for name, path, who in PERSONAL_PAGES:
            for size in sizes:
                client, cookie = session_cookie(f"s{size}-{who}@bench.example")
                measured[size, name] = measure(
                    base, process.pid, name, path, size, cookie, client, options
                )
        rows += [
            measured[size, name] for size in sizes for name, _p, _w in PERSONAL_PAGES
        ]
        write_report(rows, options, started)
        print(f"written: {RESULTS / 'latest.md'} ({PREFIX})")
    finally:
        environment.stop()
        environment.drop_database()


if __name__ == "__main__":
    main()
