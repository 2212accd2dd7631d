"""Who may ask, answer and join which conversation."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from portal import access

from .models import Conversation

ASKER = "asker"
AGENT = "agent"
ASKER_ROLES = {access.HR, access.SUPERVISOR, access.EMPLOYEE}


def is_agent(user):
    return access.HELPDESK in access.roles_of(user)


def can_ask(user):
    """Members of an employer ask; helpdesk staff and editors do not."""
    return bool(access.roles_of(user) & ASKER_ROLES)


def role_in(user, conversation):
    """ "asker", "agent" or None: the asker while they still hold a role at
    an employer, the assigned agent, and any agent while the question still
    waits in the queue."""
    if not user.is_authenticated:
        return None
    if conversation.asked_by_id == user.pk:
        return ASKER if can_ask(user) else None
    if is_agent(user) and (
        conversation.status == Conversation.Status.WAITING
        or conversation.assigned_agent_id == user.pk
    ):
        return AGENT
    return None


def own_conversation(user, pk):
    return get_object_or_404(
        Conversation.objects.select_related("topic"), pk=pk, asked_by=user
    )


def agent_conversation(user, pk):
    """A conversation this agent may open, or 404."""
    conversation = get_object_or_404(
        Conversation.objects.select_related("topic", "asked_by", "assigned_agent"),
        pk=pk,
    )
    if role_in(user, conversation) != AGENT:
        raise Http404
    return conversation
