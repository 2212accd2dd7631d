"""The one path mail takes: queued in the database, delivered by the worker.

EMAIL_BACKEND is QueueBackend, so every mail (the portal's own, allauth's,
Wagtail's) becomes an OutgoingMail row in the transaction of the change it
is about: the change and its mail are saved together or not at all, and a
failing mail server can never turn a save into an error. The worker
(`manage.py worker`) hands due mail to the real backend, configured by
EMAIL_URL (WERKBEHOUD_DELIVERY_EMAIL_BACKEND), retrying with back-off; a
mail that keeps failing is marked failed and shown to staff in the admin.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection, send_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import make_msgid
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import OutgoingMail

logger = logging.getLogger(__name__)

# 1, 2, 4 … minutes between attempts, at most 4 hours: twelve attempts span
# more than a day, so an outage of hours loses nothing.
FIRST_RETRY = datetime.timedelta(minutes=1)
LONGEST_WAIT = datetime.timedelta(hours=4)
MAX_ATTEMPTS = 12


def site_url(path):
    """An absolute link for mail: always the configured site address."""
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def send_portal_mail(addresses, subject, template, context):
    """Render a text mail from a template and queue it with the change."""
    send_mail(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + str(subject),
        render_to_string(template, context),
        settings.DEFAULT_FROM_EMAIL,
        list(addresses),
    )


class QueueBackend(BaseEmailBackend):
    """Stores messages for the worker instead of sending them."""

    def send_messages(self, email_messages):
        rows = [_row(message) for message in email_messages]
        OutgoingMail.objects.bulk_create(rows)
        return len(rows)


def _row(message):
    if getattr(message, "attachments", None):
        raise ValueError("The mail queue does not carry attachments.")
    headers = dict(message.extra_headers)
    # Kept across retries, so a receiving server can tell a resend.
    headers.setdefault("Message-ID", make_msgid(domain="werkbehoud"))
    return OutgoingMail(
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(message.to),
        cc=list(message.cc),
        bcc=list(message.bcc),
        reply_to=list(message.reply_to),
        subject=str(message.subject)[:998],
        body=message.body,
        alternatives=[
            [str(content), mimetype]
            for content, mimetype in getattr(message, "alternatives", [])
        ],
        headers=headers,
    )


def as_message(mail):
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body,
        from_email=mail.from_email,
        to=mail.to,
        cc=mail.cc,
        bcc=mail.bcc,
        reply_to=mail.reply_to,
        headers=mail.headers,
    )
    for content, mimetype in mail.alternatives:
        message.attach_alternative(content, mimetype)
    return message


def retry_delay(attempts):
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


def _permanent(error):
    """The server refused every recipient for good (5xx): retrying is useless."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    return False


def deliver_due(limit=100, now=None):
    """Send due mail, one row at a time; returns (sent, failed).

    Each mail is locked (SKIP LOCKED, so two workers share the queue) and
    marked sent in the same transaction in which the mail server accepted
    it. A worker killed while sending leaves the row unsent, and it goes out
    on the next round: nothing is half-sent or lost.
    """
    connection = get_connection(settings.WERKBEHOUD_DELIVERY_EMAIL_BACKEND)
    sent = failed = 0
    for _round in range(limit):
        outcome = _deliver_one(connection, now or timezone.now())
        if outcome is None:
            break
        sent += outcome == OutgoingMail.Status.SENT
        failed += outcome == OutgoingMail.Status.FAILED
    return sent, failed


def _deliver_one(connection, now):
    with transaction.atomic():
        mail = (
            OutgoingMail.objects.select_for_update(skip_locked=True)
            .due(now)
            .order_by("next_attempt_at", "pk")
            .first()
        )
        if mail is None:
            return None
        mail.attempts += 1
        try:
            connection.send_messages([as_message(mail)])
        except Exception as error:  # noqa: BLE001 - any failure is retried
            mail.last_error = f"{error.__class__.__name__}: {error}"[:500]
            if _permanent(error) or mail.attempts >= MAX_ATTEMPTS:
                mail.status = OutgoingMail.Status.FAILED
                logger.error(
                    "Mail %s given up after %s attempts", mail.pk, mail.attempts
                )
            else:
                mail.next_attempt_at = now + retry_delay(mail.attempts)
                logger.warning(
                    "Mail %s not sent (attempt %s), retried at %s",
                    mail.pk,
                    mail.attempts,
                    mail.next_attempt_at.isoformat(),
                )
        else:
            mail.status = OutgoingMail.Status.SENT
            mail.sent_at = now
            mail.last_error = ""
        mail.save()
        return mail.status


def retry(mail):
    """Staff try a failed mail once more, from the start of the back-off."""
    mail.status = OutgoingMail.Status.PENDING
    mail.attempts = 0
    mail.next_attempt_at = timezone.now()
    mail.save(update_fields=["status", "attempts", "next_attempt_at"])
