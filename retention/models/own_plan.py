"""The employee's own plan for working well (after WRAP, the Wellness Action
Plan and the signaleringsplan). Every part is private until the employee
shares it with their work supervisor; nobody else can edit it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Employee

# Enough for a few paragraphs; a section is read on a phone at a sick call.
TEXT = 2000


class SharedSections:
    """A plan of sections (SECTIONS: key, title, text fields), each private
    until the employee shares it with the current work supervisor
    (a share_<key> field per section)."""

    SECTIONS = []

    def sections(self, shared_only=False, order=None):
        """Sections as (key, title, [(label, text)], shared), skipping empty ones."""
        by_key = {key: (title, fields) for key, title, fields in self.SECTIONS}
        keys = order or [key for key, _title, _fields in self.SECTIONS]
        result = []
        for key in keys:
            title, fields = by_key[key]
            shared = getattr(self, f"share_{key}")
            if shared_only and not shared:
                continue
            texts = [
                (self._meta.get_field(name).verbose_name, getattr(self, name))
                for name in fields
                if getattr(self, name).strip()
            ]
            if texts:
                result.append((key, title, texts, shared))
        return result

    def shared_sections(self, order=None):
        return self.sections(shared_only=True, order=order)

    @property
    def is_empty(self):
        return not self.sections()

    def reset_sharing(self, now):
        """Make every shared section private again (a new supervisor);
        returns the keys that were shared."""
        was_shared = [
            key
            for key, _title, _fields in self.SECTIONS
            if getattr(self, f"share_{key}")
        ]
        if was_shared:
            for key in was_shared:
                setattr(self, f"share_{key}", False)
            self.sharing_reset_at = now
            self.save(
                update_fields=[f"share_{key}" for key in was_shared]
                + ["sharing_reset_at", "updated_at"]
            )
        return was_shared


class OwnPlan(SharedSections, models.Model):
    employee = models.OneToOneField(
        Employee, on_delete=models.CASCADE, related_name="own_plan"
    )

    what_helps = models.TextField(
        _("What helps me to work well"), blank=True, max_length=TEXT
    )
    triggers = models.TextField(
        _("What throws me off balance at work"), blank=True, max_length=TEXT
    )
    green_signs = models.TextField(
        _("How you notice it goes well"), blank=True, max_length=TEXT
    )
    green_i_do = models.TextField(_("What I do then"), blank=True, max_length=TEXT)
    green_supervisor = models.TextField(
        _("What my work supervisor can do"), blank=True, max_length=TEXT
    )
    orange_signs = models.TextField(
        _("Signs that it goes less well"), blank=True, max_length=TEXT
    )
    orange_i_do = models.TextField(_("What I do then"), blank=True, max_length=TEXT)
    orange_supervisor = models.TextField(
        _("What my work supervisor can do"), blank=True, max_length=TEXT
    )
    red_signs = models.TextField(
        _("Signs that it goes badly"), blank=True, max_length=TEXT
    )
    red_i_do = models.TextField(_("What I do then"), blank=True, max_length=TEXT)
    red_supervisor = models.TextField(
        _("What my work supervisor can do"), blank=True, max_length=TEXT
    )
    rather_not = models.TextField(
        _("What I would rather not have happen"), blank=True, max_length=TEXT
    )
    emergency = models.TextField(
        _("What colleagues should do in an emergency"),
        blank=True,
        max_length=TEXT,
        help_text=_(
            "Only if you want colleagues to know how to help you in an emergency."
        ),
    )

    share_what_helps = models.BooleanField(default=False)
    share_triggers = models.BooleanField(default=False)
    share_green = models.BooleanField(default=False)
    share_orange = models.BooleanField(default=False)
    share_red = models.BooleanField(default=False)
    share_rather_not = models.BooleanField(default=False)
    share_emergency = models.BooleanField(default=False)

    review_on = models.DateField(
        _("When I look at my plan again"),
        null=True,
        blank=True,
        help_text=_(
            "You get an email that day. At least every half year is a good habit."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Set when the supervisor changed and what was shared became private
    # again; cleared when the employee saves the plan (and so chooses anew).
    sharing_reset_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Section key, title, its text fields; the order is the order on screen.
    SECTIONS = [
        ("what_helps", _("What helps me"), ["what_helps"]),
        ("triggers", _("What throws me off balance"), ["triggers"]),
        (
            "green",
            _("Green: it goes well"),
            ["green_signs", "green_i_do", "green_supervisor"],
        ),
        (
            "orange",
            _("Orange: it goes less well"),
            ["orange_signs", "orange_i_do", "orange_supervisor"],
        ),
        ("red", _("Red: it goes badly"), ["red_signs", "red_i_do", "red_supervisor"]),
        ("rather_not", _("What I would rather not"), ["rather_not"]),
        ("emergency", _("In an emergency"), ["emergency"]),
    ]
    # At a sick call the supervisor needs the warning phases first.
    SICK_CALL_ORDER = [
        "red",
        "orange",
        "green",
        "rather_not",
        "emergency",
        "what_helps",
        "triggers",
    ]

    class Meta:
        verbose_name = _("own plan")
        verbose_name_plural = _("own plans")

    def __str__(self):
        return str(self.employee)
