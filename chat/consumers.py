"""Websocket consumers of the chat: one per open conversation page, and one
for the helpdesk's queue page. The protocol is described in PROTOCOL.md.

ORM work happens in small database_sync_to_async helpers; the channel layer
only carries hints, after which each consumer reads from the database what
its client has not had yet.
"""

import json

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.utils.translation import gettext as _

from . import services
from .access import AGENT, ASKER, is_agent, role_in
from .events import QUEUE_GROUP, conversation_group
from .frames import message_frame, queue_frame, status_frame
from .models import Conversation, Message

# Close codes in the 4000 range are ours and mirror HTTP.
CLOSE_NOT_LOGGED_IN = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404

STREAMS = {
    ASKER: [Message.Stream.PUBLIC],
    AGENT: [Message.Stream.PUBLIC, Message.Stream.STAFF],
}


class JsonFrames(AsyncWebsocketConsumer):
    """JSON in and out; a bad frame gets an error frame, never a dropped socket."""

    handlers = {}

    async def receive(self, text_data=None, bytes_data=None):
        try:
            frame = json.loads(text_data or "")
        except ValueError:
            frame = None
        if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
            await self.error("bad_frame", _("This message could not be read."))
            return
        handler = self.handlers.get(frame["type"])
        if handler is None:
            await self.error("unknown_frame", _("This kind of message is not known."))
            return
        await getattr(self, handler)(frame)

    async def send_json(self, content):
        await self.send(text_data=json.dumps(content, ensure_ascii=False))

    async def error(self, code, message, **extra):
        await self.send_json(
            {"type": "error", "code": code, "message": message, **extra}
        )


class ConversationConsumer(JsonFrames):
    handlers = {
        "hello": "on_resume",
        "resume": "on_resume",
        "send": "on_send",
        "typing": "on_typing",
        "ping": "on_ping",
    }

    async def connect(self):
        self.user = self.scope.get("user")
        if self.user is None or not self.user.is_authenticated:
            await self.close(code=CLOSE_NOT_LOGGED_IN)
            return
        self.conversation_id = int(self.scope["url_route"]["kwargs"]["conversation_id"])
        self.role = await self.current_role()
        if self.role is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.streams = STREAMS[self.role]
        # Nothing is delivered until the client said what it already has.
        self.delivered = {}
        self.groups_joined = [conversation_group(self.conversation_id), QUEUE_GROUP]
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        await self.send_status()

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

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
        ):
            await self.error(
                "bad_frame",
                _("This message could not be read."),
                client_id=client_id if isinstance(client_id, str) else None,
            )
            return
        if stream not in self.streams:
            await self.error(
                "forbidden",
                _("Only the helpdesk can write private notes."),
                client_id=client_id,
            )
            return
        try:
            seq, duplicate, warning = await self.store(body, client_id, stream)
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

    async def on_typing(self, frame):
        await self.channel_layer.group_send(
            conversation_group(self.conversation_id),
            {
                "type": "chat.typing",
                "role": self.role,
                "active": bool(frame.get("active")),
                "origin": self.channel_name,
            },
        )

    async def on_ping(self, frame):
        latest = await self.latest()
        await self.send_json(
            {"type": "pong", "latest": {s: latest[s] for s in self.streams}}
        )

    # Hints from the channel layer

    async def chat_new_messages(self, event):
        await self.deliver()

    async def chat_status_changed(self, event):
        role = await self.current_role()
        if role != self.role:
            await self.send_status()
            await self.close(code=CLOSE_FORBIDDEN)
            return
        await self.send_status()
        await self.deliver()

    async def chat_queue_changed(self, event):
        if self.role == ASKER:
            await self.send_status()

    async def chat_typing(self, event):
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

    # Database helpers

    @database_sync_to_async
    def current_role(self):
        conversation = Conversation.objects.filter(pk=self.conversation_id).first()
        return role_in(self.user, conversation) if conversation else None

    @database_sync_to_async
    def store(self, body, client_id, stream):
        message, duplicate = services.post_message(
            self.conversation_id, self.user, body, client_id, stream
        )
        return message.seq, duplicate, services.privacy_warning(self.role, body)

    @database_sync_to_async
    def fetch(self, stream, after):
        return [
            message_frame(message, self.role)
            for message in services.messages_after(self.conversation_id, stream, after)
        ]

    @database_sync_to_async
    def latest(self):
        return services.latest_seqs(self.conversation_id)

    @database_sync_to_async
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
        self.user = self.scope.get("user")
        if self.user is None or not self.user.is_authenticated:
            await self.close(code=CLOSE_NOT_LOGGED_IN)
            return
        if not await database_sync_to_async(is_agent)(self.user):
            await self.close(code=CLOSE_FORBIDDEN)
            return
        await self.channel_layer.group_add(QUEUE_GROUP, self.channel_name)
        await self.accept()
        await self.check_in()
        await self.channel_layer.group_send(QUEUE_GROUP, {"type": "chat.queue_changed"})

    async def disconnect(self, code):
        await self.channel_layer.group_discard(QUEUE_GROUP, self.channel_name)

    async def on_ping(self, frame):
        await self.check_in()
        await self.send_json({"type": "pong"})

    async def chat_queue_changed(self, event):
        await self.send_json(await self.snapshot())

    async def check_in(self):
        await database_sync_to_async(services.touch_presence)(self.user)
        await self.send_json(await self.snapshot())

    @database_sync_to_async
    def snapshot(self):
        return queue_frame(self.user)
