"""Two agents never get the same question, and the cap holds."""

import threading
import time

import pytest
from django.db import connection

from chat import services
from chat.models import Conversation

pytestmark = pytest.mark.django_db(transaction=True)


def race(functions):
    """Run the functions at the same moment in threads of their own."""
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def run(index, function):
        barrier.wait()
        try:
            results[index] = function()
        except services.ChatError as error:
            results[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(i, f)) for i, f in enumerate(functions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.fixture
def slow_assign(monkeypatch):
    """Hold the row lock a moment longer, so the two claims really overlap."""
    real = services._assign

    def slowly(conversation, agent):
        result = real(conversation, agent)
        time.sleep(0.5)
        return result

    monkeypatch.setattr(services, "_assign", slowly)


@pytest.mark.postgres
def test_two_agents_claiming_one_question_at_once(people, slow_assign):
    conversation = services.start_conversation(people["asker"], "Vraag")
    results = race(
        [
            lambda: services.claim(conversation.pk, people["agent"]),
            lambda: services.claim(conversation.pk, people["colleague"]),
        ]
    )
    won = [r for r in results if isinstance(r, Conversation)]
    lost = [r for r in results if isinstance(r, services.ChatError)]
    assert len(won) == 1 and len(lost) == 1
    assert lost[0].code == "taken"
    conversation.refresh_from_db()
    assert conversation.assigned_agent_id == won[0].assigned_agent_id
    assert conversation.messages.filter(kind="system").count() == 1


@pytest.mark.postgres
def test_claim_next_skips_what_a_colleague_is_claiming(
    people, other_asker_question, slow_assign
):
    first = services.start_conversation(people["asker"], "Eerste vraag")
    results = race(
        [
            lambda: services.claim_next(people["agent"]),
            lambda: services.claim_next(people["colleague"]),
        ]
    )
    assert {r.pk for r in results} == {first.pk, other_asker_question.pk}


@pytest.fixture
def other_asker_question(people):
    time.sleep(0.01)
    return services.start_conversation(people["other_asker"], "Tweede vraag")


def test_claims_in_turn(people):
    conversation = services.start_conversation(people["asker"], "Vraag")
    services.claim(conversation.pk, people["agent"])
    with pytest.raises(services.ChatError) as error:
        services.claim(conversation.pk, people["colleague"])
    assert error.value.code == "taken"


def test_the_cap_of_open_conversations(people, settings):
    settings.WERKBEHOUD_CHAT_MAX_OPEN_PER_AGENT = 1
    settings.WERKBEHOUD_CHAT_CONVERSATIONS_PER_HOUR = 10
    first = services.start_conversation(people["asker"], "Een")
    second = services.start_conversation(people["asker"], "Twee")
    services.claim(first.pk, people["agent"])
    with pytest.raises(services.ChatError) as error:
        services.claim(second.pk, people["agent"])
    assert error.value.code == "full"
    services.close(first.pk, people["agent"])
    assert services.claim(second.pk, people["agent"]).assigned_agent == people["agent"]


def test_transfer_to_a_colleague(people):
    conversation = services.start_conversation(people["asker"], "Vraag")
    services.claim(conversation.pk, people["agent"])
    with pytest.raises(services.ChatError):
        services.transfer(conversation.pk, people["colleague"], people["agent"])
    with pytest.raises(services.ChatError):
        services.transfer(conversation.pk, people["agent"], people["asker"])
    services.transfer(conversation.pk, people["agent"], people["colleague"])
    conversation.refresh_from_db()
    assert conversation.assigned_agent == people["colleague"]
    assert "Ruben" in conversation.messages.filter(kind="system").last().body
