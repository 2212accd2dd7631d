"""Mail never breaks a save and is never lost: it is queued with the change,
delivered by the worker, retried with back-off while the mail server is
down, and shown to staff when it keeps failing."""

import datetime
import smtplib
import threading

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from portal import mail as portal_mail
from portal.models import Invitation, OutgoingMail
from tests.factories import UserFactory
from tests.mailbox import sent_mail

pytestmark = pytest.mark.django_db


class MailServerDown(BaseEmailBackend):
    """A delivery backend whose server does not answer."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class RecipientRefused(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused(
            {"weg@voorbeeld.example": (550, b"No such user")}
        )


DOWN = f"{__name__}.MailServerDown"
REFUSED = f"{__name__}.RecipientRefused"
UP = "django.core.mail.backends.locmem.EmailBackend"


def test_a_save_succeeds_while_the_mail_server_is_down(client, team, settings):
    settings.WERKBEHOUD_DELIVERY_EMAIL_BACKEND = DOWN
    client.force_login(team["hr"])
    response = client.post(
        reverse("portal:invitation_list"),
        {
            "email": "nieuw@voorbeeld.example",
            "role": "supervisor",
            "organisation": team["employee"].organisation_id,
        },
    )
    assert response.status_code == 302
    assert Invitation.objects.filter(email="nieuw@voorbeeld.example").exists()
    queued = OutgoingMail.objects.get(to=["nieuw@voorbeeld.example"])
    assert queued.status == OutgoingMail.Status.PENDING
    assert portal_mail.deliver_due() == (0, 0)
    queued.refresh_from_db()
    assert queued.status == OutgoingMail.Status.PENDING
    assert queued.attempts == 1
    assert "SMTPServerDisconnected" in queued.last_error
    assert queued.next_attempt_at > timezone.now()
    assert mail.outbox == []


def test_an_hour_without_a_mail_server_loses_nothing(settings):
    send_mail("Uitnodiging", "Tekst", None, ["iemand@voorbeeld.example"])
    queued = OutgoingMail.objects.get()
    message_id = queued.headers["Message-ID"]
    start = timezone.now()
    settings.WERKBEHOUD_DELIVERY_EMAIL_BACKEND = DOWN
    for minute in range(0, 61):
        portal_mail.deliver_due(now=start + datetime.timedelta(minutes=minute))
    queued.refresh_from_db()
    assert queued.status == OutgoingMail.Status.PENDING
    assert 5 <= queued.attempts <= 7  # 1, 2, 4, 8, 16, 32 minutes apart
    settings.WERKBEHOUD_DELIVERY_EMAIL_BACKEND = UP
    later = start + datetime.timedelta(hours=3)
    assert portal_mail.deliver_due(now=later) == (1, 0)
    assert portal_mail.deliver_due(now=later) == (0, 0)
    [message] = mail.outbox
    assert message.to == ["iemand@voorbeeld.example"]
    assert message.extra_headers["Message-ID"] == message_id


def test_back_off_doubles_up_to_four_hours():
    delays = [portal_mail.retry_delay(n) for n in range(1, 12)]
    assert delays[:4] == [datetime.timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert delays[-1] == datetime.timedelta(hours=4)
    assert delays == sorted(delays)


def test_mail_that_keeps_failing_is_given_up_and_shown_to_staff(client, settings):
    send_mail("Herinnering", "Tekst", None, ["iemand@voorbeeld.example"])
    settings.WERKBEHOUD_DELIVERY_EMAIL_BACKEND = DOWN
    moment = timezone.now()
    for _attempt in range(portal_mail.MAX_ATTEMPTS):
        portal_mail.deliver_due(now=moment)
        moment += portal_mail.LONGEST_WAIT
    queued = OutgoingMail.objects.get()
    assert queued.status == OutgoingMail.Status.FAILED
    assert queued.attempts == portal_mail.MAX_ATTEMPTS
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    page = client.get(reverse("outgoing_mail:index") + "?status=failed")
    assert page.status_code == 200
    assert "iemand@voorbeeld.example" in page.content.decode()
    client.post(reverse("outgoing_mail:retry", args=[queued.pk]))
    settings.WERKBEHOUD_DELIVERY_EMAIL_BACKEND = UP
    assert portal_mail.deliver_due() == (1, 0)


def test_an_address_refused_for_good_is_given_up_at_once(settings):
    send_mail("Herinnering", "Tekst", None, ["weg@voorbeeld.example"])
    settings.WERKBEHOUD_DELIVERY_EMAIL_BACKEND = REFUSED
    assert portal_mail.deliver_due() == (0, 1)
    assert OutgoingMail.objects.get().status == OutgoingMail.Status.FAILED


def test_only_superusers_see_the_mail_queue(client, team):
    client.force_login(team["hr"])
    response = client.get(reverse("outgoing_mail:index"))
    assert response.url.startswith("/accounts/login/")
    # Wagtail answers an editor who may not with its dashboard and a message.
    client.force_login(UserFactory(groups=["Editors"]))
    response = client.get(reverse("outgoing_mail:index"))
    assert response.url == reverse("wagtailadmin_home")


def test_mail_is_queued_in_the_transaction_of_its_change(team):
    """A change that fails takes its mail with it; nothing is sent about a
    save that did not happen."""
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        send_mail("Over iets", "Tekst", None, ["iemand@voorbeeld.example"])
        raise RuntimeError("the save fails")
    assert not OutgoingMail.objects.exists()
    assert sent_mail() == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_share_the_queue_and_send_each_mail_once():
    for number in range(40):
        send_mail(f"Bericht {number}", "Tekst", None, [f"p{number}@voorbeeld.example"])
    results = []

    def worker():
        try:
            results.append(portal_mail.deliver_due())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(sent for sent, _failed in results) == 40
    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects == sorted(f"Bericht {n}" for n in range(40))
    assert not OutgoingMail.objects.exclude(status=OutgoingMail.Status.SENT).exists()
