"""/healthz/ tells a load balancer whether the database and channel layer work.

Anyone sees only the overall status; staff and monitoring with the token see
each check, and nobody sees host names or error texts.
"""

import pytest
from django.db import connection

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOKEN = "monitoring-token-0123456789abcdef"


@pytest.fixture
def database_down(monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise connection.Database.OperationalError(
            'connection to server at "db.internal.example" (10.0.0.5) refused'
        )

    monkeypatch.setattr(connection, "cursor", broken_cursor)


@pytest.fixture
def channel_layer_down(settings):
    from channels.layers import channel_layers

    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [
                    {"address": "redis://127.0.0.1:1/0", "socket_connect_timeout": 1}
                ]
            },
        }
    }
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True))
    return client


def test_anyone_sees_only_that_it_is_healthy(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_anyone_sees_only_that_it_is_unavailable(client, database_down):
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


def test_a_logged_in_non_staff_user_gets_no_details(client):
    client.force_login(UserFactory())
    assert "checks" not in client.get("/healthz/").json()


def test_staff_see_each_check(staff_client):
    response = staff_client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "channel_layer": "ok"},
    }


def test_staff_see_what_failed_but_no_address(staff_client, channel_layer_down):
    response = staff_client.get("/healthz/")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["channel_layer"].startswith("unavailable")
    assert checks["database"] == "ok"
    assert "127.0.0.1" not in response.content.decode()


def test_the_monitoring_token_shows_what_failed_but_no_host_or_error_text(
    client, settings, database_down
):
    # With the database down nobody can be recognised as staff: monitoring
    # needs the token.
    settings.HEALTHZ_TOKEN = TOKEN
    response = client.get("/healthz/", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"].startswith("unavailable")
    assert "OperationalError" in checks["database"]
    assert checks["channel_layer"] == "ok"
    text = response.content.decode()
    assert "db.internal.example" not in text
    assert "10.0.0.5" not in text
    assert "refused" not in text


@pytest.mark.parametrize(
    "configured, offered",
    [
        (TOKEN, "Bearer wrong-token"),
        (TOKEN, f"Basic {TOKEN}"),
        (TOKEN, TOKEN),
        ("", "Bearer "),
        ("", "Bearer anything"),
    ],
)
def test_a_wrong_or_unset_token_shows_nothing(client, settings, configured, offered):
    settings.HEALTHZ_TOKEN = configured
    response = client.get("/healthz/", HTTP_AUTHORIZATION=offered)
    assert response.json() == {"status": "ok"}
