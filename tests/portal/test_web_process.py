"""bin/web, the Procfile's web process, and portal.serve, the one place that
starts the server: proxy headers only when the portal is told it runs
behind a proxy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from portal import serve

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def run_web(tmp_path):
    """bin/web with a `python` that prints its arguments instead."""
    fake = tmp_path / "python"
    fake.write_text('#!/bin/sh\necho "$@"\n')
    fake.chmod(0o755)

    def run(**env):
        base = {k: v for k, v in os.environ.items() if k != "PORT"}
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


def test_bin_web_serves_the_portal_on_every_interface(run_web):
    result = run_web(PORT="5000")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "-m",
        "portal.serve",
        "--host",
        "0.0.0.0",
        "--port",
        "5000",
    ]


def test_a_directly_reachable_server_ignores_forwarded_headers():
    options = serve.options("0.0.0.0", 5000, {})
    assert options["proxy_headers"] is False
    assert options["forwarded_allow_ips"] is None
    assert options["server_header"] is False
    assert options["ws_max_size"] == 1024 * 1024


@pytest.mark.parametrize(
    "env, expected",
    [
        ({"TRUSTED_PROXY_COUNT": "1"}, True),
        ({"TRUSTED_PROXY_COUNT": "0"}, False),
        ({"TRUSTED_PROXY_COUNT": "1", "PROXY_HEADERS": "0"}, False),
        ({"PROXY_HEADERS": "true"}, True),
        # The name this setting had when the portal ran on daphne.
        ({"TRUSTED_PROXY_COUNT": "1", "DAPHNE_PROXY_HEADERS": "off"}, False),
    ],
)
def test_proxy_headers_follow_the_configuration(env, expected):
    options = serve.options("0.0.0.0", 5000, env)
    assert options["proxy_headers"] is expected
    assert (options["forwarded_allow_ips"] == "*") is expected


def test_a_wrong_proxy_count_stops_the_start():
    result = subprocess.run(
        [sys.executable, "-m", "portal.serve", "--port", "0"],
        cwd=ROOT,
        env={**os.environ, "TRUSTED_PROXY_COUNT": "two"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT must be a whole number" in result.stderr
