"""The access matrix for websockets, driven by the websocket routes: every
route is opened by every kind of caller, and the answer (accepted, or
closed with 4401, 4403 or 4404) is compared with what this file expects."""

import pytest
from asgiref.sync import sync_to_async
from django.urls import URLPattern

from chat.routing import websocket_urlpatterns
from portal.gate import CLOSE_FORBIDDEN, CLOSE_NOT_FOUND, CLOSE_NOT_LOGGED_IN
from tests.access.world import CALLERS, build_world, session_cookie_header
from tests.chat.client import open_socket

pytestmark = pytest.mark.django_db(transaction=True)

ACCEPTED = "accepted"
ANONYMOUS = ("anonymous", "third_party")


def closed_unless(allowed):
    return {
        caller: ACCEPTED
        if caller in allowed
        else CLOSE_NOT_LOGGED_IN
        if caller in ANONYMOUS
        else CLOSE_FORBIDDEN
        for caller in CALLERS
    }


EXPECTED = {
    # The supervisor's own question, still waiting: the asker and any
    # helpdesk agent (to read it before taking it on).
    "ws/chat/<int:conversation_id>/": closed_unless({"supervisor", "helpdesk"}),
    "ws/chat/queue/": closed_unless({"helpdesk"}),
}


def path_for(world, route):
    return "/" + route.replace(
        "<int:conversation_id>", str(world.objects["conversation"].pk)
    )


def test_every_websocket_route_has_an_expected_answer():
    routes = [
        str(p.pattern) for p in websocket_urlpatterns if isinstance(p, URLPattern)
    ]
    assert sorted(routes) == sorted(EXPECTED)


async def answer(path, cookie):
    communicator, connected, code = await open_socket(path, cookie)
    assert connected, f"{path}: handshake refused ({code}), not accept-and-close"
    output = await communicator.receive_output(timeout=5)
    if output["type"] == "websocket.close":
        await communicator.wait()
        return output["code"]
    await communicator.disconnect()
    return ACCEPTED


async def test_each_caller_gets_exactly_the_expected_socket_answers():
    world = await sync_to_async(build_world)(with_site=False)
    problems = []
    for caller in CALLERS:
        client = await sync_to_async(world.client_for)(caller)
        cookie = session_cookie_header(client) if caller in world.users else None
        for route, expected in EXPECTED.items():
            got = await answer(path_for(world, route), cookie)
            if got != expected[caller]:
                problems.append(f"{caller} {route}: {got}, expected {expected[caller]}")
        for path in ("/ws/chat/999999/", "/ws/onbekend/"):
            got = await answer(path, cookie)
            want = CLOSE_NOT_LOGGED_IN if caller in ANONYMOUS else CLOSE_NOT_FOUND
            if got != want:
                problems.append(f"{caller} {path}: {got}, expected {want}")
    assert problems == [], "\n".join(problems)
