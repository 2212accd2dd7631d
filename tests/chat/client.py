"""A test client that follows PROTOCOL.md the way static/js/chat.js does:
contiguous seqs per stream, a buffer for what comes after a gap, an outbox
resent on every reconnect, and resume when a pong says it is behind."""

import uuid

from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from portal.asgi import application

ORIGIN = (b"origin", b"http://testserver")
# Browsers always send the Host header; the gate compares the Origin with it.
HOST = (b"host", b"testserver")


@sync_to_async
def session_cookie(user):
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return (b"cookie", f"{settings.SESSION_COOKIE_NAME}={value}".encode())


async def open_socket(path, cookie=None, origin=ORIGIN, host=HOST):
    headers = [host, origin] + ([cookie] if cookie else [])
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, code = await communicator.connect()
    return communicator, connected, code


async def close_code_of(path, cookie=None, origin=ORIGIN, host=HOST):
    """Connect and return the close code of a refused socket; fails when the
    socket stays open or sends anything before closing."""
    communicator, connected, code = await open_socket(path, cookie, origin, host)
    assert connected, f"handshake refused ({code}) instead of accept and close"
    output = await communicator.receive_output(timeout=5)
    assert output["type"] == "websocket.close", output
    await communicator.wait()
    return output["code"]


async def frames(communicator, until=None, quiet=0.1, timeout=5):
    """What the server sends: first until a frame of type `until` arrives
    (if given), then until it has been quiet for a moment."""
    received = []
    while until and not any(frame["type"] == until for frame in received):
        received.append(await communicator.receive_json_from(timeout=timeout))
    while not await communicator.receive_nothing(timeout=quiet):
        received.append(await communicator.receive_json_from())
    return received


class ProtocolClient:
    def __init__(self, cookie, conversation_id, streams=("public",)):
        self.cookie = cookie
        self.path = f"/ws/chat/{conversation_id}/"
        self.last = dict.fromkeys(streams, 0)
        self.buffer = {stream: {} for stream in streams}
        self.shown = {stream: [] for stream in streams}
        self.outbox = {}
        self.socket = None
        self.errors = []

    async def connect(self):
        self.socket, connected, code = await open_socket(self.path, self.cookie)
        assert connected, code
        await self.socket.send_json_to({"type": "hello", "after": dict(self.last)})
        for item in list(self.outbox.values()):
            await self.socket.send_json_to(item)

    async def drop(self):
        await self.socket.disconnect()
        self.socket = None

    async def send(self, body, stream="public"):
        item = {
            "type": "send",
            "client_id": uuid.uuid4().hex,
            "body": body,
            "stream": stream,
        }
        self.outbox[item["client_id"]] = item
        if self.socket:
            await self.socket.send_json_to(item)
        return item["client_id"]

    async def pump(self, quiet=0.05):
        if not self.socket:
            return
        for frame in await frames(self.socket, quiet=quiet):
            await self.handle(frame)

    async def sync(self):
        """What the heartbeat does: ask how far the server is, catch up."""
        await self.socket.send_json_to({"type": "ping"})
        await self.pump(quiet=0.2)
        await self.pump(quiet=0.2)

    async def handle(self, frame):
        kind = frame["type"]
        if kind == "message":
            await self.accept(frame)
        elif kind == "ack":
            self.outbox.pop(frame["client_id"], None)
        elif kind in ("pong", "synced"):
            if any(frame["latest"].get(s, 0) > self.last[s] for s in self.last):
                await self.socket.send_json_to(
                    {"type": "resume", "after": dict(self.last)}
                )
        elif kind == "error":
            self.errors.append(frame)

    async def accept(self, frame):
        stream = frame["stream"]
        if frame["seq"] <= self.last[stream]:
            return
        if frame["seq"] != self.last[stream] + 1:
            self.buffer[stream][frame["seq"]] = frame
            await self.socket.send_json_to({"type": "resume", "after": dict(self.last)})
            return
        while frame:
            self.last[stream] = frame["seq"]
            self.shown[stream].append(frame["seq"])
            self.outbox.pop(frame.get("client_id"), None)
            frame = self.buffer[stream].pop(self.last[stream] + 1, None)
