"""/healthz/ tells a load balancer whether the database and channel layer work."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_healthy(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "channel_layer": "ok"},
    }
    assert response["Cache-Control"] == "no-store"


def test_database_down_is_a_503_with_the_reason(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise connection.Database.OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert "connection refused" in body["checks"]["database"]
    assert body["checks"]["channel_layer"] == "ok"


def test_channel_layer_down_is_a_503_with_the_reason(client, settings):
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
    try:
        response = client.get("/healthz/")
    finally:
        channel_layers.backends.clear()
    assert response.status_code == 503
    assert response.json()["checks"]["channel_layer"].startswith("unavailable")
    assert response.json()["checks"]["database"] == "ok"
