"""Hints through the channel layer, sent after the transaction commits.

A failure to send is logged, not raised: the change itself is safe in the
database, and clients find it through their next resume or heartbeat.

Only those who need a hint get it:
- a conversation's own group: its new messages (each hint carries the
  message, encrypted in Redis, so the other side shows it without reading
  the database), its status, typing;
- the waiting group: askers whose question waits, when the line moves; the
  positions of all of them are computed once and sent in one hint;
- the queue group: the helpdesk's queue pages.
"""

from portal.realtime import send_after_commit, send_built_after_commit

QUEUE_GROUP = "chat.queue"
WAITING_GROUP = "chat.waiting"


def conversation_group(conversation_id):
    return f"chat.conversation.{conversation_id}"


def new_message(conversation_id, data):
    send_after_commit(conversation_group(conversation_id), "chat.message", data=data)


def status_changed(conversation_id):
    send_after_commit(conversation_group(conversation_id), "chat.status_changed")
    queue_changed()


def queue_changed():
    send_after_commit(QUEUE_GROUP, "chat.queue_changed")


def line_moved():
    """The waiting line changed in a way that moves people in it, or the
    helpdesk came online or went: every waiting asker gets their place."""
    send_built_after_commit(WAITING_GROUP, positions_event)


def positions_event():
    from .hours import availability
    from .models import Conversation

    waiting = Conversation.objects.filter(status=Conversation.Status.WAITING).order_by(
        "created_at", "pk"
    )
    now = availability()
    return {
        "type": "chat.positions",
        # String keys: the channel layer's msgpack refuses others.
        "positions": {
            str(pk): place
            for place, pk in enumerate(waiting.values_list("pk", flat=True), start=1)
        },
        "open_now": now.open_now,
        "agents_online": now.agents_online,
        "next_opening": now.next_opening.isoformat() if now.next_opening else None,
    }
