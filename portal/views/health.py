"""Health check for load balancers and monitoring.

Anyone gets the overall status. The result per check is for staff and for
monitoring with `Authorization: Bearer <HEALTHZ_TOKEN>`, and even then names
only what failed and the exception's class: host names, ports and error
texts stay in the server log.
"""

import asyncio
import logging

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils.crypto import constant_time_compare

logger = logging.getLogger(__name__)

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


CHECKS = {
    "database": (sync_to_async(_check_database), "no answer to a query"),
    "channel_layer": (_check_channel_layer, "no message round trip"),
}


async def _may_see_details(request):
    token = settings.HEALTHZ_TOKEN
    if token:
        scheme, _, offered = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and constant_time_compare(offered, token):
            return True
    user = await request.auser()
    return user.is_active and (user.is_staff or user.is_superuser)


async def healthz(request):
    checks = {}
    for name, (check, reason) in CHECKS.items():
        try:
            await check()
            checks[name] = "ok"
        except Exception as error:  # noqa: BLE001 - any failure means unhealthy
            logger.warning("healthz: %s check failed", name, exc_info=True)
            checks[name] = f"unavailable: {reason} ({error.__class__.__name__})"
    healthy = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if healthy else "unavailable"}
    if await _may_see_details(request):
        body["checks"] = checks
    return JsonResponse(
        body,
        status=200 if healthy else 503,
        headers={"Cache-Control": "no-store"},
    )
