"""Conversations between askers and the helpdesk.

The database is the source of truth: every message has a sequence number per
stream, so clients can tell exactly what they are missing and ask for it.
The channel layer only says that something new is there.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Conversation(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        ACTIVE = "active", _("In conversation")
        CLOSED = "closed", _("Closed")

    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="conversations",
    )
    anonymous = models.BooleanField(
        _("ask anonymously"),
        default=False,
        help_text=_("The helpdesk then sees neither your name nor your employer."),
    )
    topic = models.ForeignKey(
        "cms.Topic",
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_conversations",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.WAITING
    )
    # Asked while nobody could answer: email the asker when the answer comes.
    notify_on_answer = models.BooleanField(default=False)
    # The last sequence number handed out per stream; taken under a row lock.
    last_public_seq = models.PositiveIntegerField(default=0)
    last_staff_seq = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    first_answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField(
        _("summary for the helpdesk"), blank=True, max_length=1000
    )
    rating = models.PositiveSmallIntegerField(
        _("how useful was this conversation?"), null=True, blank=True
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        indexes = [
            models.Index(fields=["status", "created_at"], name="conversation_queue")
        ]

    def __str__(self):
        return f"Gesprek {self.pk}"

    def asker_name(self):
        """The asker's name for staff, or "" when anonymous or gone."""
        if self.anonymous or self.asked_by is None:
            return ""
        return self.asked_by.get_full_name() or self.asked_by.email

    def asker_label(self):
        """How staff see the asker: nothing identifying when anonymous."""
        return self.asker_name() or str(_("Anonymous"))


class Message(models.Model):
    class Stream(models.TextChoices):
        PUBLIC = "public", _("Conversation")
        STAFF = "staff", _("Helpdesk only")

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        SYSTEM = "system", _("System")
        NOTE = "note", _("Private note")

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    stream = models.CharField(
        max_length=10, choices=Stream.choices, default=Stream.PUBLIC
    )
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TEXT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    body = models.TextField(max_length=settings.WERKBEHOUD_CHAT_MAX_MESSAGE_LENGTH)
    # Made by the client once per message; empty for system messages.
    client_id = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["conversation", "stream", "seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "stream", "seq"], name="message_seq_unique"
            ),
            models.UniqueConstraint(
                fields=["conversation", "client_id"],
                condition=~models.Q(client_id=""),
                name="message_client_id_unique",
            ),
        ]

    def __str__(self):
        return f"{self.conversation_id}/{self.stream}/{self.seq}"


class AgentPresence(models.Model):
    """When a helpdesk agent's queue page last said it was there."""

    agent = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_presence"
    )
    last_seen = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.agent} {self.last_seen:%H:%M:%S}"
