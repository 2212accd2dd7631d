"""Chat operations: asking, sending, claiming, transferring, closing.

Sending locks the conversation row, takes the next sequence number of the
stream, inserts the message and, after commit, hints the conversation's
group. A resend with the same client_id returns the message already stored.
On PostgreSQL the usual message is a single statement (_append_at_once);
everything else takes the step by step way with the same outcome.
"""

import functools
from contextlib import nullcontext

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.mail import send_portal_mail, site_url
from portal.privacy_guard import health_terms_warning

from . import events, limits
from .access import AGENT, ASKER, can_ask, is_agent, role_in
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
    allowed = limits.allow(
        "messages", author.pk, settings.WERKBEHOUD_CHAT_MESSAGES_PER_MINUTE, 60
    )
    if allowed:
        message = _append_at_once(conversation_id, author, body, client_id, stream)
        if message is not None:
            return message, False
    # The step by step way: it says why a message cannot be stored, and
    # stores what the single statement leaves to it (the first answer).
    existing = Message.objects.filter(
        conversation_id=conversation_id, client_id=client_id
    ).first()
    if existing is not None:
        return existing, True
    if not allowed:
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
            kind = _kind_of(stream)
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


def _counter_of(stream):
    """The conversation's field that holds the stream's last seq."""
    return "last_staff_seq" if stream == Stream.STAFF else "last_public_seq"


def _kind_of(stream):
    return Message.Kind.NOTE if stream == Stream.STAFF else Message.Kind.TEXT


def _append(conversation, author, body, stream, kind, client_id):
    """Take the next seq of the stream on the locked row and insert."""
    field = _counter_of(stream)
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


@functools.cache
def _append_sql(field):
    """_append_at_once's statement for the stream whose counter is `field`."""
    conversations = Conversation._meta.db_table
    messages = Message._meta.db_table
    return f"""
        WITH bumped AS (
            UPDATE {conversations} SET {field} = {field} + 1
            WHERE id = %(conversation)s AND status <> %(closed)s
              AND (
                (asked_by_id = %(author)s AND %(asker_may)s)
                OR (
                  asked_by_id IS DISTINCT FROM %(author)s AND %(agent_may)s
                  AND assigned_agent_id = %(author)s
                  AND (%(stream)s = %(staff)s OR first_answered_at IS NOT NULL)
                )
              )
              AND NOT EXISTS (
                SELECT 1 FROM {messages}
                WHERE conversation_id = %(conversation)s
                  AND client_id = %(client_id)s
              )
            RETURNING {field} AS seq, asked_by_id, anonymous
        ), stored AS (
            INSERT INTO {messages}
                (conversation_id, stream, seq, kind, author_id, body, client_id,
                 created_at)
            SELECT %(conversation)s, %(stream)s, seq, %(kind)s, %(author)s,
                   %(body)s, %(client_id)s, %(created_at)s
            FROM bumped
            RETURNING id, seq
        )
        SELECT stored.id, stored.seq, bumped.asked_by_id, bumped.anonymous
        FROM stored, bumped
    """


def _append_at_once(conversation_id, author, body, client_id, stream):
    """The usual message in one SQL statement on PostgreSQL: take the next
    seq under the row lock, insert, return what the hint needs. None when
    this is not the usual case (a resend, a closed conversation, no right to
    write, the first answer, another database): post_message then takes the
    step by step way, which knows why.

    The conditions are role_in's, read on the locked row; the author's
    roles are those the caller holds (cached on the user, as role_in uses).
    """
    if connection.vendor != "postgresql":
        return None
    asker_may = can_ask(author) and stream == Stream.PUBLIC
    agent_may = is_agent(author)
    if not (asker_may or agent_may):
        return None
    field = _counter_of(stream)
    kind = _kind_of(stream)
    created_at = timezone.now()
    params = {
        "conversation": conversation_id,
        "closed": Status.CLOSED,
        "author": author.pk,
        "asker_may": asker_may,
        "agent_may": agent_may,
        "stream": stream,
        "staff": Stream.STAFF,
        "client_id": client_id,
        "kind": kind,
        "body": body,
        "created_at": created_at,
    }
    try:
        # A savepoint only inside a transaction; on its own the statement
        # is atomic and costs no BEGIN and COMMIT.
        savepoint = transaction.atomic() if connection.in_atomic_block else None
        with savepoint or nullcontext(), connection.cursor() as cursor:
            cursor.execute(_append_sql(field), params)
            row = cursor.fetchone()
    except IntegrityError:
        return None  # the same client_id raced in from another connection
    if row is None:
        return None
    message_id, seq, asked_by_id, anonymous = row
    conversation = Conversation(
        pk=conversation_id, asked_by_id=asked_by_id, anonymous=anonymous
    )
    if asked_by_id == author.pk:
        conversation.asked_by = author
    message = Message(
        pk=message_id,
        conversation=conversation,
        stream=stream,
        seq=seq,
        kind=kind,
        author=author,
        body=body,
        client_id=client_id,
        created_at=created_at,
    )
    message._state.adding = False
    events.new_message(conversation_id, message_data(message))
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


def latest_seqs(conversation_ids):
    """The highest seq per stream of each conversation that still exists:
    {id: {"public": n, "staff": m}}; a deleted one is missing."""
    rows = Conversation.objects.filter(pk__in=conversation_ids).values_list(
        "pk", "last_public_seq", "last_staff_seq"
    )
    return {
        pk: {Stream.PUBLIC: public, Stream.STAFF: staff} for pk, public, staff in rows
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
