"""The employee's own chat conversations, for their data download.

What they asked and what the helpdesk answered, as the employee saw it:
helpdesk staff's private notes about a question are their working notes
and are not part of the conversation the employee had."""

from django.utils import timezone

from .frames import author_role
from .models import Conversation, Message


def conversations_of(employee):
    if not employee.user_id:
        return []
    conversations = Conversation.objects.filter(asked_by_id=employee.user_id)
    return [
        {
            "asked_at": timezone.localtime(conversation.created_at),
            "topic": conversation.topic.name if conversation.topic else None,
            "anonymous": conversation.anonymous,
            "status": conversation.status,
            "closed_at": conversation.closed_at,
            "rating": conversation.rating,
            "messages": [
                {
                    "at": timezone.localtime(message.created_at),
                    "from": author_role(message, conversation.asked_by_id),
                    "name": message.author.first_name
                    if message.author_id and message.author_id != employee.user_id
                    else None,
                    "text": message.body,
                }
                for message in conversation.messages.filter(
                    stream=Message.Stream.PUBLIC
                )
                .select_related("author")
                .order_by("seq")
            ],
        }
        for conversation in conversations.select_related("topic").order_by("created_at")
    ]
