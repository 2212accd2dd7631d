"""Two real daphne processes on one database and one Redis: the asker on one,
the agent on the other, and every message crosses over through Redis."""

import asyncio
import json
import re
import time
from http.cookiejar import CookieJar
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

import pytest
from websockets.asyncio.client import connect

from portal.demo import DEMO_PASSWORD
from tests.browser.server import PortalServer

pytestmark = [pytest.mark.redis, pytest.mark.slow]

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browserless:
    """Just enough of a browser: cookies, CSRF tokens and forms."""

    def __init__(self, base):
        self.base = base
        self.jar = CookieJar()
        self.opener = build_opener(HTTPCookieProcessor(self.jar))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=20) as response:
            return response.geturl(), response.read().decode()

    def post(self, path, data, form_page=None):
        _url, page = self.get(form_page or path)
        data = {"csrfmiddlewaretoken": CSRF.search(page).group(1), **data}
        request = Request(
            self.base + path,
            urlencode(data).encode(),
            headers={"Referer": self.base + path},
        )
        with self.opener.open(request, timeout=20) as response:
            return response.geturl(), response.read().decode()

    def log_in(self, email):
        self.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
        return self

    def cookie_header(self):
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.jar)


@pytest.fixture(scope="module")
def two_processes(tmp_path_factory):
    server = PortalServer(tmp_path_factory.mktemp("scale-out"), name="scaleout")
    try:
        server.prepare()
        first, second = server.start(), server.start()
        yield first, second
    finally:
        server.stop()


async def socket_for(base, browserless, conversation_id):
    socket = await connect(
        base.replace("http", "ws", 1) + f"/ws/chat/{conversation_id}/",
        additional_headers={"Cookie": browserless.cookie_header()},
        origin=base,
    )
    return socket


async def next_of_type(socket, kind, timeout):
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        frame = json.loads(await asyncio.wait_for(socket.recv(), remaining))
        if frame["type"] == kind:
            return frame


async def hello(socket, streams):
    await socket.send(json.dumps({"type": "hello", "after": dict.fromkeys(streams, 0)}))
    seqs = []
    while True:
        frame = json.loads(await asyncio.wait_for(socket.recv(), 10))
        if frame["type"] == "message":
            seqs.append(frame["seq"])
        if frame["type"] == "synced":
            return seqs


async def test_messages_cross_between_two_daphne_processes(two_processes):
    first, second = two_processes
    assert first != second
    asker = Browserless(first).log_in("werkleider@delinde.example")
    agent = Browserless(second).log_in("vraagbaak@werkbehoud.example")
    url, _page = asker.post(
        "/vraag/", {"question": "Hoe bel ik iemand die zich ziek meldt?"}
    )
    conversation_id = int(re.search(r"/vraag/(\d+)/", url).group(1))
    agent.post(
        f"/vraagbaak/gesprekken/{conversation_id}/aannemen/",
        {},
        form_page=f"/vraagbaak/gesprekken/{conversation_id}/",
    )

    asker_socket = await socket_for(first, asker, conversation_id)
    agent_socket = await socket_for(second, agent, conversation_id)
    try:
        assert await hello(asker_socket, ["public"]) == [1, 2]
        assert await hello(agent_socket, ["public", "staff"]) == [1, 2]

        # No pings are sent: only a hint through Redis can bring these over
        # within seconds, from one process to the other.
        await asker_socket.send(
            json.dumps(
                {"type": "send", "client_id": "from-first", "body": "Via proces een"}
            )
        )
        arrived = await next_of_type(agent_socket, "message", timeout=5)
        assert (arrived["seq"], arrived["body"]) == (3, "Via proces een")

        await agent_socket.send(
            json.dumps(
                {"type": "send", "client_id": "from-second", "body": "Via proces twee"}
            )
        )
        arrived = await next_of_type(asker_socket, "message", timeout=5)
        assert arrived["seq"] == 3
        arrived = await next_of_type(asker_socket, "message", timeout=5)
        assert (arrived["seq"], arrived["body"]) == (4, "Via proces twee")
    finally:
        await asker_socket.close()
        await agent_socket.close()
