"""A real portal server for browser tests: portal.serve on a database of its own.

The server gets its own database (a fresh SQLite file, or a fresh PostgreSQL
database beside the one in DATABASE_URL), migrated and loaded with the demo
data, so browser tests see exactly what a new user of `make run` sees and
never share state with the in-process test database. Mail goes to files the
tests can read.

Migrating and loading takes over a minute, so it is done once and kept as a
template (a PostgreSQL template database, or an SQLite file) that each
server's database is copied from. The template's name holds a digest of the
code that makes it and today's date, so a change to a migration, the seed
data or the demo makes a new one; older templates are removed.
"""

import datetime
import fcntl
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parents[2]
# What the template database is made from: the apps, their migrations, seed
# data and demo loaders, and the installed packages.
TEMPLATE_SOURCES = ("portal", "cms", "retention", "chat", "requirements.txt")
SQLITE_TEMPLATES = ROOT / ".test-cache"
TEMPLATE_PREFIX = "werkbehoud_tpl_"
# One process makes the template while the others wait for it.
TEMPLATE_LOCK = "hashtext('werkbehoud-template')"


def template_digest():
    """Digest of every file the template is made from, and today's date
    (the demo's dates are relative to today)."""
    digest = hashlib.sha256(datetime.date.today().isoformat().encode())
    for source in TEMPLATE_SOURCES:
        top = ROOT / source
        paths = [top] if top.is_file() else sorted(top.rglob("*"))
        for path in paths:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PortalServer:
    def __init__(self, workdir, name="e2e"):
        self.workdir = Path(workdir)
        self.mail_dir = self.workdir / "mail"
        self.mail_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = self.workdir / "server.log"
        self.processes = []
        self.pg_database = None
        base_url = os.environ.get("DATABASE_URL", "")
        if base_url.startswith(("postgres://", "postgresql://")):
            self.pg_database = f"werkbehoud_{name}_{os.getpid()}"
            parts = urlsplit(base_url)
            self.admin_url = urlunsplit(parts._replace(path="/postgres"))
            self.database_url = urlunsplit(parts._replace(path=f"/{self.pg_database}"))
        else:
            self.database_url = f"sqlite:///{self.workdir / 'portal.sqlite3'}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "DATABASE_URL": self.database_url,
            "EMAIL_URL": f"file://{self.mail_dir}",
            "CHANNELS_PREFIX": f"werkbehoud-{name}-{os.getpid()}",
            "CACHE_PREFIX": f"werkbehoud-{name}-{os.getpid()}",
            "PYTHONUNBUFFERED": "1",
            # Its worker runs in a process of its own: pages are kept only
            # when both share the cache (Redis), as in production.
            "KEEP_PERSONAL_PAGES": "1" if os.environ.get("REDIS_URL") else "0",
        }

    def _manage(self, *args, **env):
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **env},
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=600,
        )

    def _load(self, database_url):
        """Migrate and load the demo into an empty database."""
        self._manage("migrate", "--noinput", DATABASE_URL=database_url)
        self._manage("load_initial_data", DATABASE_URL=database_url)
        # The demo people exist only where DEBUG is on, as in `make run`.
        self._manage("load_demo", DATABASE_URL=database_url, DEBUG="1")

    def prepare(self):
        """This server's database: a copy of the template, made first if
        no test process has made it yet."""
        if self.pg_database:
            self._prepare_postgres(TEMPLATE_PREFIX + template_digest())
        else:
            self._prepare_sqlite(f"portal-{template_digest()}.sqlite3")

    def _prepare_postgres(self, template):
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f"SELECT pg_advisory_lock({TEMPLATE_LOCK})")
            try:
                exists = conn.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", [template]
                ).fetchone()
                if not exists:
                    self._make_postgres_template(conn, template)
                conn.execute(f'DROP DATABASE IF EXISTS "{self.pg_database}"')
                conn.execute(
                    f'CREATE DATABASE "{self.pg_database}" TEMPLATE "{template}"'
                )
            finally:
                conn.execute(f"SELECT pg_advisory_unlock({TEMPLATE_LOCK})")

    def _make_postgres_template(self, conn, template):
        stale = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s",
            [TEMPLATE_PREFIX + "%"],
        ).fetchall()
        for (name,) in stale:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        # Made under another name and renamed when complete, so a failed
        # load never leaves a template that looks whole.
        partial = f"{template}_partial"
        conn.execute(f'CREATE DATABASE "{partial}"')
        try:
            parts = urlsplit(self.database_url)
            self._load(urlunsplit(parts._replace(path=f"/{partial}")))
        except BaseException:
            conn.execute(f'DROP DATABASE IF EXISTS "{partial}" WITH (FORCE)')
            raise
        conn.execute(f'ALTER DATABASE "{partial}" RENAME TO "{template}"')

    def _prepare_sqlite(self, name):
        SQLITE_TEMPLATES.mkdir(exist_ok=True)
        template = SQLITE_TEMPLATES / name
        with open(SQLITE_TEMPLATES / "lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not template.exists():
                for stale in SQLITE_TEMPLATES.glob("portal-*.sqlite3*"):
                    stale.unlink()
                partial = self.workdir / "template.sqlite3"
                partial.unlink(missing_ok=True)
                self._load(f"sqlite:///{partial}")
                shutil.move(partial, template)
            shutil.copyfile(template, self.workdir / "portal.sqlite3")

    def start(self, port=None):
        """Start one server process; returns its base URL. The first one
        is the site address that links in mail point at."""
        port = port or free_port()
        self.env.setdefault("PORTAL_BASE_URL", f"http://127.0.0.1:{port}")
        log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        process = subprocess.Popen(
            [sys.executable, "-m", "portal.serve", "--port", str(port)],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append((process, log))
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited; see {self.log_path}")
            try:
                with urllib.request.urlopen(url + "/healthz/", timeout=2) as response:
                    if response.status == 200:
                        return url
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"the server did not become healthy; see {self.log_path}")

    def start_worker(self):
        """The worker beside the web process, as `make run` and the Procfile
        have it; it looks for mail every second here."""
        log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        process = subprocess.Popen(
            [sys.executable, "manage.py", "worker"],
            cwd=ROOT,
            env={**self.env, "WORKER_MAIL_SECONDS": "1"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append((process, log))

    def stop(self):
        for process, log in self.processes:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()
        self.processes = []
        if self.pg_database:
            with psycopg.connect(self.admin_url, autocommit=True) as conn:
                conn.execute(
                    f'DROP DATABASE IF EXISTS "{self.pg_database}" WITH (FORCE)'
                )

    def last_mail(self, to, timeout=20):
        """Text of the newest mail file addressed to `to`, waiting for the
        worker to deliver it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for path in sorted(
                self.mail_dir.iterdir(), key=lambda p: p.stat().st_mtime, reverse=True
            ):
                text = path.read_text()
                if f"To: {to}" in text:
                    return text
            time.sleep(0.2)
        raise AssertionError(f"no mail to {to} within {timeout} s")
