"""No message lost, none doubled, none out of order, with the shipped chat.js
in Chromium on both sides, over two daphne processes on PostgreSQL and
Redis, while the network drops every socket (also right after a send,
before its ack), Redis restarts empty, and one process is killed with -9
so that its clients reconnect to the other one.

A shortened version of the fault run of bench/chat.py, driven through the
real client, so that the client's outbox, resume and back-off are tested
and not only a re-implementation of the protocol."""

import os
import re
import time
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
import redis
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.browser.proxy import Proxy
from tests.browser.server import PortalServer

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.redis]

ROUNDS = 12
QUESTION = "Mijn medewerker belt zich steeds op maandag ziek. Wat kan ik doen?"


@pytest.fixture(scope="module")
def faulty(tmp_path_factory):
    """Two portal processes behind a proxy, with Redis behind another."""
    if not os.environ.get("REDIS_URL") or not os.environ.get(
        "DATABASE_URL", ""
    ).startswith(("postgres://", "postgresql://")):
        # Without the services the suite fails at its start (CI) or skips.
        pytest.skip("needs PostgreSQL and Redis")
    redis_url = urlsplit(os.environ["REDIS_URL"])
    redis_proxy = Proxy(redis_url.port or 6379)
    redis_port = redis_proxy.start()
    server = PortalServer(tmp_path_factory.mktemp("chat-faults"), name="faults")
    server.env["REDIS_URL"] = urlunsplit(
        redis_url._replace(netloc=f"127.0.0.1:{redis_port}")
    )
    server.env["CHAT_MESSAGES_PER_MINUTE"] = "1000"
    web_proxy = None
    try:
        server.prepare()
        first = server.start()
        second = server.start()
        web_proxy = Proxy(int(first.rsplit(":", 1)[1]))
        url = f"http://127.0.0.1:{web_proxy.start()}"
        yield {
            "server": server,
            "url": url,
            "web": web_proxy,
            "redis": redis_proxy,
            "redis_url": os.environ["REDIS_URL"],
            "second_port": int(second.rsplit(":", 1)[1]),
        }
    finally:
        if web_proxy is not None:
            web_proxy.stop()
        server.stop()
        redis_proxy.stop()


def restart_redis(faulty):
    """As a restart of a Redis that keeps nothing on disk: every connection
    drops, nobody gets in for two seconds, and this portal's keys are gone."""
    proxy = faulty["redis"]
    proxy.refuse(True)
    client = redis.Redis.from_url(faulty["redis_url"])
    prefixes = (
        faulty["server"].env["CHANNELS_PREFIX"],
        faulty["server"].env["CACHE_PREFIX"],
    )
    for prefix in prefixes:
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)
    client.close()
    time.sleep(2)
    proxy.refuse(False)


def kill_first_process(faulty):
    """kill -9 of the process the clients are on; the balancer sends them
    to the other one."""
    process, _log = faulty["server"].processes[0]
    process.kill()
    process.wait()
    faulty["web"].switch(faulty["second_port"])


def shown(page):
    """(seq, body) of the conversation's messages on the page, in order."""
    return page.eval_on_selector_all(
        "#chat-log li.chat-message[data-stream=public]:not(.pending)",
        "items => items.map(li => [Number(li.dataset.seq),"
        " li.querySelector('.chat-body').textContent])",
    )


def stored(server):
    """(seq, body, client_id) of this test's conversation, and its counter."""
    with psycopg.connect(server.database_url) as db:
        [(conversation_id, counter)] = db.execute(
            "SELECT c.id, c.last_public_seq FROM chat_conversation c"
            " JOIN chat_message m ON m.conversation_id = c.id WHERE m.body = %s",
            [QUESTION],
        ).fetchall()
        messages = db.execute(
            "SELECT seq, body, client_id FROM chat_message"
            " WHERE conversation_id = %s AND stream = 'public' ORDER BY seq",
            [conversation_id],
        ).fetchall()
    return messages, counter


def send(page, label, body):
    box = page.get_by_label(label)
    box.fill(body)
    box.press("Enter")


def test_nothing_is_lost_doubled_or_reordered_through_faults(chromium, faulty):
    contexts = [
        chromium.new_context(base_url=faulty["url"], locale="nl-NL") for _ in range(2)
    ]
    for context in contexts:
        context.set_default_timeout(30_000)
    agent, asker = (context.new_page() for context in contexts)
    sockets = {"agent": [], "asker": []}
    agent.on("websocket", lambda socket: sockets["agent"].append(socket.url))
    asker.on("websocket", lambda socket: sockets["asker"].append(socket.url))
    try:
        log_in(agent, "vraagbaak@werkbehoud.example")
        log_in(asker, "werkleider@delinde.example")
        asker.get_by_role("link", name="Vraag het de vraagbaak").click()
        asker.get_by_label("Je vraag:", exact=True).fill(QUESTION)
        asker.get_by_role("button", name="Mijn vraag stellen").click()
        expect(asker.get_by_text(QUESTION)).to_be_visible()
        row = agent.get_by_role("row", name=re.compile("Sandra Bakker"))
        row.get_by_role("link", name="Lezen en aannemen").click()
        agent.get_by_role("button", name="Deze vraag aannemen").click()
        expect(asker.get_by_text("Noor van de vraagbaak helpt je nu.")).to_be_visible()

        faults = {
            3: lambda: faulty["web"].cut(),  # right after a send, before its ack
            6: lambda: restart_redis(faulty),
            9: lambda: kill_first_process(faulty),
        }
        sent = []
        for round_number in range(ROUNDS):
            for page, label, who in (
                (asker, "Je bericht", "vraag"),
                (agent, "Je antwoord", "antwoord"),
            ):
                body = f"{who} {round_number}"
                send(page, label, body)
                sent.append(body)
            if round_number in faults:
                faults[round_number]()

        # Everything arrives in the end: no message waits in an outbox.
        for page in (asker, agent):
            expect(page.locator(".chat-message.pending")).to_have_count(
                0, timeout=60_000
            )
            expect(page.get_by_text(sent[-1], exact=True)).to_be_visible(timeout=60_000)
        shown_pages = [shown(asker), shown(agent)]
        # The faults did happen: the first process is gone, and each page
        # opened its chat socket again after the cut and after the kill.
        assert faulty["server"].processes[0][0].poll() is not None
        chat_sockets = {
            who: [url for url in urls if "/ws/chat/" in url]
            for who, urls in sockets.items()
        }
        assert len(chat_sockets["asker"]) >= 3, chat_sockets
        assert len(chat_sockets["agent"]) >= 3, chat_sockets
    finally:
        for context in contexts:
            context.close()

    messages, counter = stored(faulty["server"])
    bodies = [body for _seq, body, _client_id in messages]
    # Each message stored once, the counter at the highest seq, no gaps.
    assert sorted(body for body in bodies if body in sent) == sorted(sent)
    assert len(bodies) == len(set(bodies))
    assert [seq for seq, _body, _id in messages] == list(range(1, len(messages) + 1))
    assert counter == len(messages)
    # Each side's own messages in the order it sent them.
    for who in ("vraag", "antwoord"):
        mine = [body for body in bodies if body.startswith(who + " ")]
        assert mine == [f"{who} {n}" for n in range(ROUNDS)]
    # Both pages show exactly what is stored, in the same order.
    expected = [[seq, body] for seq, body, _client_id in messages]
    assert shown_pages == [expected, expected]
