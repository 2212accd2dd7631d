"""The chat consumers through the project's ASGI stack: every frame type and
every rejection."""

import pytest
from asgiref.sync import sync_to_async

from chat import services
from chat.consumers import CLOSE_FORBIDDEN, CLOSE_NOT_FOUND, CLOSE_NOT_LOGGED_IN
from chat.models import Conversation, Message
from tests.chat.client import close_code_of, frames, open_socket, session_cookie

pytestmark = pytest.mark.django_db(transaction=True)


@sync_to_async
def ask(user, body="Hoe begin ik het gesprek over vaak kort verzuim?", **kwargs):
    return services.start_conversation(user, body, **kwargs)


@sync_to_async
def claim(conversation, agent):
    return services.claim(conversation.pk, agent)


@sync_to_async
def stored(conversation):
    return list(
        Message.objects.filter(conversation=conversation)
        .order_by("stream", "seq")
        .values_list("stream", "seq", "body")
    )


async def joined(user, conversation, after=0):
    """Connect, say hello, and return the socket and what came back."""
    cookie = await session_cookie(user)
    socket, connected, code = await open_socket(f"/ws/chat/{conversation.pk}/", cookie)
    assert connected, code
    received = await frames(socket, until="status")
    streams = {"public": after, "staff": after}
    await socket.send_json_to({"type": "hello", "after": streams})
    return socket, received + await frames(socket, until="synced")


def of_type(received, kind):
    return [frame for frame in received if frame["type"] == kind]


async def test_an_authenticated_websocket_connects_through_the_asgi_stack(people):
    conversation = await ask(people["asker"])
    socket, received = await joined(people["asker"], conversation)
    status = of_type(received, "status")[0]
    assert status["status"] == "waiting" and status["position"] == 1
    assert [m["seq"] for m in of_type(received, "message")] == [1]
    assert of_type(received, "synced")[0]["latest"] == {"public": 1}
    await socket.disconnect()


async def test_hello_replays_only_what_comes_after(people):
    conversation = await ask(people["asker"])
    await claim(conversation, people["agent"])
    socket, received = await joined(people["asker"], conversation, after=1)
    assert [m["seq"] for m in of_type(received, "message")] == [2]
    assert of_type(received, "message")[0]["kind"] == "system"
    await socket.disconnect()


async def test_send_is_acked_and_reaches_both_sides(people):
    conversation = await ask(people["asker"])
    await claim(conversation, people["agent"])
    asker, _ = await joined(people["asker"], conversation)
    agent, received = await joined(people["agent"], conversation)
    assert of_type(received, "message")[0]["author"]["name"] == "Sandra Bakker"
    await asker.send_json_to({"type": "send", "client_id": "a-1", "body": "Hallo"})
    asker_frames = await frames(asker, until="message")
    assert of_type(asker_frames, "ack")[0] == {
        "type": "ack",
        "client_id": "a-1",
        "stream": "public",
        "seq": 3,
        "duplicate": False,
        "warning": None,
    }
    assert of_type(asker_frames, "message")[0]["seq"] == 3
    agent_frames = await frames(agent, until="message")
    message = of_type(agent_frames, "message")[0]
    assert (message["seq"], message["body"], message["author"]["role"]) == (
        3,
        "Hallo",
        "asker",
    )
    await agent.send_json_to(
        {"type": "send", "client_id": "b-1", "body": "Goed dat je belt"}
    )
    assert of_type(await frames(asker, until="message"), "message")[0]["author"] == {
        "role": "agent",
        "name": "Noor",
    }
    await asker.disconnect()
    await agent.disconnect()


async def test_a_resend_with_the_same_client_id_is_stored_once(people):
    conversation = await ask(people["asker"])
    socket, _ = await joined(people["asker"], conversation)
    for _attempt in range(3):
        await socket.send_json_to(
            {"type": "send", "client_id": "same", "body": "Eén keer"}
        )
    acks = of_type(await frames(socket, until="ack", quiet=0.5), "ack")
    assert [(ack["seq"], ack["duplicate"]) for ack in acks] == [
        (2, False),
        (2, True),
        (2, True),
    ]
    assert len([row for row in await stored(conversation) if row[2] == "Eén keer"]) == 1
    await socket.disconnect()


async def test_private_notes_never_reach_the_asker(people):
    conversation = await ask(people["asker"])
    await claim(conversation, people["agent"])
    asker, _ = await joined(people["asker"], conversation)
    agent, _ = await joined(people["agent"], conversation)
    await agent.send_json_to(
        {
            "type": "send",
            "client_id": "n-1",
            "body": "Notitie voor Ruben",
            "stream": "staff",
        }
    )
    agent_frames = await frames(agent, until="message")
    assert of_type(agent_frames, "ack")[0]["stream"] == "staff"
    assert of_type(agent_frames, "message")[0]["kind"] == "note"
    assert of_type(await frames(asker), "message") == []
    await asker.send_json_to({"type": "resume", "after": {"public": 0}})
    replay = await frames(asker, until="synced")
    assert all("Notitie" not in m["body"] for m in of_type(replay, "message"))
    await asker.send_json_to(
        {"type": "send", "client_id": "x", "body": "hoi", "stream": "staff"}
    )
    error = of_type(await frames(asker, until="error"), "error")[0]
    assert error["code"] == "forbidden"
    await asker.disconnect()
    await agent.disconnect()


@pytest.mark.parametrize(
    "raw,code",
    [
        ("geen json", "bad_frame"),
        ("[1, 2]", "bad_frame"),
        ('{"type": 5}', "bad_frame"),
        ('{"type": "dance"}', "unknown_frame"),
        ('{"type": "send", "body": "zonder id"}', "bad_frame"),
        ('{"type": "send", "client_id": "c", "body": "   "}', "empty"),
        ('{"type": "hello", "after": {"public": -1}}', "bad_frame"),
        ('{"type": "resume", "after": "alles"}', "bad_frame"),
    ],
)
async def test_a_bad_frame_gets_an_error_and_the_socket_stays_usable(people, raw, code):
    conversation = await ask(people["asker"])
    socket, _ = await joined(people["asker"], conversation)
    await socket.send_to(text_data=raw)
    error = of_type(await frames(socket, until="error"), "error")[0]
    assert error["code"] == code and error["message"]
    await socket.send_json_to({"type": "ping"})
    assert of_type(await frames(socket, until="pong"), "pong")[0]["latest"] == {
        "public": 1
    }
    await socket.disconnect()


async def test_a_too_long_message_is_refused(people, settings):
    conversation = await ask(people["asker"])
    socket, _ = await joined(people["asker"], conversation)
    await socket.send_json_to(
        {
            "type": "send",
            "client_id": "long",
            "body": "x" * (settings.WERKBEHOUD_CHAT_MAX_MESSAGE_LENGTH + 1),
        }
    )
    error = of_type(await frames(socket, until="error"), "error")[0]
    assert error["code"] == "too_long" and error["client_id"] == "long"
    assert len(await stored(conversation)) == 1
    await socket.disconnect()


async def test_too_many_messages_a_minute_are_refused(people, settings):
    settings.WERKBEHOUD_CHAT_MESSAGES_PER_MINUTE = 3
    conversation = await ask(people["asker"])
    socket, _ = await joined(people["asker"], conversation)
    for number in range(4):
        await socket.send_json_to(
            {"type": "send", "client_id": f"r{number}", "body": "snel"}
        )
    received = await frames(socket, until="error", quiet=0.5)
    assert len(of_type(received, "ack")) == 3
    assert of_type(received, "error")[0]["code"] == "rate_limited"
    await socket.disconnect()


async def test_an_asker_naming_a_diagnosis_gets_a_tip_not_a_block(people):
    conversation = await ask(people["asker"])
    socket, _ = await joined(people["asker"], conversation)
    await socket.send_json_to(
        {"type": "send", "client_id": "d", "body": "Hij heeft ADHD"}
    )
    ack = of_type(await frames(socket, until="ack"), "ack")[0]
    assert ack["seq"] == 2 and "geen namen of diagnoses" in ack["warning"]
    await socket.disconnect()


async def test_typing_reaches_the_other_side_only(people):
    conversation = await ask(people["asker"])
    await claim(conversation, people["agent"])
    asker, _ = await joined(people["asker"], conversation)
    agent, _ = await joined(people["agent"], conversation)
    await asker.send_json_to({"type": "typing", "active": True})
    assert of_type(await frames(agent, until="typing"), "typing") == [
        {"type": "typing", "role": "asker", "active": True}
    ]
    assert of_type(await frames(asker), "typing") == []
    await asker.disconnect()
    await agent.disconnect()


async def test_status_follows_claim_and_close(people):
    conversation = await ask(people["asker"])
    asker, _ = await joined(people["asker"], conversation)
    await claim(conversation, people["agent"])
    status = of_type(await frames(asker, until="status"), "status")[-1]
    assert (status["status"], status["agent"]) == ("active", "Noor")
    await sync_to_async(services.close)(
        conversation.pk, people["agent"], "Advies gegeven"
    )
    received = await frames(asker, until="status")
    assert of_type(received, "status")[-1]["status"] == "closed"
    await asker.send_json_to({"type": "send", "client_id": "late", "body": "Nog iets"})
    assert of_type(await frames(asker, until="error"), "error")[0]["code"] == "closed"
    await asker.disconnect()


async def test_an_agent_must_take_on_a_question_before_answering(people):
    conversation = await ask(people["asker"])
    agent, _ = await joined(people["agent"], conversation)
    await agent.send_json_to({"type": "send", "client_id": "early", "body": "Hallo"})
    assert (
        of_type(await frames(agent, until="error"), "error")[0]["code"] == "not_claimed"
    )
    await agent.disconnect()


async def test_a_watching_agent_is_let_go_when_a_colleague_claims(people):
    conversation = await ask(people["asker"])
    watcher, _ = await joined(people["colleague"], conversation)
    await claim(conversation, people["agent"])
    output = {}
    while output.get("type") != "websocket.close":
        output = await watcher.receive_output(timeout=5)
    assert output["code"] == CLOSE_FORBIDDEN


async def test_refusals_are_accepted_then_closed_with_our_code(people):
    """The documented close codes reach the client: a handshake refused
    with HTTP 403 would reach a browser as a bare 1006."""
    conversation = await ask(people["asker"])
    path = f"/ws/chat/{conversation.pk}/"
    assert await close_code_of(path) == CLOSE_NOT_LOGGED_IN
    for who in ("other_asker", "editor"):
        cookie = await session_cookie(people[who])
        assert await close_code_of(path, cookie) == CLOSE_FORBIDDEN, who
    await claim(conversation, people["agent"])
    cookie = await session_cookie(people["colleague"])
    assert await close_code_of(path, cookie) == CLOSE_FORBIDDEN
    asker = await session_cookie(people["asker"])
    assert await close_code_of("/ws/chat/queue/", asker) == CLOSE_FORBIDDEN
    assert await close_code_of("/ws/chat/999999/", asker) == CLOSE_NOT_FOUND
    assert await close_code_of("/ws/elders/", asker) == CLOSE_NOT_FOUND


async def test_the_queue_socket_shows_questions_live_and_records_presence(people):
    cookie = await session_cookie(people["agent"])
    queue, connected, _code = await open_socket("/ws/chat/queue/", cookie)
    assert connected
    first = of_type(await frames(queue, until="queue"), "queue")[-1]
    assert first["waiting"] == []
    await ask(people["asker"], anonymous=True)
    update = of_type(await frames(queue, until="queue"), "queue")[-1]
    assert [item["asker"] for item in update["waiting"]] == ["Anoniem"]
    await queue.send_json_to({"type": "ping"})
    assert of_type(await frames(queue, until="pong"), "pong")
    from chat.hours import online_agents

    assert await sync_to_async(lambda: [p.agent_id for p in online_agents()])() == [
        people["agent"].pk
    ]
    await queue.disconnect()


async def test_anonymous_askers_stay_anonymous_to_staff(people):
    conversation = await ask(people["asker"], anonymous=True)
    agent, received = await joined(people["agent"], conversation)
    assert of_type(received, "message")[0]["author"]["name"] == "Anoniem"
    await agent.disconnect()
    assert (
        await sync_to_async(lambda: Conversation.objects.get().asker_label())()
        == "Anoniem"
    )
