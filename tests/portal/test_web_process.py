"""bin/web, the Procfile's web process: daphne, with proxy headers only when
the portal is told it runs behind a proxy."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def run_web(tmp_path):
    fake = tmp_path / "daphne"
    fake.write_text('#!/bin/sh\necho "$@"\n')
    fake.chmod(0o755)

    def run(**env):
        base = {
            k: v
            for k, v in os.environ.items()
            if k not in ("PORT", "TRUSTED_PROXY_COUNT", "DAPHNE_PROXY_HEADERS")
        }
        base["PATH"] = f"{tmp_path}{os.pathsep}{base['PATH']}"
        return subprocess.run(
            [str(ROOT / "bin" / "web")],
            env={**base, **env},
            capture_output=True,
            text=True,
            timeout=30,
        )

    return run


def test_procfile_runs_bin_web():
    assert "web: bin/web" in (ROOT / "Procfile").read_text()


def test_directly_reachable_daphne_ignores_forwarded_headers(run_web):
    result = run_web(PORT="5000")
    assert result.stdout.split() == [
        "-b",
        "0.0.0.0",
        "-p",
        "5000",
        "portal.asgi:application",
    ]


@pytest.mark.parametrize(
    "env, expected",
    [
        ({"TRUSTED_PROXY_COUNT": "1"}, True),
        ({"TRUSTED_PROXY_COUNT": "0"}, False),
        ({"TRUSTED_PROXY_COUNT": "1", "DAPHNE_PROXY_HEADERS": "0"}, False),
        ({"DAPHNE_PROXY_HEADERS": "true"}, True),
    ],
)
def test_proxy_headers_follow_the_configuration(run_web, env, expected):
    result = run_web(PORT="5000", **env)
    assert result.returncode == 0, result.stderr
    assert ("--proxy-headers" in result.stdout.split()) is expected


def test_a_wrong_proxy_count_stops_the_start(run_web):
    result = run_web(PORT="5000", TRUSTED_PROXY_COUNT="two")
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT" in result.stderr
