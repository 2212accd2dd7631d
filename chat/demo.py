"""Demo conversations: one question waiting, one answered and closed."""

import datetime

from django.utils import timezone

from portal.models import User

from . import services
from .models import Conversation


def load(stdout):
    if Conversation.objects.exists():
        return
    asker = User.objects.filter(email="werkleider2@delinde.example").first()
    agent = User.objects.filter(email="vraagbaak2@werkbehoud.example").first()
    if asker is None or agent is None:
        return
    closed = services.start_conversation(
        asker, "Iemand in mijn groep is sinds kort veel stiller. Hoe begin ik daarover?"
    )
    services.claim(closed.pk, agent)
    services.post_message(
        closed.pk,
        agent,
        "Goed dat je het opmerkt. Begin bij wat je ziet, zonder te raden naar de oorzaak. "
        "Bijvoorbeeld: 'Ik zie dat je de laatste tijd stiller bent. Hoe gaat het met je?'",
        "demo-answer",
    )
    services.close(
        closed.pk, agent, "Vraag over het gesprek beginnen bij stiller gedrag."
    )
    Conversation.objects.filter(pk=closed.pk).update(
        rating=5, created_at=timezone.now() - datetime.timedelta(days=3)
    )
    services.start_conversation(
        asker,
        "Mag ik vragen of een medewerker medicijnen gebruikt als die moe lijkt?",
        anonymous=True,
    )
    stdout.write("Chat: one closed and one waiting demo conversation.")
