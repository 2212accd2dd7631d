"""Where to find more help: the people and services beyond the employer.

Editors keep the list of help sources (a snippet). The help page shows them
all, the signposting block shows a chosen part of them inside guidance and
trainings, and the crisis numbers (113 and 112) appear on every page whose
text talks about suicidal thoughts, whether or not an editor added them.
"""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, TranslatableMixin

from .cache import content_version
from .pagecache import ReaderCacheable

KINDS = [
    ("work", _("At work")),
    ("care", _("Care and well-being")),
    ("rights", _("Rights and rules")),
    ("peers", _("People who know it from experience")),
    ("crisis", _("In a crisis")),
]

# Words that mean a text talks about suicidal thoughts (Dutch and English).
SUICIDE_WORDS = re.compile(
    r"zelfdoding|zelfmoord|su[iï]cid|levensmoe|niet meer (?:te )?(?:willen )?leven"
    r"|dood (?:willen|wil) zijn|suicid|kill (?:myself|themselves|himself|herself)"
    r"|end (?:my|their|his|her) life",
    re.IGNORECASE,
)
CRISIS_NUMBERS = ("0800-0113", "112")


def mentions_suicidal_thoughts(texts):
    return any(SUICIDE_WORDS.search(text) for text in texts if text)


def needs_crisis_numbers(texts):
    """True when a text talks about suicidal thoughts but does not give both
    crisis numbers itself."""
    texts = [text for text in texts if text]
    if not mentions_suicidal_thoughts(texts):
        return False
    joined = " ".join(texts)
    return not all(number in joined for number in CRISIS_NUMBERS)


class HelpSource(TranslatableMixin, models.Model):
    """One place to turn to: what they can do and how to reach them."""

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=KINDS)
    what_they_do = models.TextField(_("what they can do"), max_length=600)
    how_to_reach = models.TextField(_("how to reach them"), max_length=300)
    phone = models.CharField(
        _("phone number"),
        max_length=30,
        blank=True,
        help_text=_("As people dial it, for example 0800-0113."),
    )
    website = models.URLField(_("website"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("what_they_do"),
        FieldPanel("how_to_reach"),
        FieldPanel("phone"),
        FieldPanel("website"),
        FieldPanel("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "name"]
        verbose_name = _("help source")
        verbose_name_plural = _("help sources")

    def __str__(self):
        return self.name

    @property
    def phone_link(self):
        return "tel:" + re.sub(r"[^\d+]", "", self.phone) if self.phone else ""


def help_sources_by_kind(kinds=None):
    """[(kind code, label, [sources])] in the order of KINDS."""
    from .locales import localized

    sources = list(localized(HelpSource.objects.all()))
    wanted = set(kinds or [code for code, _label in KINDS])
    return [
        (code, label, [source for source in sources if source.kind == code])
        for code, label in KINDS
        if code in wanted and any(source.kind == code for source in sources)
    ]


class HelpPage(ReaderCacheable, Page):
    """Where to find more help: every help source, crisis numbers first."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("help page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["groups"] = help_sources_by_kind()
        context["content_version"] = content_version()
        return context
