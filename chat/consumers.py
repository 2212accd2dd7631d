"""Websocket consumers of the chat: one per open conversation page, and one
for the helpdesk's queue page. The protocol is described in PROTOCOL.md.

ORM work happens in small helpers run in the thread pool; the channel layer
carries hints, and a hint about a new message carries the message, so the
other side shows it without reading the database. When a hint is missing,
the consumer reads from the database what its client has not had yet. Every connection and every frame passes the
portal's gate first (portal/gate.py): a socket never acts for a session that
has ended.
"""

import asyncio
import json
import logging
import time
import weakref

from django.utils.translation import gettext as _

from portal.gate import (
    CLOSE_FORBIDDEN,
    CLOSE_NOT_FOUND,
    CLOSE_NOT_LOGGED_IN,
    GatedConsumer,
    in_thread_pool,
)
from portal.realtime import hints_collected, send_hints

from . import services
from .access import AGENT, ASKER, is_agent, role_in
from .events import QUEUE_GROUP, WAITING_GROUP, conversation_group, positions_event
from .frames import frame_for, message_frame, queue_frame, status_frame, waiting_frame
from .models import Conversation, Message

__all__ = ["CLOSE_FORBIDDEN", "CLOSE_NOT_FOUND", "CLOSE_NOT_LOGGED_IN"]

logger = logging.getLogger(__name__)

# A frame is a few fields and a message of at most 2,000 characters, which
# JSON may escape to six characters each.
MAX_FRAME_CHARACTERS = 16_384

STREAMS = {
    ASKER: [Message.Stream.PUBLIC],
    AGENT: [Message.Stream.PUBLIC, Message.Stream.STAFF],
}


def clean_text(value):
    """True for text that can be stored and shown: no NUL character and no
    lone surrogate (which JSON allows and UTF-8 cannot encode)."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class Coalesced:
    """Look-ups that sockets of one process ask for at about the same time
    go to the database together: one thread hop and one query while the
    previous batch is under way, not one each. A wave of heartbeats (every
    client reconnecting after a restart pings at about the same moment) then
    costs a few queries instead of hundreds.

    `fetch_many(keys)` runs in the thread pool and returns {key: value};
    a key it leaves out gets None.
    """

    def __init__(self, fetch_many):
        self.fetch = in_thread_pool(fetch_many)
        self.batches = weakref.WeakKeyDictionary()  # per event loop

    async def get(self, key):
        loop = asyncio.get_running_loop()
        state = self.batches.get(loop)
        if state is None:
            state = self.batches[loop] = {"waiting": {}, "running": False}
        future = loop.create_future()
        state["waiting"].setdefault(key, []).append(future)
        if not state["running"]:
            state["running"] = True
            loop.create_task(self._run(state))
        return await future

    async def _run(self, state):
        try:
            while state["waiting"]:
                batch, state["waiting"] = state["waiting"], {}
                try:
                    found = await self.fetch(list(batch))
                except Exception as error:  # noqa: BLE001 - each asker gets it
                    for futures in batch.values():
                        for future in futures:
                            if not future.done():
                                future.set_exception(error)
                    continue
                for key, futures in batch.items():
                    for future in futures:
                        if not future.done():
                            future.set_result(found.get(key))
        finally:
            state["running"] = False


latest_seqs = Coalesced(services.latest_seqs)


class JsonFrames(GatedConsumer):
    """JSON in and out; a bad frame gets an error frame, never a dropped socket."""

    handlers = {}

    async def receive(self, text_data=None, bytes_data=None):
        if text_data is None or len(text_data) > MAX_FRAME_CHARACTERS:
            await self.error("bad_frame", _("This message could not be read."))
            return
        try:
            frame = json.loads(text_data)
        except (ValueError, RecursionError):
            frame = None
        if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
            await self.error("bad_frame", _("This message could not be read."))
            return
        handler = self.handlers.get(frame["type"])
        if handler is None:
            await self.error("unknown_frame", _("This kind of message is not known."))
            return
        try:
            await getattr(self, handler)(frame)
        except Exception:
            # A fault of ours: the person gets an answer, the log the details.
            logger.exception("Chat frame %s failed", frame["type"])
            await self.error(
                "server_error",
                _("Something went wrong on our side. Try again in a moment."),
            )

    async def send_json(self, content):
        await self.send(text_data=json.dumps(content, ensure_ascii=False))

    async def error(self, code, message, **extra):
        await self.send_json(
            {"type": "error", "code": code, "message": message, **extra}
        )

    async def refuse(self, code):
        """Accept, then close with our code, so the client learns why."""
        await self.accept()
        await self.close(code=code)


class ConversationConsumer(JsonFrames):
    handlers = {
        "hello": "on_resume",
        "resume": "on_resume",
        "send": "on_send",
        "typing": "on_typing",
        "ping": "on_ping",
    }
    # A heartbeat is due every 20 s; more often is answered by nobody.
    PING_EVERY_SECONDS = 5
    TYPING_EVERY_SECONDS = 0.5

    async def connect(self):
        self.user = self.scope["user"]
        self.conversation_id = int(self.scope["url_route"]["kwargs"]["conversation_id"])
        exists, self.role = await self.current_role(self.user)
        if not exists:
            await self.refuse(CLOSE_NOT_FOUND)
            return
        if self.role is None:
            await self.refuse(CLOSE_FORBIDDEN)
            return
        self.streams = STREAMS[self.role]
        # Nothing is delivered until the client said what it already has.
        self.delivered = {}
        self.pinged_at = self.typed_at = 0.0
        self.waiting = False
        await self.join(conversation_group(self.conversation_id))
        await self.accept()
        await self.open_gate()
        await self.send_status()

    async def still_allowed(self, user):
        _exists, role = await self.current_role(user)
        return role == self.role

    # Client frames

    async def on_resume(self, frame):
        after = frame.get("after", {})
        if not isinstance(after, dict):
            await self.error("bad_frame", _("This message could not be read."))
            return
        for stream in self.streams:
            value = after.get(stream, 0)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                await self.error("bad_frame", _("This message could not be read."))
                return
            self.delivered[stream] = value
        await self.deliver()
        await self.send_json({"type": "synced", "latest": dict(self.delivered)})

    async def on_send(self, frame):
        body, client_id = frame.get("body"), frame.get("client_id")
        stream = frame.get("stream", Message.Stream.PUBLIC)
        if (
            not isinstance(body, str)
            or not isinstance(client_id, str)
            or not (0 < len(client_id) <= 64)
            or not clean_text(client_id)
        ):
            await self.error(
                "bad_frame",
                _("This message could not be read."),
                client_id=client_id
                if isinstance(client_id, str) and clean_text(client_id)
                else None,
            )
            return
        if not clean_text(body):
            # Answered with its client_id, so the client drops it from its
            # outbox instead of sending it again on every reconnect.
            await self.error(
                "bad_text",
                _(
                    "This message contains characters that cannot be sent. "
                    "Type it again, or leave out special characters."
                ),
                client_id=client_id,
            )
            return
        await self.touch_session()
        if stream not in self.streams:
            await self.error(
                "forbidden",
                _("Only the helpdesk can write private notes."),
                client_id=client_id,
            )
            return
        try:
            seq, duplicate, warning, hints = await self.store(body, client_id, stream)
        except services.ChatError as error:
            await self.error(error.code, str(error), client_id=client_id)
            return
        await self.send_json(
            {
                "type": "ack",
                "client_id": client_id,
                "stream": stream,
                "seq": seq,
                "duplicate": duplicate,
                "warning": warning,
            }
        )
        # Stored and acked; now the other side (and this one's own screen).
        await send_hints(hints)

    async def on_typing(self, frame):
        now = time.monotonic()
        active = bool(frame.get("active"))
        if active and now - self.typed_at < self.TYPING_EVERY_SECONDS:
            return
        self.typed_at = now
        await self.touch_session()
        await self.channel_layer.group_send(
            conversation_group(self.conversation_id),
            {
                "type": "chat.typing",
                "role": self.role,
                "active": active,
                "origin": self.channel_name,
            },
        )

    async def on_ping(self, frame):
        now = time.monotonic()
        if now - self.pinged_at < self.PING_EVERY_SECONDS:
            return
        self.pinged_at = now
        latest = await latest_seqs.get(self.conversation_id)
        if latest is None:
            # Deleted while its hint was lost: say so, then let go.
            await self.send_status()
            await self.shut(CLOSE_NOT_FOUND)
            return
        await self.send_json(
            {"type": "pong", "latest": {s: latest[s] for s in self.streams}}
        )

    # Hints from the channel layer

    async def chat_message(self, event):
        """A new message, carried by the hint: shown at once when it is the
        next one, read from the database when one went missing."""
        if self.gate_expired():
            return
        data = event["data"]
        stream = data["stream"]
        if stream not in self.streams or stream not in self.delivered:
            return
        if data["seq"] == self.delivered[stream] + 1:
            await self.send_json(frame_for(data, self.role))
            self.delivered[stream] = data["seq"]
        elif data["seq"] > self.delivered[stream] + 1:
            await self.deliver()

    async def chat_status_changed(self, event):
        if self.gate_expired():
            return
        _exists, role = await self.current_role(self.user)
        if role != self.role:
            await self.send_status()
            await self.shut(CLOSE_FORBIDDEN)
            return
        await self.send_status()
        await self.deliver()

    async def chat_positions(self, event):
        """The line moved: this question's place, without a query."""
        if self.gate_expired():
            return
        position = event["positions"].get(str(self.conversation_id))
        if position is None:
            return  # no longer waiting: its status hint says what it is now
        await self.send(
            text_data=waiting_frame(
                position,
                event["open_now"],
                event["agents_online"],
                event["next_opening"],
                self.language,
            )
        )

    async def chat_typing(self, event):
        if self.gate_expired():
            return
        if event["origin"] != self.channel_name and event["role"] != self.role:
            await self.send_json(
                {"type": "typing", "role": event["role"], "active": event["active"]}
            )

    # Delivery

    async def deliver(self):
        for stream in self.streams:
            if stream not in self.delivered:
                continue
            while True:
                batch = await self.fetch(stream, self.delivered[stream])
                for frame in batch:
                    await self.send_json(frame)
                    self.delivered[stream] = frame["seq"]
                if len(batch) < 200:
                    break

    async def send_status(self):
        frame = await self.status()
        await self.send_json(frame)
        # Askers of a waiting question follow the line; nobody else does.
        waiting = self.role == ASKER and frame.get("status") == "waiting"
        if waiting and not self.waiting:
            await self.join(WAITING_GROUP)
        elif self.waiting and not waiting:
            await self.leave(WAITING_GROUP)
        self.waiting = waiting

    # Database helpers, in the thread pool (portal.gate.in_thread_pool)

    @in_thread_pool
    def current_role(self, user):
        """(whether the conversation exists, the user's role in it or None)."""
        conversation = Conversation.objects.filter(pk=self.conversation_id).first()
        if conversation is None:
            return False, None
        return True, role_in(user, conversation)

    @in_thread_pool
    def store(self, body, client_id, stream):
        """(seq, duplicate, privacy warning, hints to send from the loop)."""
        with hints_collected() as hints:
            message, duplicate = services.post_message(
                self.conversation_id, self.user, body, client_id, stream
            )
        warning = services.privacy_warning(self.role, body)
        return message.seq, duplicate, warning, hints

    @in_thread_pool
    def fetch(self, stream, after):
        return [
            message_frame(message, self.role)
            for message in services.messages_after(self.conversation_id, stream, after)
        ]

    @in_thread_pool
    def status(self):
        conversation = (
            Conversation.objects.filter(pk=self.conversation_id)
            .select_related("assigned_agent")
            .first()
        )
        return status_frame(conversation, self.role)


class QueueConsumer(JsonFrames):
    """The helpdesk's live queue; its pings also say the agent is online."""

    handlers = {"ping": "on_ping"}

    async def connect(self):
        self.user = self.scope["user"]
        if not await self.still_allowed(self.user):
            await self.refuse(CLOSE_FORBIDDEN)
            return
        await self.join(QUEUE_GROUP)
        await self.accept()
        await self.open_gate()
        await self.check_in()
        # Someone is online now: colleagues' queues and waiting askers learn it.
        await self.channel_layer.group_send(QUEUE_GROUP, {"type": "chat.queue_changed"})
        await self.channel_layer.group_send(WAITING_GROUP, await self.positions())

    async def still_allowed(self, user):
        return await in_thread_pool(is_agent)(user)

    async def on_ping(self, frame):
        await self.check_in()
        await self.send_json({"type": "pong"})

    async def chat_queue_changed(self, event):
        if not self.gate_expired():
            await self.send_json(await self.snapshot())

    async def check_in(self):
        await in_thread_pool(services.touch_presence)(self.user)
        await self.send_json(await self.snapshot())

    @in_thread_pool
    def snapshot(self):
        return queue_frame(self.user)

    @in_thread_pool
    def positions(self):
        return positions_event()
