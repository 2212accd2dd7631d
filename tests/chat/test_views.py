"""Asking, following and answering through the pages; hours; retention."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from chat import services
from chat.hours import availability, is_open, next_opening
from chat.models import AgentPresence, Conversation
from cms.models import HelpdeskSettings
from tests.mailbox import sent_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db, make_member, organisation):
    from portal.access import HELPDESK_GROUP
    from tests.factories import UserFactory

    return {
        "asker": make_member("supervisor", organisation, first_name="Sandra"),
        "other_asker": make_member("hr", organisation),
        "employee": make_member("employee", organisation),
        "agent": UserFactory(first_name="Noor", groups=[HELPDESK_GROUP]),
        "colleague": UserFactory(first_name="Ruben", groups=[HELPDESK_GROUP]),
    }


def ask(client, user, **data):
    client.force_login(user)
    return client.post(reverse("chat:start"), {"question": "Mijn vraag", **data})


def test_every_member_role_can_ask_and_follow_their_question(client, people):
    for who in ("asker", "other_asker", "employee"):
        response = ask(client, people[who])
        assert response.status_code == 302, who
        page = client.get(response.url).content.decode()
        assert "Mijn vraag" in page and 'data-socket="/ws/chat/' in page


def test_empty_or_too_long_questions_are_explained(client, people, settings):
    client.force_login(people["asker"])
    response = client.post(reverse("chat:start"), {"question": "  "})
    assert "Typ je vraag." in response.content.decode()
    response = client.post(
        reverse("chat:start"),
        {"question": "x" * (settings.WERKBEHOUD_CHAT_MAX_MESSAGE_LENGTH + 1)},
    )
    assert "niet meer dan 2000 tekens" in response.content.decode()
    assert not Conversation.objects.exists()


def test_new_conversations_per_hour_are_limited(client, people, settings):
    settings.WERKBEHOUD_CHAT_CONVERSATIONS_PER_HOUR = 2
    for _number in range(2):
        assert ask(client, people["asker"]).status_code == 302
    response = ask(client, people["asker"])
    assert response.status_code == 200
    assert "veel vragen gesteld" in response.content.decode()
    assert Conversation.objects.count() == 2


def test_askers_see_only_their_own_conversations(client, people):
    ask(client, people["asker"])
    conversation = Conversation.objects.get()
    client.force_login(people["other_asker"])
    assert (
        client.get(reverse("chat:conversation", args=[conversation.pk])).status_code
        == 404
    )
    client.force_login(people["agent"])
    assert (
        client.get(reverse("chat:conversation", args=[conversation.pk])).status_code
        == 403
    )


def test_helpdesk_staff_cannot_ask_and_askers_cannot_answer(client, people):
    client.force_login(people["agent"])
    assert client.get(reverse("chat:start")).status_code == 403
    client.force_login(people["asker"])
    assert client.get(reverse("chat:helpdesk")).status_code == 403


def test_the_agent_takes_on_answers_hands_over_and_closes(client, people):
    ask(client, people["asker"], anonymous="on")
    conversation = Conversation.objects.get()
    client.force_login(people["agent"])
    queue = client.get(reverse("chat:helpdesk")).content.decode()
    assert "Anoniem" in queue and "Sandra" not in queue
    page = client.get(
        reverse("chat:agent_conversation", args=[conversation.pk])
    ).content.decode()
    assert "Deze vraag aannemen" in page and "Mijn vraag" in page
    client.post(reverse("chat:claim", args=[conversation.pk]))
    page = client.get(
        reverse("chat:agent_conversation", args=[conversation.pk])
    ).content.decode()
    assert "Standaardantwoorden" in page or "Overdragen" in page
    client.force_login(people["colleague"])
    assert (
        client.get(
            reverse("chat:agent_conversation", args=[conversation.pk])
        ).status_code
        == 404
    )
    client.force_login(people["agent"])
    client.post(
        reverse("chat:transfer", args=[conversation.pk]),
        {"colleague": people["colleague"].pk},
    )
    conversation.refresh_from_db()
    assert conversation.assigned_agent == people["colleague"]
    client.force_login(people["colleague"])
    response = client.post(
        reverse("chat:agent_close", args=[conversation.pk]),
        {"summary": "Hij heeft een burn-out"},
    )
    conversation.refresh_from_db()
    assert conversation.status == "active"
    client.post(
        reverse("chat:agent_close", args=[conversation.pk]),
        {"summary": "Advies over het gesprek bij vaak kort verzuim."},
    )
    conversation.refresh_from_db()
    assert conversation.status == "closed" and conversation.summary.startswith("Advies")
    assert response.status_code == 302


def test_claim_next_and_an_empty_queue(client, people):
    client.force_login(people["agent"])
    response = client.post(reverse("chat:claim_next"), follow=True)
    assert "Er wachten geen vragen" in response.content.decode()
    ask(client, people["asker"])
    client.force_login(people["agent"])
    response = client.post(reverse("chat:claim_next"))
    assert response.url == reverse(
        "chat:agent_conversation", args=[Conversation.objects.get().pk]
    )


def test_the_asker_closes_and_rates(client, people):
    ask(client, people["asker"])
    conversation = Conversation.objects.get()
    client.post(reverse("chat:rate", args=[conversation.pk]), {"rating": 5})
    conversation.refresh_from_db()
    assert conversation.rating is None
    client.post(reverse("chat:asker_close", args=[conversation.pk]))
    page = client.get(
        reverse("chat:conversation", args=[conversation.pk])
    ).content.decode()
    assert "Had je hier iets aan?" in page
    response = client.post(
        reverse("chat:rate", args=[conversation.pk]), {"rating": 9}, follow=True
    )
    assert "Kies een van de antwoorden." in response.content.decode()
    client.post(reverse("chat:rate", args=[conversation.pk]), {"rating": 4})
    conversation.refresh_from_db()
    assert conversation.rating == 4


def test_staff_delete_a_conversation_on_request(client, people):
    ask(client, people["asker"])
    conversation = Conversation.objects.get()
    client.force_login(people["agent"])
    services.claim(conversation.pk, people["agent"])
    url = reverse("chat:delete", args=[conversation.pk])
    assert "voorgoed verwijderd" in client.get(url).content.decode()
    client.post(url)
    assert not Conversation.objects.exists()


def test_purge_removes_conversations_quiet_for_the_period(people, settings):
    long_ago = timezone.now() - datetime.timedelta(
        days=settings.WERKBEHOUD_CHAT_RETENTION_DAYS + 2
    )
    with time_machine.travel(long_ago):
        closed = services.start_conversation(people["asker"], "Oud")
        services.claim(closed.pk, people["agent"])
        services.close(closed.pk, people["agent"])
        services.start_conversation(people["asker"], "Nooit beantwoord")
        still_going = services.start_conversation(people["asker"], "Lang gesprek")
        services.claim(still_going.pk, people["agent"])
    services.post_message(still_going.pk, people["asker"], "Nog een vraag", "c-1")
    waiting = services.start_conversation(people["asker"], "Wacht nog")
    call_command("purge_expired", stdout=io.StringIO())
    assert set(Conversation.objects.values_list("pk", flat=True)) == {
        still_going.pk,
        waiting.pk,
    }


def _hours(**times):
    hours = HelpdeskSettings.load()
    for day in (
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ):
        setattr(hours, f"{day}_opens", times.get("opens"))
        setattr(hours, f"{day}_closes", times.get("closes"))
    hours.save()
    return hours


def test_hours_and_the_next_opening():
    hours = HelpdeskSettings.load()
    monday_morning = timezone.make_aware(datetime.datetime(2026, 11, 23, 10, 0))
    saturday = timezone.make_aware(datetime.datetime(2026, 11, 21, 10, 0))
    friday_evening = timezone.make_aware(datetime.datetime(2026, 11, 20, 18, 0))
    assert is_open(monday_morning, hours)
    assert not is_open(saturday, hours)
    assert next_opening(friday_evening, hours) == timezone.make_aware(
        datetime.datetime(2026, 11, 23, 9, 0)
    )


def test_offline_the_asker_is_told_and_emailed_when_answered(
    client, people, django_capture_on_commit_callbacks
):
    _hours()
    client.force_login(people["asker"])
    page = client.get(reverse("chat:start")).content.decode()
    assert "De vraagbaak is nu gesloten" in page
    ask(client, people["asker"])
    conversation = Conversation.objects.get()
    assert conversation.notify_on_answer
    page = client.get(
        reverse("chat:conversation", args=[conversation.pk])
    ).content.decode()
    assert "je krijgt een e-mail zodra er een antwoord is" in page
    services.claim(conversation.pk, people["agent"])
    sent_mail().clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_message(conversation.pk, people["agent"], "Het antwoord", "c1")
        services.post_message(conversation.pk, people["agent"], "Nog iets", "c2")
    assert len(sent_mail()) == 1
    assert sent_mail()[0].to == [people["asker"].email]
    assert "Het antwoord" not in sent_mail()[0].body


def test_open_with_someone_online_means_no_email(people):
    _hours(opens=datetime.time(0, 0), closes=datetime.time(23, 59))
    AgentPresence.objects.create(agent=people["agent"], last_seen=timezone.now())
    assert availability().answering_now
    conversation = services.start_conversation(people["asker"], "Vraag")
    assert not conversation.notify_on_answer
