"""A real portal server for browser tests: portal.serve on a database of its own.

The server gets its own database (a fresh SQLite file, or a fresh PostgreSQL
database beside the one in DATABASE_URL), migrated and loaded with the demo
data, so browser tests see exactly what a new user of `make run` sees and
never share state with the in-process test database. Mail goes to files the
tests can read.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parents[2]


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

    def prepare(self):
        if self.pg_database:
            with psycopg.connect(self.admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.pg_database}"')
                conn.execute(f'CREATE DATABASE "{self.pg_database}"')
        self._manage("migrate", "--noinput")
        self._manage("load_initial_data")
        # The demo people exist only where DEBUG is on, as in `make run`.
        self._manage("load_demo", DEBUG="1")

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
