"""Websockets pass the same gate as pages: same Origin, two-step
verification where the role needs it, and a live session. A socket ends
with its session and never acts for one that has ended."""

import asyncio
import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from asgiref.sync import sync_to_async
from django.conf import settings
from django.test import Client
from django.urls import reverse

from chat import services
from chat.models import Message
from portal.access import HELPDESK_GROUP
from portal.gate import CLOSE_FORBIDDEN, CLOSE_NOT_LOGGED_IN
from portal.models import Membership
from tests.chat.client import HOST, close_code_of, frames, open_socket
from tests.factories import GROUP_CHANGES, PASSWORD, change_group

pytestmark = pytest.mark.django_db(transaction=True)


@sync_to_async
def ask(user):
    return services.start_conversation(user, "Hoe begin ik het gesprek?")


@sync_to_async
def logged_in_client(user):
    """A browser session made by a real allauth login."""
    client = Client()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" in client.session
    return client


def cookie_of(client):
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return (b"cookie", f"{settings.SESSION_COOKIE_NAME}={value}".encode())


async def closed_with(socket, timeout=5):
    """Wait for the server to close the socket; its code."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        output = await socket.receive_output(timeout=deadline - time.monotonic())
        if output["type"] == "websocket.close":
            return output["code"]
    raise AssertionError("the socket stayed open")


@sync_to_async
def stored_bodies(conversation):
    return list(
        Message.objects.filter(conversation=conversation).values_list("body", flat=True)
    )


# Origin -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "origin",
    [
        b"https://elders.example",
        b"https://testserver",  # another scheme
        b"http://testserver:8001",  # another port
        b"http://testserver.elders.example",
        b"null",
    ],
)
async def test_a_foreign_origin_is_refused(people, origin):
    conversation = await ask(people["asker"])
    client = await logged_in_client(people["asker"])
    code = await close_code_of(
        f"/ws/chat/{conversation.pk}/", cookie_of(client), origin=(b"origin", origin)
    )
    assert code == CLOSE_FORBIDDEN


async def test_no_origin_is_refused(people):
    conversation = await ask(people["asker"])
    client = await logged_in_client(people["asker"])
    communicator, connected, _ = await open_socket(
        f"/ws/chat/{conversation.pk}/", cookie_of(client), origin=HOST
    )
    assert connected
    assert await closed_with(communicator) == CLOSE_FORBIDDEN


async def test_a_trusted_origin_is_let_in(people, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://werkbehoud.example.nl"]
    conversation = await ask(people["asker"])
    client = await logged_in_client(people["asker"])
    socket, connected, _ = await open_socket(
        f"/ws/chat/{conversation.pk}/",
        cookie_of(client),
        origin=(b"origin", b"https://werkbehoud.example.nl"),
    )
    assert connected
    assert (await frames(socket, until="status"))[0]["type"] == "status"
    await socket.disconnect()


# Two-step verification ------------------------------------------------------------


async def test_helpdesk_without_authenticator_gets_nothing(people, settings):
    settings.WERKBEHOUD_MFA_REQUIRED_ROLES = {"helpdesk"}
    conversation = await ask(people["asker"])
    client = await logged_in_client(people["agent"])
    cookie = cookie_of(client)
    assert await close_code_of("/ws/chat/queue/", cookie) == CLOSE_FORBIDDEN
    path = f"/ws/chat/{conversation.pk}/"
    assert await close_code_of(path, cookie) == CLOSE_FORBIDDEN


async def test_a_session_that_skipped_the_code_is_refused(people):
    conversation = await ask(people["asker"])
    client = await logged_in_client(people["agent"])
    await sync_to_async(TOTP.activate)(people["agent"], generate_totp_secret())
    path = f"/ws/chat/{conversation.pk}/"
    assert await close_code_of(path, cookie_of(client)) == CLOSE_NOT_LOGGED_IN


# Sockets end with the session -------------------------------------------------------


async def open_chat(user, conversation):
    client = await logged_in_client(user)
    socket, connected, _ = await open_socket(
        f"/ws/chat/{conversation.pk}/", cookie_of(client)
    )
    assert connected
    await frames(socket, until="status")
    await socket.send_json_to({"type": "hello", "after": {"public": 0, "staff": 0}})
    await frames(socket, until="synced")
    return client, socket


async def test_logout_closes_the_socket_at_once(people):
    conversation = await ask(people["asker"])
    client, socket = await open_chat(people["asker"], conversation)
    await sync_to_async(client.post)(reverse("account_logout"))
    assert await closed_with(socket, timeout=3) == CLOSE_NOT_LOGGED_IN


async def test_a_socket_never_acts_after_logout(people, monkeypatch):
    """Even when the hint about the logout is lost, the next frame finds the
    session gone: nothing is replayed, nothing is stored."""
    from portal import realtime

    monkeypatch.setattr(realtime, "_send", lambda group, event: None)
    conversation = await ask(people["asker"])
    client, socket = await open_chat(people["asker"], conversation)
    await sync_to_async(client.post)(reverse("account_logout"))
    await socket.send_json_to(
        {"type": "send", "client_id": "na-uitloggen", "body": "Nog een vraag"}
    )
    assert await closed_with(socket) == CLOSE_NOT_LOGGED_IN
    assert "Nog een vraag" not in await stored_bodies(conversation)


@sync_to_async
def expire_in_a_second(client):
    """As if the person had been idle until a second before the time-out."""
    session = client.session
    session.set_expiry(1)
    session.save()


async def test_idle_expiry_closes_the_socket(people):
    conversation = await ask(people["asker"])
    client, socket = await open_chat(people["asker"], conversation)
    await expire_in_a_second(client)
    # The socket only learns the new expiry on its next check; a frame
    # right after expiry must not be acted upon either.
    await asyncio.sleep(1.2)
    await socket.send_json_to({"type": "resume", "after": {"public": 0}})
    assert await closed_with(socket) == CLOSE_NOT_LOGGED_IN


async def test_idle_expiry_closes_a_quiet_socket_by_itself(people, monkeypatch):
    from portal.gate import GatedConsumer

    monkeypatch.setattr(GatedConsumer, "RECHECK_SECONDS", 0.5)
    conversation = await ask(people["asker"])
    client, socket = await open_chat(people["asker"], conversation)
    await expire_in_a_second(client)
    assert await closed_with(socket, timeout=4) == CLOSE_NOT_LOGGED_IN


async def test_sending_keeps_the_session_alive(people, monkeypatch):
    from portal.gate import GatedConsumer

    monkeypatch.setattr(GatedConsumer, "EXTEND_EVERY_SECONDS", 0)
    conversation = await ask(people["asker"])
    client, socket = await open_chat(people["asker"], conversation)
    before = await sync_to_async(lambda: client.session.get_expiry_date())()
    await asyncio.sleep(1.1)
    await socket.send_json_to({"type": "send", "client_id": "a", "body": "Hallo"})
    assert [f for f in await frames(socket, until="ack") if f["type"] == "ack"]
    after = await sync_to_async(lambda: client.session.get_expiry_date())()
    assert after > before
    await socket.disconnect()


async def test_a_password_change_elsewhere_closes_the_socket(people):
    conversation = await ask(people["asker"])
    _client, socket = await open_chat(people["asker"], conversation)

    @sync_to_async
    def change_password():
        people["asker"].set_password("een-heel-nieuw-wachtwoord-7")
        people["asker"].save()

    await change_password()
    assert await closed_with(socket, timeout=3) == CLOSE_NOT_LOGGED_IN


async def test_losing_the_role_closes_the_socket(people):
    conversation = await ask(people["asker"])
    _client, socket = await open_chat(people["asker"], conversation)
    await sync_to_async(
        lambda: Membership.objects.filter(user=people["asker"]).delete()
    )()
    assert await closed_with(socket, timeout=3) == CLOSE_FORBIDDEN


@pytest.mark.parametrize("way", GROUP_CHANGES)
async def test_leaving_the_helpdesk_closes_the_queue(people, way):
    """However the agent leaves: taken out alone, the group emptied at once,
    renamed or deleted."""
    client = await logged_in_client(people["agent"])
    queue, connected, _ = await open_socket("/ws/chat/queue/", cookie_of(client))
    assert connected
    await frames(queue, until="queue")

    @sync_to_async
    def leave():
        change_group(HELPDESK_GROUP, way, member=people["agent"])

    await leave()
    assert await closed_with(queue, timeout=3) == CLOSE_FORBIDDEN
