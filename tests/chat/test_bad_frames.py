"""Bad frames keep the socket: NUL characters, lone surrogates, deep nesting
and oversized frames get an error frame (with the client_id, so the client
drops that message from its outbox), never a dropped socket or a traceback."""

import json
import logging

import pytest
from asgiref.sync import sync_to_async

from chat import services
from chat.models import Message
from tests.chat.client import frames, open_socket, session_cookie

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
async def socket(people):
    conversation = await sync_to_async(services.start_conversation)(
        people["asker"], "Vraag"
    )
    communicator, connected, _ = await open_socket(
        f"/ws/chat/{conversation.pk}/", await session_cookie(people["asker"])
    )
    assert connected
    await frames(communicator, until="status")
    yield communicator, conversation
    await communicator.disconnect()


def errors(received):
    return [frame for frame in received if frame["type"] == "error"]


async def still_works(communicator, conversation):
    await communicator.send_json_to(
        {"type": "send", "client_id": "daarna", "body": "Gewoon bericht"}
    )
    acks = [f for f in await frames(communicator, until="ack") if f["type"] == "ack"]
    assert acks[0]["client_id"] == "daarna"


# (raw frame, expected error code, client_id the error frame must name)
CASES = {
    # Text that can never be stored: refused with its client_id, so the
    # client drops it from its outbox instead of resending it for ever.
    "nul": (
        '{"type": "send", "client_id": "c1", "body": "a\\u0000b"}',
        "bad_text",
        "c1",
    ),
    "lone surrogate": (
        '{"type": "send", "client_id": "c1", "body": "a\\ud800b"}',
        "bad_text",
        "c1",
    ),
    "low surrogate": (
        '{"type": "send", "client_id": "c1", "body": "\\udfff"}',
        "bad_text",
        "c1",
    ),
    "deep nesting": ("[" * 100_000 + "]" * 100_000, "bad_frame", None),
    "nested in a field": (
        json.dumps({"type": "resume", "after": {"public": [[[[1]]]]}}),
        "bad_frame",
        None,
    ),
    "too big": (
        json.dumps({"type": "send", "client_id": "c2", "body": "x" * 20_000}),
        "bad_frame",
        None,
    ),
    "not json": ("{type: send", "bad_frame", None),
    "a list": ("[1, 2]", "bad_frame", None),
    "client_id with NUL": (
        '{"type": "send", "client_id": "a\\u0000", "body": "x"}',
        "bad_frame",
        None,
    ),
    "type not text": ('{"type": 5}', "bad_frame", None),
}


@pytest.mark.parametrize("raw,code,client_id", CASES.values(), ids=CASES.keys())
async def test_a_bad_frame_gets_an_error_frame_and_keeps_the_socket(
    socket, raw, code, client_id, caplog
):
    communicator, conversation = socket
    with caplog.at_level(logging.WARNING):
        await communicator.send_to(text_data=raw)
        received = await frames(communicator, until="error")
    error = errors(received)[0]
    assert (error["code"], error.get("client_id")) == (code, client_id)
    assert not [r for r in caplog.records if r.exc_info]
    stored = await sync_to_async(
        lambda: Message.objects.filter(conversation=conversation).count()
    )()
    assert stored == 1  # the opening question only
    await still_works(communicator, conversation)


async def test_binary_frames_get_an_error_frame(socket):
    communicator, conversation = socket
    await communicator.send_to(bytes_data=b"\x00\x01")
    assert errors(await frames(communicator, until="error"))[0]["code"] == "bad_frame"
    await still_works(communicator, conversation)
