"""What the portal itself keeps no longer than needed: sessions, invitations
and mail (purge_expired runs it daily)."""

import datetime
from importlib import import_module

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import Invitation, OutgoingMail


def purge(today, stdout):
    now = timezone.now()
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()
    stdout.write("Expired sessions removed.")

    cutoff = now - datetime.timedelta(
        days=settings.WERKBEHOUD_INVITATION_RETENTION_DAYS
    )
    invitations = Invitation.objects.filter(
        Q(accepted_at__lt=cutoff) | Q(revoked_at__lt=cutoff) | Q(expires_at__lt=cutoff)
    )
    count = invitations.count()
    invitations.delete()
    stdout.write(f"Used, withdrawn and expired invitations removed: {count}")

    cutoff = now - datetime.timedelta(days=settings.WERKBEHOUD_MAIL_RETENTION_DAYS)
    mails, _by_model = (
        OutgoingMail.objects.exclude(status=OutgoingMail.Status.PENDING)
        .filter(created_at__lt=cutoff)
        .delete()
    )
    stdout.write(f"Sent and failed mail removed: {mails}")
