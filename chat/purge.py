"""Conversations go when their last message is older than
WERKBEHOUD_CHAT_RETENTION_DAYS, whatever their status; a conversation whose
asker's account is gone goes at once (nobody can read the answer)."""

import datetime

from django.conf import settings
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Conversation


def purge(today, stdout):
    cutoff = timezone.now() - datetime.timedelta(
        days=settings.WERKBEHOUD_CHAT_RETENTION_DAYS
    )
    expired = Conversation.objects.annotate(
        last_activity=Coalesce(Max("messages__created_at"), "created_at")
    ).filter(Q(last_activity__lt=cutoff) | Q(asked_by__isnull=True))
    ids = list(expired.values_list("pk", flat=True))
    Conversation.objects.filter(pk__in=ids).delete()
    stdout.write(f"Conversations past retention removed (with messages): {len(ids)}")
