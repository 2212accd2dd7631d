"""Delete closed conversations after WERKBEHOUD_CHAT_RETENTION_DAYS."""

import datetime

from django.conf import settings

from .models import Conversation


def purge(today, stdout):
    cutoff = today - datetime.timedelta(days=settings.WERKBEHOUD_CHAT_RETENTION_DAYS)
    expired = Conversation.objects.filter(
        status=Conversation.Status.CLOSED, closed_at__date__lt=cutoff
    )
    count = expired.count()
    expired.delete()
    stdout.write(
        f"Closed conversations past retention removed (with messages): {count}"
    )
