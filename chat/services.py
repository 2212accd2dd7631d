"""Chat operations: asking, sending, claiming, transferring, closing.

Sending locks the conversation row, takes the next sequence number of the
stream, inserts the message and, after commit, hints the conversation's
group. A resend with the same client_id returns the message already stored.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.mail import send_portal_mail, site_url
from portal.privacy_guard import health_terms_warning

from . import events, limits
from .access import AGENT, ASKER, is_agent, role_in
from .frames import message_data
from .hours import availability, online_agents
from .models import AgentPresence, Conversation, Message

Status = Conversation.Status
Stream = Message.Stream


class ChatError(Exception):
    """A chat step that cannot happen; `code` for clients, message for people."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


# Asking --------------------------------------------------------------------------


def start_conversation(asker, body, topic=None, anonymous=False):
    if not limits.allow(
        "conversations", asker.pk, settings.WERKBEHOUD_CHAT_CONVERSATIONS_PER_HOUR, 3600
    ):
        raise ChatError(
            "too_many_conversations",
            _(
                "You have asked many questions in the last hour. Please continue in one of "
                "your open conversations, or try again later."
            ),
        )
    with transaction.atomic():
        conversation = Conversation.objects.create(
            asked_by=asker,
            topic=topic,
            anonymous=anonymous,
            notify_on_answer=not availability().answering_now,
        )
        _append(
            conversation, asker, body, Stream.PUBLIC, Message.Kind.TEXT, client_id=""
        )
        events.queue_changed()
    return conversation


# Sending -------------------------------------------------------------------------


def post_message(conversation_id, author, body, client_id, stream=Stream.PUBLIC):
    """Store a message once; returns (message, duplicate)."""
    body = (body or "").strip()
    if not body:
        raise ChatError("empty", _("Type a message first."))
    if len(body) > settings.WERKBEHOUD_CHAT_MAX_MESSAGE_LENGTH:
        raise ChatError(
            "too_long",
            _(
                "Your message is too long. Keep it under %(limit)d characters, or send it "
                "in parts."
            )
            % {"limit": settings.WERKBEHOUD_CHAT_MAX_MESSAGE_LENGTH},
        )
    if not client_id:
        raise ChatError("bad_frame", _("A message needs a client_id."))
    existing = Message.objects.filter(
        conversation_id=conversation_id, client_id=client_id
    ).first()
    if existing is not None:
        return existing, True
    if not limits.allow(
        "messages", author.pk, settings.WERKBEHOUD_CHAT_MESSAGES_PER_MINUTE, 60
    ):
        raise ChatError(
            "rate_limited",
            _(
                "You are sending messages very fast. Wait a moment, "
                "then send again; nothing you typed is lost."
            ),
        )
    try:
        with transaction.atomic():
            conversation = (
                Conversation.objects.select_for_update(of=("self",))
                .select_related("asked_by")
                .get(pk=conversation_id)
            )
            role = role_in(author, conversation)
            if role is None:
                raise ChatError(
                    "forbidden", _("You cannot write in this conversation.")
                )
            if conversation.status == Status.CLOSED:
                raise ChatError(
                    "closed",
                    _(
                        "This conversation is closed. Start a new one if "
                        "you have another question."
                    ),
                )
            if stream == Stream.STAFF and role != AGENT:
                raise ChatError(
                    "forbidden", _("Only the helpdesk can write private notes.")
                )
            if role == AGENT and conversation.assigned_agent_id != author.pk:
                raise ChatError(
                    "not_claimed", _("Take on this question before you answer it.")
                )
            kind = Message.Kind.NOTE if stream == Stream.STAFF else Message.Kind.TEXT
            message = _append(conversation, author, body, stream, kind, client_id)
            if (
                role == AGENT
                and stream == Stream.PUBLIC
                and not conversation.first_answered_at
            ):
                conversation.first_answered_at = message.created_at
                conversation.save(update_fields=["first_answered_at"])
                if conversation.notify_on_answer:
                    _mail_answered(conversation)
    except IntegrityError:
        # The same client_id raced in from another connection: that one won.
        return Message.objects.get(
            conversation_id=conversation_id, client_id=client_id
        ), True
    return message, False


def _append(conversation, author, body, stream, kind, client_id):
    """Take the next seq of the stream on the locked row and insert."""
    field = "last_staff_seq" if stream == Stream.STAFF else "last_public_seq"
    seq = getattr(conversation, field) + 1
    setattr(conversation, field, seq)
    conversation.save(update_fields=[field])
    message = Message.objects.create(
        conversation=conversation,
        stream=stream,
        seq=seq,
        kind=kind,
        author=author,
        body=body,
        client_id=client_id,
    )
    events.new_message(conversation.pk, message_data(message))
    return message


def _system(conversation, text):
    return _append(conversation, None, text, Stream.PUBLIC, Message.Kind.SYSTEM, "")


def privacy_warning(role, body):
    """Askers are reminded, not blocked, when they name a condition."""
    if role != ASKER or not health_terms_warning(body):
        return None
    return _(
        "Tip: the helpdesk does not need names or diagnoses. Describing what you "
        "see at work is enough."
    )


def messages_after(conversation_id, stream, after, limit=200):
    return list(
        Message.objects.filter(
            conversation_id=conversation_id, stream=stream, seq__gt=after
        )
        .select_related("author", "conversation__asked_by")
        .order_by("seq")[:limit]
    )


def latest_seqs(conversation_id):
    """The highest seq per stream, or None when the conversation is gone."""
    conversation = (
        Conversation.objects.only("last_public_seq", "last_staff_seq")
        .filter(pk=conversation_id)
        .first()
    )
    if conversation is None:
        return None
    return {
        Stream.PUBLIC: conversation.last_public_seq,
        Stream.STAFF: conversation.last_staff_seq,
    }


# The helpdesk side ---------------------------------------------------------------


def open_count(agent):
    return Conversation.objects.filter(
        assigned_agent=agent, status=Status.ACTIVE
    ).count()


def _check_capacity(agent):
    cap = settings.WERKBEHOUD_CHAT_MAX_OPEN_PER_AGENT
    if open_count(agent) >= cap:
        raise ChatError(
            "full",
            _(
                "You already have %(count)d open conversations. Close one "
                "before you take on another."
            )
            % {"count": cap},
        )


def claim(conversation_id, agent):
    """Take on one waiting question. SKIP LOCKED: if a colleague is claiming
    it at this moment, this claim simply does not find it."""
    with transaction.atomic():
        _check_capacity(agent)
        conversation = (
            Conversation.objects.select_for_update(skip_locked=True)
            .filter(pk=conversation_id, status=Status.WAITING)
            .first()
        )
        if conversation is None:
            raise ChatError(
                "taken", _("A colleague has already taken on this question.")
            )
        return _assign(conversation, agent)


def claim_next(agent):
    """Take on the question that has waited longest."""
    with transaction.atomic():
        _check_capacity(agent)
        conversation = (
            Conversation.objects.select_for_update(skip_locked=True)
            .filter(status=Status.WAITING)
            .order_by("created_at", "pk")
            .first()
        )
        if conversation is None:
            raise ChatError("empty_queue", _("No questions are waiting."))
        return _assign(conversation, agent)


def _assign(conversation, agent):
    conversation.status = Status.ACTIVE
    conversation.assigned_agent = agent
    conversation.save(update_fields=["status", "assigned_agent"])
    _system(
        conversation,
        _("%(name)s from the helpdesk is helping you now.")
        % {"name": agent.first_name or agent.get_full_name()},
    )
    events.status_changed(conversation.pk)
    events.line_moved()
    return conversation


def transfer(conversation_id, agent, colleague):
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(pk=conversation_id)
        if (
            conversation.assigned_agent_id != agent.pk
            or conversation.status != Status.ACTIVE
        ):
            raise ChatError(
                "forbidden",
                _("Only the colleague who has this conversation can hand it over."),
            )
        if colleague.pk == agent.pk or not is_agent(colleague):
            raise ChatError(
                "bad_colleague", _("Choose another colleague from the helpdesk.")
            )
        _check_capacity(colleague)
        conversation.assigned_agent = colleague
        conversation.save(update_fields=["assigned_agent"])
        _system(
            conversation,
            _("%(name)s from the helpdesk takes over the conversation.")
            % {"name": colleague.first_name or colleague.get_full_name()},
        )
        events.status_changed(conversation.pk)
    return conversation


def close(conversation_id, user, summary=""):
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(pk=conversation_id)
        role = role_in(user, conversation)
        if role is None or (
            role == AGENT and conversation.assigned_agent_id != user.pk
        ):
            raise ChatError("forbidden", _("You cannot close this conversation."))
        if conversation.status == Status.CLOSED:
            return conversation
        if conversation.status == Status.WAITING:
            events.line_moved()
        conversation.status = Status.CLOSED
        conversation.closed_at = timezone.now()
        if role == AGENT:
            conversation.summary = summary
        conversation.save(update_fields=["status", "closed_at", "summary"])
        _system(conversation, _("The conversation has been closed."))
        events.status_changed(conversation.pk)
    return conversation


def rate(conversation, asker, rating):
    if conversation.asked_by_id != asker.pk or conversation.status != Status.CLOSED:
        raise ChatError(
            "forbidden", _("You can rate a conversation once it is closed.")
        )
    conversation.rating = rating
    conversation.save(update_fields=["rating"])


def delete_conversation(conversation):
    conversation_id = conversation.pk
    with transaction.atomic():
        if conversation.status == Status.WAITING:
            events.line_moved()
        conversation.delete()
        events.status_changed(conversation_id)


def touch_presence(agent):
    AgentPresence.objects.update_or_create(
        agent=agent, defaults={"last_seen": timezone.now()}
    )


# Views of the queue --------------------------------------------------------------


def queue_position(conversation):
    if conversation.status != Status.WAITING:
        return None
    return (
        Conversation.objects.filter(
            status=Status.WAITING, created_at__lte=conversation.created_at
        )
        .exclude(created_at=conversation.created_at, pk__gt=conversation.pk)
        .count()
    )


def waiting_queue():
    return list(
        Conversation.objects.filter(status=Status.WAITING)
        .select_related("topic", "asked_by")
        .order_by("created_at", "pk")
    )


def colleagues_online(agent):
    return [
        presence.agent for presence in online_agents() if presence.agent_id != agent.pk
    ]


def _mail_answered(conversation):
    asker = conversation.asked_by
    if asker is None:
        return
    send_portal_mail(
        [asker.email],
        _("The helpdesk has answered your question"),
        "chat/email/answered.txt",
        {
            "asker": asker,
            "link": site_url(reverse("chat:conversation", args=[conversation.pk])),
        },
    )
