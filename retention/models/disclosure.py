"""Deciding what to tell at work: the employee's own weighing, in the spirit
of the CORAL decision aid (Conceal Or Reveal). Private: no view shows it to
anyone but the employee, it is never shared, and it is in their download."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Employee

from .own_plan import TEXT


class DisclosureAid(models.Model):
    class Leaning(models.TextChoices):
        UNSURE = "unsure", _("I do not know yet")
        NOTHING = "nothing", _("I tell nothing for now")
        SOME = "some", _("I tell some people a part")
        OPEN = "open", _("I am open about it")

    employee = models.OneToOneField(
        Employee, on_delete=models.CASCADE, related_name="disclosure_aid"
    )
    gains = models.TextField(
        _("What could telling bring you?"),
        blank=True,
        max_length=TEXT,
        help_text=_(
            "For example: understanding, an adjustment that helps, no longer "
            "having to hide something."
        ),
    )
    worries = models.TextField(
        _("What makes you hesitate? What are you afraid of?"),
        blank=True,
        max_length=TEXT,
        help_text=_(
            "For example: that people look at you differently, gossip, fewer "
            "chances at work."
        ),
    )
    whom = models.TextField(
        _("Whom would you tell?"),
        blank=True,
        max_length=TEXT,
        help_text=_(
            "Your work supervisor, HR, a colleague you trust, the company doctor. "
            "You may tell each person something different."
        ),
    )
    what = models.TextField(
        _("What do you want to tell, and what not?"),
        blank=True,
        max_length=TEXT,
        help_text=_(
            "You never have to name a diagnosis. You can also only tell what you "
            "need at work."
        ),
    )
    when_how = models.TextField(
        _("When and how?"),
        blank=True,
        max_length=TEXT,
        help_text=_(
            "A calm moment works better than a moment when something just went "
            "wrong. In a talk, or on paper? Would you bring someone?"
        ),
    )
    leaning = models.CharField(
        _("Where do you lean now?"),
        max_length=10,
        choices=Leaning.choices,
        default=Leaning.UNSURE,
    )
    updated_at = models.DateTimeField(auto_now=True)

    QUESTIONS = ["gains", "worries", "whom", "what", "when_how"]

    class Meta:
        verbose_name = _("deciding what to tell")
        verbose_name_plural = _("deciding what to tell")

    def __str__(self):
        return str(self.employee)

    def answers(self):
        """[(question, answer)] of what is filled in."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in self.QUESTIONS
            if getattr(self, name).strip()
        ]
