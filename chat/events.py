"""Hints through the channel layer: "something changed, look in the database".

They are sent after the transaction commits, and a failure to send is logged,
not raised: the change itself is safe in the database, and clients find it
through their next resume or heartbeat.
"""

from portal.realtime import send_after_commit

QUEUE_GROUP = "chat.queue"


def conversation_group(conversation_id):
    return f"chat.conversation.{conversation_id}"


def new_messages(conversation_id):
    send_after_commit(conversation_group(conversation_id), "chat.new_messages")


def status_changed(conversation_id):
    send_after_commit(conversation_group(conversation_id), "chat.status_changed")
    send_after_commit(QUEUE_GROUP, "chat.queue_changed")


def queue_changed():
    send_after_commit(QUEUE_GROUP, "chat.queue_changed")
