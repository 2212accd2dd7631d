"""Health check for load balancers and monitoring."""

import asyncio

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.db import connection
from django.http import JsonResponse

CHANNEL_TIMEOUT_SECONDS = 3


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


async def _check_channel_layer():
    """Send a message to a fresh channel and read it back."""
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")
    channel = await layer.new_channel("healthz.")
    await layer.send(channel, {"type": "healthz.ping"})
    message = await asyncio.wait_for(layer.receive(channel), CHANNEL_TIMEOUT_SECONDS)
    if message.get("type") != "healthz.ping":
        raise RuntimeError("channel layer returned another message")


async def healthz(request):
    checks = {}
    try:
        await sync_to_async(_check_database)()
        checks["database"] = "ok"
    except Exception as error:  # noqa: BLE001 - any failure means unhealthy
        checks["database"] = f"unavailable: {error.__class__.__name__}: {error}"
    try:
        await _check_channel_layer()
        checks["channel_layer"] = "ok"
    except Exception as error:  # noqa: BLE001
        checks["channel_layer"] = f"unavailable: {error.__class__.__name__}: {error}"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
        headers={"Cache-Control": "no-store"},
    )
