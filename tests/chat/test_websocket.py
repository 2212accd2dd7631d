"""An authenticated websocket connects through the project's ASGI stack."""

import pytest
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from chat.consumers import CLOSE_NOT_LOGGED_IN
from portal.asgi import application
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True)]

ORIGIN = (b"origin", b"http://testserver")


def session_cookie_for(user):
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return (b"cookie", f"{settings.SESSION_COOKIE_NAME}={value}".encode())


async def connect(headers):
    communicator = WebsocketCommunicator(application, "/ws/heartbeat/", headers=headers)
    connected, code = await communicator.connect()
    return communicator, connected, code


async def test_logged_in_user_connects_and_gets_pongs():
    from asgiref.sync import sync_to_async

    cookie = await sync_to_async(lambda: session_cookie_for(UserFactory()))()
    communicator, connected, _code = await connect([ORIGIN, cookie])
    try:
        assert connected
        await communicator.send_json_to({"type": "ping"})
        assert await communicator.receive_json_from() == {"type": "pong"}
        await communicator.send_json_to({"type": "dance"})
        assert (await communicator.receive_json_from())["type"] == "error"
    finally:
        await communicator.disconnect()


async def test_anonymous_visitor_is_refused():
    communicator, connected, code = await connect([ORIGIN])
    assert not connected
    assert code == CLOSE_NOT_LOGGED_IN
    await communicator.disconnect()


async def test_foreign_origin_is_refused():
    from asgiref.sync import sync_to_async

    cookie = await sync_to_async(lambda: session_cookie_for(UserFactory()))()
    communicator, connected, _code = await connect(
        [(b"origin", b"https://evil.example"), cookie]
    )
    assert not connected
    await communicator.disconnect()
