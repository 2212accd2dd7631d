"""Preparing a conversation with the work supervisor: what I want to tell,
what I need, my questions, what I do not want to discuss. Private until
the employee shares a section, by the same rules as the own plan."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Employee

from .own_plan import TEXT, SharedSections


class ConversationPrep(SharedSections, models.Model):
    employee = models.OneToOneField(
        Employee, on_delete=models.CASCADE, related_name="conversation_prep"
    )
    meeting_on = models.DateField(_("Date of the conversation"), null=True, blank=True)
    tell = models.TextField(_("What I want to tell"), blank=True, max_length=TEXT)
    need = models.TextField(_("What I need"), blank=True, max_length=TEXT)
    questions = models.TextField(_("My questions"), blank=True, max_length=TEXT)
    not_discuss = models.TextField(
        _("What I do not want to discuss"), blank=True, max_length=TEXT
    )
    share_tell = models.BooleanField(default=False)
    share_need = models.BooleanField(default=False)
    share_questions = models.BooleanField(default=False)
    share_not_discuss = models.BooleanField(default=False)
    sharing_reset_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    SECTIONS = [
        ("tell", _("What I want to tell"), ["tell"]),
        ("need", _("What I need"), ["need"]),
        ("questions", _("My questions"), ["questions"]),
        ("not_discuss", _("What I do not want to discuss"), ["not_discuss"]),
    ]

    class Meta:
        verbose_name = _("conversation preparation")
        verbose_name_plural = _("conversation preparations")

    def __str__(self):
        return str(self.employee)
