"""No message is lost or shown twice: both sides send while their sockets
drop and come back, and a third of all channel-layer hints are thrown away.
At the end each side holds exactly 1..N of its streams, in order."""

import random

import pytest
from asgiref.sync import sync_to_async

from chat import services
from chat.models import Conversation, Message
from portal import realtime
from tests.chat.client import ProtocolClient, session_cookie

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 40


@sync_to_async
def stored_bodies(conversation_id, stream):
    return list(
        Message.objects.filter(conversation_id=conversation_id, stream=stream)
        .order_by("seq")
        .values_list("seq", "body")
    )


@sync_to_async
def last_seqs(conversation_id):
    conversation = Conversation.objects.get(pk=conversation_id)
    return conversation.last_public_seq, conversation.last_staff_seq


@pytest.mark.parametrize("seed", [7, 2026])
async def test_each_side_ends_with_exactly_one_to_n(
    people, settings, monkeypatch, seed
):
    settings.WERKBEHOUD_CHAT_MESSAGES_PER_MINUTE = 10_000
    chance = random.Random(seed)
    real_send = realtime._send

    def lossy_send(group, event):
        if group.startswith("chat.") and chance.random() < 0.33:
            return
        real_send(group, event)

    monkeypatch.setattr(realtime, "_send", lossy_send)

    conversation = await sync_to_async(services.start_conversation)(
        people["asker"], "Vraag"
    )
    await sync_to_async(services.claim)(conversation.pk, people["agent"])
    asker = ProtocolClient(await session_cookie(people["asker"]), conversation.pk)
    agent = ProtocolClient(
        await session_cookie(people["agent"]),
        conversation.pk,
        streams=("public", "staff"),
    )
    await asker.connect()
    await agent.connect()

    public_sent, notes_sent = [], []
    for number in range(ROUNDS):
        for client, name in ((asker, "asker"), (agent, "agent")):
            roll = chance.random()
            if client.socket and roll < 0.15:
                await client.drop()
            elif client.socket is None and roll < 0.6:
                await client.connect()
            body = f"{name} {number}"
            await client.send(body)
            public_sent.append(body)
            if client.socket and chance.random() < 0.15:
                # Gone before the ack could come back: the resend on the next
                # connect must not store the message a second time.
                await client.drop()
            if client is agent and chance.random() < 0.25:
                note = f"note {number}"
                await agent.send(note, stream="staff")
                notes_sent.append(note)
        await asker.pump()
        await agent.pump()

    for client in (asker, agent):
        if client.socket is None:
            await client.connect()
    for _attempt in range(4):
        await asker.sync()
        await agent.sync()

    last_public, last_staff = await last_seqs(conversation.pk)
    assert not asker.outbox and not agent.outbox, "every message was acknowledged"
    assert asker.shown["public"] == list(range(1, last_public + 1))
    assert agent.shown["public"] == list(range(1, last_public + 1))
    assert agent.shown["staff"] == list(range(1, last_staff + 1))

    public = [body for _seq, body in await stored_bodies(conversation.pk, "public")]
    typed = [body for body in public if body.startswith(("asker ", "agent "))]
    assert sorted(typed) == sorted(public_sent), "each message stored exactly once"
    notes = [body for _seq, body in await stored_bodies(conversation.pk, "staff")]
    assert sorted(notes) == sorted(notes_sent)
    assert not [e for e in asker.errors + agent.errors if e["code"] != "rate_limited"]
    await asker.drop()
    await agent.drop()
