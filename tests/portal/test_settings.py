"""Configuration from the environment, and production's security checks."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.settings.env import (
    DEV_SECRET_KEY,
    TEST_SECRET_KEY,
    email_settings,
    env_list,
    redis_host,
)

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": "x" * 20 + "-production-secret-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "werkbehoud.example.nl",
    "CSRF_TRUSTED_ORIGINS": "https://werkbehoud.example.nl",
}


def run_manage(*args, env):
    full_env = {
        k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS")
    }
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_passes_the_deploy_check_without_warnings():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_secrets_and_hosts(missing):
    env = dict(PRODUCTION_ENV)
    env[missing] = ""
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


@pytest.mark.parametrize(
    "key", [DEV_SECRET_KEY, TEST_SECRET_KEY, "test-secret-" + "k" * 60]
)
def test_production_refuses_the_keys_from_the_repository(key):
    result = run_manage("check", env={**PRODUCTION_ENV, "SECRET_KEY": key})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "dev or test key" in result.stderr


def production_settings(*names, **env):
    """Values of production settings in a fresh process with this environment."""
    code = (
        "import django, json; django.setup(); from django.conf import settings;"
        f"print(json.dumps([getattr(settings, name) for name in {names!r}]))"
    )
    full_env = {
        k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS")
    }
    full_env.update(PRODUCTION_ENV)
    full_env.update(env)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_hsts_preload_is_off_unless_switched_on():
    preload, silenced = production_settings(
        "SECURE_HSTS_PRELOAD", "SILENCED_SYSTEM_CHECKS", SECURE_HSTS_PRELOAD=""
    )
    assert preload is False
    assert "security.W021" in silenced
    preload, silenced = production_settings(
        "SECURE_HSTS_PRELOAD", "SILENCED_SYSTEM_CHECKS", SECURE_HSTS_PRELOAD="true"
    )
    assert preload is True
    assert "security.W021" not in silenced


def test_the_deploy_check_also_passes_with_preload_on():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**PRODUCTION_ENV, "SECURE_HSTS_PRELOAD": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_trusted_proxy_count_reaches_allauth():
    assert production_settings(
        "TRUSTED_PROXY_COUNT", "ALLAUTH_TRUSTED_PROXY_COUNT", TRUSTED_PROXY_COUNT="2"
    ) == [2, 2]
    assert (
        production_settings("ALLAUTH_TRUSTED_PROXY_COUNT", TRUSTED_PROXY_COUNT="")[0]
        == 0
    )


def test_base_settings_are_secure_by_default():
    from portal.settings import base

    assert base.DEBUG is False
    assert base.X_FRAME_OPTIONS == "DENY"
    assert base.SESSION_COOKIE_HTTPONLY


def test_redis_host_never_times_out_reads():
    """redis-py 8 defaults to a 5 s socket timeout, which would cut every
    consumer waiting on the core Redis channel layer."""
    host = redis_host("redis://127.0.0.1:6379/0")
    assert host["socket_timeout"] is None
    assert host["socket_connect_timeout"] == 2
    # Hundreds of sockets closing at once must not exhaust redis-py's pool
    # (100 by default, which refuses the next connection at once).
    assert host["max_connections"] == 1000


def test_the_channel_layers_subscriber_waits_for_messages_without_a_timeout():
    from portal.channel_layer import PubSubChannelLayer

    layer = PubSubChannelLayer(hosts=[redis_host("redis://127.0.0.1:6379/0")])
    subscriber = layer.make_subscriber()
    assert subscriber.socket_timeout is None
    assert subscriber.socket_keepalive
    assert layer.make_pool().max_connections == 1000


def test_email_url_smtp_with_tls():
    config = email_settings("smtp://user%40x.nl:geheim@mail.example:587?tls=1")
    assert config["EMAIL_HOST"] == "mail.example"
    assert config["EMAIL_PORT"] == 587
    assert config["EMAIL_HOST_USER"] == "user@x.nl"
    assert config["EMAIL_HOST_PASSWORD"] == "geheim"
    assert config["EMAIL_USE_TLS"] and not config["EMAIL_USE_SSL"]


def test_email_url_other_schemes():
    assert email_settings("console://")["WERKBEHOUD_DELIVERY_EMAIL_BACKEND"].endswith(
        "console.EmailBackend"
    )
    assert email_settings("smtps://mail.example")["EMAIL_PORT"] == 465
    assert email_settings("file:///tmp/mail")["EMAIL_FILE_PATH"] == "/tmp/mail"
    with pytest.raises(ImproperlyConfigured):
        email_settings("pigeon://coop")


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("WB_HOSTS", " a.nl, b.nl ,,")
    assert env_list("WB_HOSTS") == ["a.nl", "b.nl"]


def test_sqlite_is_the_default_database():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='portal.settings.dev';"
            "django.setup(); from django.conf import settings as s;"
            "print(s.DATABASES['default']['ENGINE'], s.CHANNEL_LAYERS['default']['BACKEND'])",
        ],
        cwd=ROOT,
        env={
            k: v
            for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "REDIS_URL")
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "sqlite3" in result.stdout
    assert "InMemoryChannelLayer" in result.stdout


def test_redis_url_switches_layer_cache_and_encryption():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='portal.settings.dev';"
            "django.setup(); from django.conf import settings as s;"
            "c=s.CHANNEL_LAYERS['default'];"
            "print(c['BACKEND'], bool(c['CONFIG']['symmetric_encryption_keys'][0]),"
            " s.CACHES['default']['BACKEND'])",
        ],
        cwd=ROOT,
        env={**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/3"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "portal.channel_layer.PubSubChannelLayer True" in result.stdout
    assert "portal.resilience.ResilientRedisCache" in result.stdout


def _test_settings(env):
    """Redis address and prefixes as portal.settings.test gives them."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "REDIS_URL",
            "PYTEST_XDIST_WORKER",
            "WERKBEHOUD_REDIS_WORKER",
            "CACHE_PREFIX",
            "CHANNELS_PREFIX",
        )
    }
    code = (
        "import json, os, subprocess, sys, django; django.setup();"
        "from django.conf import settings as s;"
        "print(json.dumps([s.REDIS_URL, s.CACHES['default']['KEY_PREFIX'],"
        " s.CHANNEL_LAYERS['default']['CONFIG']['prefix']]));"
        "child = {**os.environ, 'CACHE_PREFIX': 'own', 'CHANNELS_PREFIX': 'own'};"
        "print(subprocess.run([sys.executable, '-c', 'import django; django.setup();"
        "from django.conf import settings as s; print(s.REDIS_URL)'], env=child,"
        " capture_output=True, text=True, check=True).stdout.strip())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "portal.settings.test", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    first, child = result.stdout.strip().splitlines()
    return [*json.loads(first), child]


def test_each_test_process_has_its_own_redis_database_and_prefixes():
    """Two pytest-xdist processes must not empty each other's cache or hear
    each other's hints; a server a test starts keeps the process's database
    (not moved on once more) and the prefixes it sets itself."""
    url = "redis://127.0.0.1:6379/1"
    assert _test_settings({"REDIS_URL": url, "PYTEST_XDIST_WORKER": "gw1"}) == [
        "redis://127.0.0.1:6379/2",
        "werkbehoud-gw1",
        "werkbehoud-gw1",
        "redis://127.0.0.1:6379/2",
    ]
    assert _test_settings({"REDIS_URL": url})[0] == url
