"""Whether the helpdesk answers now, and when it answers next."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from cms.models import HelpdeskSettings

from .models import AgentPresence


@dataclass(frozen=True)
class Availability:
    open_now: bool
    agents_online: int
    next_opening: datetime.datetime | None

    @property
    def answering_now(self):
        return self.open_now and self.agents_online > 0


def online_agents(now=None):
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.WERKBEHOUD_CHAT_PRESENCE_SECONDS)
    return AgentPresence.objects.filter(last_seen__gte=cutoff).select_related("agent")


def is_open(moment, hours):
    local = timezone.localtime(moment)
    window = hours.hours_on(local.weekday())
    return bool(window) and window[0] <= local.time() < window[1]


def next_opening(moment, hours):
    """The next moment the helpdesk opens, within the coming week."""
    local = timezone.localtime(moment)
    for offset in range(8):
        day = local.date() + datetime.timedelta(days=offset)
        window = hours.hours_on(day.weekday())
        if not window:
            continue
        opens = timezone.make_aware(datetime.datetime.combine(day, window[0]))
        if opens > local:
            return opens
    return None


def availability(now=None):
    now = now or timezone.now()
    hours = HelpdeskSettings.load()
    return Availability(
        open_now=is_open(now, hours),
        agents_online=online_agents(now).count(),
        next_opening=next_opening(now, hours),
    )
