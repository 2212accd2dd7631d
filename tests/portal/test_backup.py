"""The backup procedure of docs/operations.md works: bin/backup dumps the
database, bin/restore loads the dump into a fresh database, and the data
(and the access log's protection) is there."""

import os
import subprocess
from pathlib import Path
from urllib.parse import urlunsplit

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from retention.models import AccessLogEntry
from tests.factories import EmployeeFactory, OrganisationFactory

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def database_url(name):
    db = settings.DATABASES["default"]
    netloc = f"{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}"
    if db.get("PASSWORD"):
        netloc = f"{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT'] or 5432}"
    return urlunsplit(("postgres", netloc, f"/{name}", "", ""))


@pytest.fixture
def fresh_database():
    name = f"werkbehoud_restore_{os.getpid()}"
    admin = database_url("postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield database_url(name)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_dump_restores_into_a_fresh_database(tmp_path, fresh_database):
    organisation = OrganisationFactory(name="Werkbedrijf Hersteld")
    employee = EmployeeFactory(organisation=organisation, last_name="Terugzet")
    AccessLogEntry.objects.create(
        employee=employee, actor_label="P&O", action="view", subject="plan"
    )
    media = tmp_path / "media"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "protocol.pdf").write_bytes(b"%PDF-1.4 test")
    env = {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict["NAME"]),
        "MEDIA_ROOT": str(media),
    }
    out = subprocess.run(
        [ROOT / "bin" / "backup", tmp_path / "backups"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    dump = next((tmp_path / "backups").glob("werkbehoud-2*.dump"))
    assert f"database: {dump}" in out
    archive = next((tmp_path / "backups").glob("werkbehoud-media-*.tar.gz"))
    listing = subprocess.run(
        ["tar", "-tzf", archive], check=True, capture_output=True, text=True
    ).stdout
    assert "./documents/protocol.pdf" in listing

    subprocess.run(
        [ROOT / "bin" / "restore", dump, fresh_database],
        check=True,
        capture_output=True,
    )
    with psycopg.connect(fresh_database, autocommit=True) as restored:
        names = restored.execute(
            "SELECT o.name, e.last_name FROM portal_employee e "
            "JOIN portal_organisation o ON o.id = e.organisation_id"
        ).fetchall()
        assert names == [("Werkbedrijf Hersteld", "Terugzet")]
        assert restored.execute(
            "SELECT count(*) FROM retention_accesslogentry"
        ).fetchone() == (1,)
        migrations = restored.execute(
            "SELECT count(*) FROM django_migrations WHERE app = 'retention'"
        ).fetchone()[0]
        assert migrations >= 5
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            restored.execute("DELETE FROM retention_accesslogentry")


def test_backup_refuses_a_database_it_cannot_dump(tmp_path):
    result = subprocess.run(
        [ROOT / "bin" / "backup", tmp_path],
        env={**os.environ, "DATABASE_URL": "sqlite:///db.sqlite3"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "postgres://" in result.stderr
