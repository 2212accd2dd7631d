"""The chat's pages: asking and following a question, and the helpdesk side."""

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.models import CannedAnswer
from portal import access as portal_access

from . import services
from .access import ASKER, agent_conversation, can_ask, own_conversation
from .forms import AgentCloseForm, RatingForm, StartForm, TransferForm
from .frames import message_frame, offline_text, queue_frame, status_text
from .hours import availability
from .models import Conversation, Message
from .texts import client_texts

HELPDESK = portal_access.HELPDESK


def _asker_only(view):
    @login_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_ask(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _socket_path(conversation):
    return f"/ws/chat/{conversation.pk}/"


@_asker_only
def start(request):
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            conversation = services.start_conversation(
                request.user,
                form.cleaned_data["question"],
                form.cleaned_data["topic"],
                form.cleaned_data["anonymous"],
            )
        except services.ChatError as error:
            form.add_error(None, str(error))
        else:
            warning = services.privacy_warning(ASKER, form.cleaned_data["question"])
            if warning:
                messages.warning(request, warning)
            return redirect("chat:conversation", pk=conversation.pk)
    now = availability()
    return render(
        request,
        "chat/start.html",
        {
            "form": form,
            "answering_now": now.answering_now,
            "offline_text": None if now.answering_now else offline_text(now),
            "conversations": Conversation.objects.filter(asked_by=request.user)
            .select_related("topic")
            .order_by("-created_at")[:20],
        },
    )


@_asker_only
def conversation(request, pk):
    conversation = own_conversation(request.user, pk)
    history = services.messages_after(
        conversation.pk, Message.Stream.PUBLIC, 0, limit=10_000
    )
    return render(
        request,
        "chat/conversation.html",
        {
            "conversation": conversation,
            "history": [message_frame(message, "asker") for message in history],
            "status_text": status_text(
                conversation, services.queue_position(conversation)
            ),
            "socket_path": _socket_path(conversation),
            "rating_form": RatingForm(),
            "texts": client_texts(),
            "max_length": settings.WERKBEHOUD_CHAT_MAX_MESSAGE_LENGTH,
        },
    )


@require_POST
@_asker_only
def asker_close(request, pk):
    conversation = own_conversation(request.user, pk)
    services.close(conversation.pk, request.user)
    messages.success(
        request, _("The conversation is closed. Thank you for your question.")
    )
    return redirect("chat:conversation", pk=conversation.pk)


@require_POST
@_asker_only
def rate(request, pk):
    conversation = own_conversation(request.user, pk)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.rate(conversation, request.user, form.cleaned_data["rating"])
        except services.ChatError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you for your answer."))
    else:
        messages.error(request, _("Choose one of the answers."))
    return redirect("chat:conversation", pk=conversation.pk)


@portal_access.role_required(HELPDESK)
def helpdesk(request):
    return render(
        request,
        "chat/helpdesk.html",
        {"queue": queue_frame(request.user), "texts": client_texts()},
    )


@portal_access.role_required(HELPDESK)
def agent_view(request, pk):
    conversation = agent_conversation(request.user, pk)
    history = [
        message_frame(message, "agent")
        for stream in (Message.Stream.PUBLIC, Message.Stream.STAFF)
        for message in services.messages_after(conversation.pk, stream, 0, limit=10_000)
    ]
    history.sort(key=lambda frame: frame["created_at"])
    mine = conversation.assigned_agent_id == request.user.pk
    return render(
        request,
        "chat/agent_conversation.html",
        {
            "conversation": conversation,
            "history": history,
            "mine": mine,
            "socket_path": _socket_path(conversation),
            "canned_answers": CannedAnswer.objects.select_related("page")
            if mine
            else [],
            "close_form": AgentCloseForm(),
            "texts": client_texts(),
            "transfer_form": TransferForm(agent=request.user),
            "max_length": settings.WERKBEHOUD_CHAT_MAX_MESSAGE_LENGTH,
        },
    )


def _agent_action(request, pk, action, success):
    conversation = agent_conversation(request.user, pk)
    try:
        action(conversation)
    except services.ChatError as error:
        messages.error(request, str(error))
        return redirect("chat:helpdesk")
    if success:
        messages.success(request, success)
    return redirect("chat:agent_conversation", pk=conversation.pk)


@require_POST
@portal_access.role_required(HELPDESK)
def claim(request, pk):
    return _agent_action(
        request, pk, lambda c: services.claim(c.pk, request.user), None
    )


@require_POST
@portal_access.role_required(HELPDESK)
def claim_next(request):
    try:
        conversation = services.claim_next(request.user)
    except services.ChatError as error:
        messages.info(request, str(error))
        return redirect("chat:helpdesk")
    return redirect("chat:agent_conversation", pk=conversation.pk)


@require_POST
@portal_access.role_required(HELPDESK)
def transfer(request, pk):
    form = TransferForm(request.POST, agent=request.user)
    if not form.is_valid():
        messages.error(request, _("Choose a colleague to hand the conversation to."))
        return redirect("chat:agent_conversation", pk=pk)
    colleague = form.cleaned_data["colleague"]
    conversation = agent_conversation(request.user, pk)
    try:
        services.transfer(conversation.pk, request.user, colleague)
    except services.ChatError as error:
        messages.error(request, str(error))
        return redirect("chat:agent_conversation", pk=pk)
    messages.success(
        request,
        _("The conversation has been handed over to %(name)s.")
        % {"name": colleague.first_name},
    )
    return redirect("chat:helpdesk")


@require_POST
@portal_access.role_required(HELPDESK)
def agent_close(request, pk):
    form = AgentCloseForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("summary", []):
            messages.error(request, error)
        return redirect("chat:agent_conversation", pk=pk)
    return _agent_action(
        request,
        pk,
        lambda c: services.close(c.pk, request.user, form.cleaned_data["summary"]),
        _("The conversation is closed."),
    )


@portal_access.role_required(HELPDESK)
def delete(request, pk):
    conversation = agent_conversation(request.user, pk)
    if request.method == "POST":
        services.delete_conversation(conversation)
        messages.success(
            request, _("The conversation and all its messages have been deleted.")
        )
        return redirect("chat:helpdesk")
    return render(request, "chat/delete.html", {"conversation": conversation})
