"""Storing a chat message: on PostgreSQL the usual message is one SQL
statement; every other case (a resend, a closed conversation, no right to
write, the first answer) takes the careful way, with the same outcome on
every database. The counters on the conversation always match the highest
stored seq, without gaps."""

import threading

import pytest
from django.db import connection

from chat import services
from chat.models import Conversation, Message
from portal.access import roles_of
from portal.realtime import hints_collected
from tests.mailbox import sent_mail

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def answered(people):
    conversation = services.start_conversation(people["asker"], "Eerste vraag")
    services.claim(conversation.pk, people["agent"])
    services.post_message(conversation.pk, people["agent"], "Hallo", "a-0")
    for person in people.values():
        roles_of(person)  # as on a socket: the user's roles are known
    return conversation


def seqs(conversation, stream="public"):
    return list(
        Message.objects.filter(conversation=conversation, stream=stream)
        .order_by("seq")
        .values_list("seq", flat=True)
    )


def assert_counters_match(conversation):
    conversation.refresh_from_db()
    for stream, counter in (
        ("public", conversation.last_public_seq),
        ("staff", conversation.last_staff_seq),
    ):
        stored = seqs(conversation, stream)
        assert stored == list(range(1, counter + 1)), stream


@pytest.mark.postgres
def test_the_usual_message_is_one_statement(
    people, answered, django_assert_num_queries
):
    with django_assert_num_queries(1), hints_collected() as hints:
        message, duplicate = services.post_message(
            answered.pk, people["asker"], "  Dank je  ", "r-1"
        )
    assert not duplicate
    assert (message.seq, message.body, message.kind) == (4, "Dank je", "text")
    [(group, event)] = hints
    assert group == f"chat.conversation.{answered.pk}"
    assert event["data"]["seq"] == 4
    assert event["data"]["role"] == "asker"
    assert event["data"]["asker_name"] == "Sandra Bakker"
    with django_assert_num_queries(1):
        note, _ = services.post_message(
            answered.pk, people["agent"], "Notitie", "a-1", stream="staff"
        )
    assert (note.seq, note.kind) == (1, "note")
    with django_assert_num_queries(1):
        reply, _ = services.post_message(answered.pk, people["agent"], "Graag", "a-2")
    assert reply.seq == 5
    stored = Message.objects.get(pk=reply.pk)
    assert (stored.author, stored.body, stored.client_id) == (
        people["agent"],
        "Graag",
        "a-2",
    )
    assert_counters_match(answered)


def test_an_anonymous_askers_name_never_travels(people):
    conversation = services.start_conversation(people["asker"], "Vraag", anonymous=True)
    services.claim(conversation.pk, people["agent"])
    with hints_collected() as hints:
        services.post_message(conversation.pk, people["asker"], "Nog iets", "r-1")
    [(_group, event)] = hints
    assert event["data"]["role"] == "asker"
    assert event["data"]["asker_name"] == ""


def test_a_resend_returns_the_stored_message_and_leaves_no_gap(people, answered):
    first, duplicate = services.post_message(answered.pk, people["asker"], "Een", "r-1")
    assert not duplicate
    again, duplicate = services.post_message(answered.pk, people["asker"], "Een", "r-1")
    assert duplicate and again.pk == first.pk and again.seq == first.seq
    after, _ = services.post_message(answered.pk, people["asker"], "Twee", "r-2")
    assert after.seq == first.seq + 1
    assert_counters_match(answered)


@pytest.mark.parametrize(
    "who, stream, code",
    [
        ("asker", "staff", "forbidden"),
        ("other_asker", "public", "forbidden"),
        ("colleague", "public", "forbidden"),
        ("editor", "public", "forbidden"),
    ],
)
def test_who_may_not_write_is_told_and_nothing_moves(
    people, answered, who, stream, code
):
    with pytest.raises(services.ChatError) as refused:
        services.post_message(answered.pk, people[who], "Hoi", "x-1", stream=stream)
    assert refused.value.code == code
    assert not Message.objects.filter(client_id="x-1").exists()
    assert_counters_match(answered)


def test_a_closed_conversation_takes_no_messages(people, answered):
    services.close(answered.pk, people["asker"])
    with pytest.raises(services.ChatError) as refused:
        services.post_message(answered.pk, people["asker"], "Nog één ding", "r-9")
    assert refused.value.code == "closed"
    assert_counters_match(answered)


def test_an_agent_answers_only_what_they_took_on(people):
    conversation = services.start_conversation(people["asker"], "Vraag")
    with pytest.raises(services.ChatError) as refused:
        services.post_message(conversation.pk, people["agent"], "Hoi", "a-1")
    assert refused.value.code == "not_claimed"
    assert_counters_match(conversation)


def test_the_first_answer_is_recorded_and_mailed_when_asked_offline(people):
    conversation = services.start_conversation(people["asker"], "Vraag")
    # Asked while nobody could answer: the asker wants an email.
    Conversation.objects.filter(pk=conversation.pk).update(notify_on_answer=True)
    services.claim(conversation.pk, people["agent"])
    roles_of(people["agent"])
    sent_mail().clear()
    message, _ = services.post_message(conversation.pk, people["agent"], "Hoi", "a-1")
    conversation.refresh_from_db()
    assert conversation.first_answered_at == message.created_at
    assert [mail.to for mail in sent_mail()] == [[people["asker"].email]]
    # Later answers change neither.
    services.post_message(conversation.pk, people["agent"], "Nog iets", "a-2")
    conversation.refresh_from_db()
    assert conversation.first_answered_at == message.created_at
    assert len(sent_mail()) == 1


@pytest.mark.postgres
def test_the_same_message_from_two_connections_at_once_is_stored_once(people, answered):
    start = threading.Barrier(4)
    results = []

    def send():
        start.wait()
        try:
            results.append(
                services.post_message(answered.pk, people["asker"], "Twee keer", "r-1")
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4
    assert len({message.seq for message, _ in results}) == 1
    assert sorted(duplicate for _, duplicate in results) == [False, True, True, True]
    assert Message.objects.filter(client_id="r-1").count() == 1
    assert_counters_match(answered)
    assert Conversation.objects.get(pk=answered.pk).last_public_seq == 4
