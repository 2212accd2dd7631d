"""Hints reach only those who need them, carry what they need, and a socket
cannot be flooded: the behaviour behind the chat's speed (bench/chat.py
measures the speed itself)."""

import asyncio

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings

from chat import services
from chat.frames import waiting_frame
from chat.models import Conversation
from portal.gate import CLOSE_NOT_FOUND
from tests.chat.client import frames, open_socket, session_cookie
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@sync_to_async
def ask(user, body="Vraag"):
    return services.start_conversation(user, body)


@sync_to_async
def claim(conversation, agent):
    return services.claim(conversation.pk, agent)


@sync_to_async
def another_asker(people):
    user = UserFactory()
    organisation = people["asker"].memberships.first().organisation
    MembershipFactory(user=user, organisation=organisation, role="supervisor")
    return user


async def watch(user, conversation, language=None):
    cookie = await session_cookie(user)
    if language:
        name = settings.LANGUAGE_COOKIE_NAME
        cookie = (b"cookie", cookie[1] + f"; {name}={language}".encode())
    socket, connected, _ = await open_socket(f"/ws/chat/{conversation.pk}/", cookie)
    assert connected
    first = await frames(socket, until="status")
    await socket.send_json_to({"type": "hello", "after": {"public": 0, "staff": 0}})
    await frames(socket, until="synced")
    return socket, first


def statuses(received):
    return [f for f in received if f["type"] == "status"]


async def test_the_line_moving_tells_each_waiting_asker_their_new_place(people):
    first = await ask(people["asker"])
    second_asker = await another_asker(people)
    second = await ask(second_asker)
    socket, opened = await watch(second_asker, second)
    assert statuses(opened)[0]["position"] == 2
    await claim(first, people["agent"])
    [status] = statuses(await frames(socket, until="status"))
    assert (status["status"], status["position"]) == ("waiting", 1)
    assert "nummer 1" in status["text"]
    await socket.disconnect()


async def test_the_line_moving_speaks_each_askers_language_built_once_per_place(
    people,
):
    first = await ask(people["asker"])
    second_asker = await another_asker(people)
    second = await ask(second_asker)
    third_asker = await another_asker(people)
    third = await ask(third_asker)
    english, _ = await watch(second_asker, second, language="en")
    # The third asker has the chat open in two tabs.
    tabs = [(await watch(third_asker, third))[0] for _tab in range(2)]
    waiting_frame.cache_clear()
    await claim(first, people["agent"])
    [status] = statuses(await frames(english, until="status"))
    assert status["position"] == 1
    assert status["text"].startswith("Your question is number 1 in line.")
    for tab in tabs:
        [status] = statuses(await frames(tab, until="status"))
        assert status["position"] == 2
        assert status["text"].startswith("Je vraag is nummer 2")
    # Built once for each place and language: the second tab reuses it.
    assert (waiting_frame.cache_info().misses, waiting_frame.cache_info().hits) == (
        2,
        1,
    )
    for socket in (english, *tabs):
        await socket.disconnect()


async def test_a_new_question_at_the_end_of_the_line_wakes_nobody(people):
    first = await ask(people["asker"])
    socket, _ = await watch(people["asker"], first)
    await ask(await another_asker(people))
    assert await socket.receive_nothing(timeout=0.5)
    await socket.disconnect()


async def test_an_active_conversation_is_not_woken_by_the_queue(people):
    active = await ask(people["asker"])
    await claim(active, people["agent"])
    socket, _ = await watch(people["asker"], active)
    waiting = await ask(await another_asker(people))
    await claim(waiting, people["colleague"])
    assert await socket.receive_nothing(timeout=0.5)
    await socket.disconnect()


async def test_a_new_message_is_shown_from_its_hint_without_a_query(
    people, monkeypatch
):
    conversation = await ask(people["asker"])
    await claim(conversation, people["agent"])
    asker, _ = await watch(people["asker"], conversation)
    agent, _ = await watch(people["agent"], conversation)
    reads = []
    real = services.messages_after

    def counted(*args, **kwargs):
        reads.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "messages_after", counted)
    await agent.send_json_to(
        {"type": "send", "client_id": "a-1", "body": "Hallo\nTweede regel"}
    )
    shown = [f for f in await frames(asker, until="message") if f["type"] == "message"]
    assert shown[0]["body"] == "Hallo\nTweede regel"
    assert shown[0]["author"] == {"role": "agent", "name": "Noor"}
    assert reads == []
    await asker.disconnect()
    await agent.disconnect()


async def test_a_hint_out_of_sequence_makes_the_consumer_read_the_gap(
    people, monkeypatch
):
    from portal import realtime

    conversation = await ask(people["asker"])
    await claim(conversation, people["agent"])
    asker, _ = await watch(people["asker"], conversation)
    real_send = realtime._send
    dropped = []

    def lose_one(group, event):
        if event["type"] == "chat.message" and not dropped:
            dropped.append(event)
            return
        real_send(group, event)

    monkeypatch.setattr(realtime, "_send", lose_one)
    await sync_to_async(services.post_message)(
        conversation.pk, people["agent"], "een", "c-1"
    )
    await sync_to_async(services.post_message)(
        conversation.pk, people["agent"], "twee", "c-2"
    )
    shown = [f for f in await frames(asker, until="message") if f["type"] == "message"]
    assert [(f["seq"], f["body"]) for f in shown] == [(3, "een"), (4, "twee")]
    await asker.disconnect()


async def test_pings_and_typing_cannot_flood_a_socket(people):
    conversation = await ask(people["asker"])
    await claim(conversation, people["agent"])
    asker, _ = await watch(people["asker"], conversation)
    agent, _ = await watch(people["agent"], conversation)
    for _ in range(20):
        await asker.send_json_to({"type": "ping"})
        await asker.send_json_to({"type": "typing", "active": True})
    received = await frames(asker, quiet=0.3)
    assert [f["type"] for f in received] == ["pong"]
    typing = [f for f in await frames(agent, quiet=0.3) if f["type"] == "typing"]
    assert len(typing) == 1
    await asker.disconnect()
    await agent.disconnect()


async def test_a_conversation_deleted_while_its_hint_was_lost(people, monkeypatch):
    from portal import realtime

    conversation = await ask(people["asker"])
    asker, _ = await watch(people["asker"], conversation)
    monkeypatch.setattr(realtime, "_send", lambda group, event: None)
    await sync_to_async(services.delete_conversation)(
        await sync_to_async(Conversation.objects.get)(pk=conversation.pk)
    )
    await asker.send_json_to({"type": "ping"})
    status = await asker.receive_json_from(timeout=5)
    assert (status["type"], status["status"]) == ("status", "deleted")
    output = await asker.receive_output(timeout=2)
    assert (output["type"], output["code"]) == ("websocket.close", CLOSE_NOT_FOUND)


async def test_server_frames_speak_the_chosen_language(people):
    conversation = await ask(people["asker"])
    socket, opened = await watch(people["asker"], conversation, language="en")
    assert "Your question is number 1" in statuses(opened)[0]["text"]
    await socket.send_json_to({"type": "send", "client_id": "x", "body": ""})
    [error] = [f for f in await frames(socket, until="error") if f["type"] == "error"]
    assert error["message"] == "Type a message first."
    await socket.disconnect()
    await asyncio.sleep(0)


async def test_no_frame_or_hint_waits_for_channels_database_thread(people, monkeypatch):
    """Channels' own dispatch hops to its single database thread before
    every frame and hint; with 2,000 sockets one hint queued 2,000 hops
    there. The gate's dispatch does without: ORM work has its own pool."""
    import channels.consumer

    hops = []

    async def counted():
        hops.append(1)

    monkeypatch.setattr(channels.consumer, "aclose_old_connections", counted)
    conversation = await ask(people["asker"])
    await claim(conversation, people["agent"])
    asker, _ = await watch(people["asker"], conversation)
    agent, _ = await watch(people["agent"], conversation)
    await asker.send_json_to({"type": "send", "client_id": "h-1", "body": "Hoi"})
    assert (await frames(agent, until="message"))[-1]["body"] == "Hoi"
    await asker.send_json_to({"type": "ping"})
    await frames(asker, until="pong")
    assert hops == []
    await asker.disconnect()
    await agent.disconnect()


async def test_a_wave_of_heartbeats_is_one_query_at_a_time():
    """Pings that arrive together are answered from one look-up, not one
    thread hop and query per socket; each still gets its own answer."""
    from chat.consumers import Coalesced

    calls = []

    def fetch_many(keys):
        calls.append(sorted(keys))
        return {key: key * 10 for key in keys if key != 13}

    latest = Coalesced(fetch_many)
    answers = await asyncio.gather(*(latest.get(key) for key in range(1, 51)))
    assert answers == [None if key == 13 else key * 10 for key in range(1, 51)]
    # The first asks alone; the rest, arriving while it runs, go together.
    assert len(calls) <= 2
    assert sorted(key for call in calls for key in call) == list(range(1, 51))
    # A failing look-up reaches every waiter, and the next one works again.
    failing = Coalesced(lambda keys: 1 / 0)
    results = await asyncio.gather(
        failing.get(1), failing.get(2), return_exceptions=True
    )
    assert all(isinstance(result, ZeroDivisionError) for result in results)
    assert await latest.get(7) == 70


def test_latest_seqs_leaves_out_what_is_gone(people):
    conversation = services.start_conversation(people["asker"], "Vraag")
    services.claim(conversation.pk, people["agent"])
    gone = services.start_conversation(people["asker"], "Weg")
    services.delete_conversation(gone)
    assert services.latest_seqs([conversation.pk, gone.pk]) == {
        conversation.pk: {"public": 2, "staff": 0}
    }
