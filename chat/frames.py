"""The JSON frames the server sends (see PROTOCOL.md), built in one place.

services imports this module (a stored message's data is made here), so
the few frames that need services import it when they are built."""

import datetime
import functools
import json

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .access import AGENT
from .hours import Availability, availability
from .models import Conversation, Message

Status = Conversation.Status


def author_role(message, conversation_asker_id):
    if message.kind == Message.Kind.SYSTEM or message.author_id is None:
        return "system"
    return "asker" if message.author_id == conversation_asker_id else "agent"


def message_data(message):
    """A stored message as plain data, the same for every viewer: what a
    hint carries through the channel layer and what frames are made of."""
    conversation = message.conversation
    role = author_role(message, conversation.asked_by_id)
    return {
        "stream": message.stream,
        "seq": message.seq,
        "kind": message.kind,
        "role": role,
        "agent_name": message.author.first_name if role == "agent" else "",
        # Never for an anonymous asker; each viewer's frame says "Anonymous"
        # in its own language.
        "asker_name": conversation.asker_name() if role == "asker" else "",
        "body": message.body,
        "client_id": message.client_id,
        "created_at": timezone.localtime(message.created_at).isoformat(),
    }


def frame_for(data, viewer_role):
    """A message as a viewer may see it, in the viewer's language: askers
    never learn agents' last names, agents never see an anonymous asker's
    name."""
    role = data["role"]
    if role == "system":
        name = ""
    elif role == "agent":
        name = data["agent_name"] or _("Helpdesk")
    elif viewer_role == AGENT:
        name = data["asker_name"] or _("Anonymous")
    else:
        name = _("You")
    return {
        "type": "message",
        "stream": data["stream"],
        "seq": data["seq"],
        "kind": data["kind"],
        "author": {"role": role, "name": name},
        "body": data["body"],
        "client_id": data["client_id"],
        "created_at": data["created_at"],
    }


def message_frame(message, viewer_role):
    return frame_for(message_data(message), viewer_role)


def status_frame(conversation, viewer_role):
    from . import services

    if conversation is None:
        return {
            "type": "status",
            "status": "deleted",
            "text": _("This conversation has been deleted."),
        }
    frame = {
        "type": "status",
        "status": conversation.status,
        "position": services.queue_position(conversation),
        "agent": conversation.assigned_agent.first_name
        if conversation.assigned_agent
        else None,
    }
    frame["text"] = status_text(conversation, frame["position"])
    return frame


def status_text(conversation, position=None):
    if conversation.status == Status.CLOSED:
        return _("This conversation is closed.")
    if conversation.status == Status.ACTIVE:
        return _("%(name)s from the helpdesk is talking with you.") % {
            "name": conversation.assigned_agent.first_name
            if conversation.assigned_agent
            else ""
        }
    return waiting_text(position)


def waiting_text(position, now=None):
    now = now or availability()
    place = _("Your question is number %(position)d in line.") % {
        "position": position or 1
    }
    if now.answering_now:
        return place + " " + _("Someone will answer soon.")
    return place + " " + offline_text(now)


@functools.lru_cache(maxsize=4096)
def waiting_frame(position, open_now, agents_online, next_opening, language):
    """The status frame of a waiting question at this place in line, as
    sent: the same text for every asker there who reads this language, so
    one line move builds it once, not once for each of 2,000 sockets.
    The arguments are those of a positions hint (chat.events)."""
    now = Availability(
        open_now=open_now,
        agents_online=agents_online,
        next_opening=(
            datetime.datetime.fromisoformat(next_opening) if next_opening else None
        ),
    )
    with translation.override(language):
        frame = {
            "type": "status",
            "status": Status.WAITING,
            "position": position,
            "agent": None,
            "text": waiting_text(position, now),
        }
    return json.dumps(frame, ensure_ascii=False)


def offline_text(now):
    if now.open_now:
        when = _("Nobody from the helpdesk is online right now.")
    elif now.next_opening:
        opens = timezone.localtime(now.next_opening)
        when = _(
            "The helpdesk is closed now and opens again on %(day)s at %(time)s."
        ) % {
            "day": date_format(opens, "l j F").lower(),
            "time": f"{opens.hour}.{opens.minute:02d}",
        }
    else:
        when = _("The helpdesk is closed now.")
    return (
        when
        + " "
        + _(
            "Your question stays in line, and you get an email as soon as it "
            "has been answered. The email says nothing about your question."
        )
    )


def queue_frame(agent):
    from . import services

    waiting = services.waiting_queue()
    mine = (
        Conversation.objects.filter(assigned_agent=agent, status=Status.ACTIVE)
        .select_related("topic", "asked_by")
        .order_by("created_at")
    )
    return {
        "type": "queue",
        "waiting": [_summary(conversation) for conversation in waiting],
        "mine": [_summary(conversation) for conversation in mine],
        "colleagues": [
            colleague.first_name or colleague.email
            for colleague in services.colleagues_online(agent)
        ],
        "open_count": services.open_count(agent),
    }


def _summary(conversation):
    return {
        "id": conversation.pk,
        "asker": conversation.asker_label(),
        "topic": conversation.topic.name if conversation.topic else _("Other"),
        "since": timezone.localtime(conversation.created_at).strftime("%H:%M"),
        "waiting_minutes": int(
            (timezone.now() - conversation.created_at).total_seconds() // 60
        ),
    }
