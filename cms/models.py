"""Wagtail pages and snippets of the guidance site."""

import datetime
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from portal.csrf import open_to_visitors

from .blocks import AudienceRouteBlock, GuidanceStreamBlock, easy_read_field
from .cache import content_version, kept_per_version
from .forms import FeedbackForm
from .locales import SOURCE_LANGUAGE, localized
from .pagecache import ReaderCacheable

LIST_FEATURES = ["ul", "bold", "italic"]
# Readers at B1 level read slower than the usual 200-250 words a minute.
WORDS_PER_MINUTE = 180

AUDIENCES = [
    ("employer", _("Employer or HR")),
    ("supervisor", _("Work supervisor")),
    ("employee", _("Employee")),
    ("jobcoach", _("Job coach")),
]


class Topic(TranslatableMixin, models.Model):
    """A subject guidance is grouped by, such as energy or the sick call."""

    name = models.CharField(_("name"), max_length=100)
    # The same slug in every language: filters and links keep working when
    # the reader switches language.
    slug = models.SlugField(_("slug"), max_length=100)
    description = models.TextField(_("description"), blank=True, max_length=500)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="cms_topic_slug_per_locale"
            )
        ]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name


class BehaviourCard(TranslatableMixin, index.Indexed, models.Model):
    """Behaviour one can see at work, and what one can do: never a label."""

    behaviour = models.CharField(_("behaviour at work"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120)
    summary = models.CharField(_("summary"), max_length=300)
    what_you_may_see = RichTextField(_("what you may see"), features=LIST_FEATURES)
    what_may_be_behind = RichTextField(
        _("what may be behind it"),
        features=LIST_FEATURES,
        help_text=_("Possible reasons in everyday words. Never a diagnosis."),
    )
    what_you_can_do = RichTextField(_("what you can do"), features=LIST_FEATURES)
    what_to_avoid = RichTextField(_("what to avoid"), features=LIST_FEATURES)

    panels = [
        FieldPanel("behaviour"),
        FieldPanel("slug"),
        FieldPanel("summary"),
        FieldPanel("what_you_may_see"),
        FieldPanel("what_may_be_behind"),
        FieldPanel("what_you_can_do"),
        FieldPanel("what_to_avoid"),
    ]
    search_fields = [
        index.SearchField("behaviour", boost=3),
        index.AutocompleteField("behaviour"),
        index.SearchField("summary"),
        index.SearchField("what_you_may_see"),
        index.SearchField("what_you_can_do"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["behaviour"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="cms_behaviourcard_slug_per_locale"
            )
        ]
        verbose_name = _("behaviour card")
        verbose_name_plural = _("behaviour cards")

    def __str__(self):
        return self.behaviour

    @property
    def reader_texts(self):
        return [
            self.behaviour,
            self.summary,
            self.what_you_may_see,
            self.what_may_be_behind,
            self.what_you_can_do,
            self.what_to_avoid,
        ]


class HomePage(ReaderCacheable, Page):
    """The front door: routes visitors by who they are."""

    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"]
    )
    routes = StreamField(
        [("route", AudienceRouteBlock())], verbose_name=_("routes"), blank=True
    )
    chat_text = models.TextField(
        _("invitation to the chat"), blank=True, max_length=500
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("routes"),
        FieldPanel("chat_text"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.TopicHubPage",
        "cms.BehaviourCardIndexPage",
        "cms.TrainingIndexPage",
        "cms.HelpPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """A page not translated yet is served in Dutch, marked as such,
        rather than not found."""
        try:
            return super().route(request, path_components)
        except Http404:
            source = self.source_home()
            if source is None:
                raise
            result = source.route(request, path_components)
            request.content_language = SOURCE_LANGUAGE
            return result

    def source_home(self):
        """The Dutch home page this one translates, or None for the Dutch
        home itself."""
        if self.locale_id and self.locale.language_code == SOURCE_LANGUAGE:
            return None
        return (
            HomePage.objects.live()
            .filter(
                translation_key=self.translation_key,
                locale__language_code=SOURCE_LANGUAGE,
            )
            .first()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["hub"] = TopicHubPage.objects.live().child_of(self).first()
        context["content_version"] = content_version()
        return context


class TopicHubPage(ReaderCacheable, Page):
    """All guidance, filtered by topic and audience with a plain GET form."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.GuidancePage"]
    max_count = 1
    page_size = 12

    class Meta:
        verbose_name = _("topic hub")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        topics = list(localized(Topic.objects.all()))
        chosen_topic = next(
            (topic for topic in topics if topic.slug == request.GET.get("onderwerp")),
            None,
        )
        audience = request.GET.get("voor")
        if audience not in dict(AUDIENCES):
            audience = None
        guidance = (
            GuidancePage.objects.live()
            .child_of(self)
            .prefetch_related("topics")
            .order_by("title")
        )
        if chosen_topic:
            guidance = guidance.filter(topics=chosen_topic)
        if audience:
            guidance = guidance.filter(**{f"for_{audience}": True})
        context.update(
            topics=topics,
            audiences=AUDIENCES,
            chosen_topic=chosen_topic,
            chosen_audience=audience,
            page_obj=Paginator(guidance, self.page_size).get_page(
                request.GET.get("pagina")
            ),
            content_version=content_version(),
        )
        return context


class GuidancePage(ReaderCacheable, RoutablePageMixin, Page):
    """Practical guidance on one subject, for one or more audiences."""

    summary = models.TextField(
        _("summary"), max_length=400, help_text=_("One to three plain sentences.")
    )
    for_employer = models.BooleanField(_("for employers and HR"), default=False)
    for_supervisor = models.BooleanField(_("for work supervisors"), default=False)
    for_employee = models.BooleanField(_("for employees"), default=False)
    for_jobcoach = models.BooleanField(_("for job coaches"), default=False)
    topics = ParentalManyToManyField(
        Topic, related_name="guidance_pages", verbose_name=_("topics")
    )
    behaviour_cards = ParentalManyToManyField(
        BehaviourCard,
        blank=True,
        related_name="guidance_pages",
        verbose_name=_("behaviour cards"),
    )
    last_reviewed = models.DateField(
        _("last reviewed"),
        help_text=_("When an expert last checked that this is still right."),
    )
    reading_minutes = models.PositiveSmallIntegerField(
        _("reading time in minutes"), default=1, editable=False
    )
    body = StreamField(GuidanceStreamBlock(), verbose_name=_("body"))
    in_short = easy_read_field()

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("in_short"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("for_employer"),
                        FieldPanel("for_supervisor"),
                        FieldPanel("for_employee"),
                        FieldPanel("for_jobcoach"),
                    ]
                )
            ],
            heading=_("Audience"),
        ),
        FieldPanel("topics"),
        FieldPanel("behaviour_cards"),
        FieldPanel("last_reviewed"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.FilterField("for_employer"),
        index.FilterField("for_supervisor"),
        index.FilterField("for_employee"),
        index.FilterField("for_jobcoach"),
    ]
    parent_page_types = ["cms.TopicHubPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("guidance page")
        verbose_name_plural = _("guidance pages")

    def clean(self):
        super().clean()
        if not any(getattr(self, f"for_{code}") for code, _label in AUDIENCES):
            raise ValidationError(_("Choose at least one audience."))

    def save(self, *args, **kwargs):
        self.reading_minutes = reading_minutes(self.body)
        super().save(*args, **kwargs)

    @property
    def audience_labels(self):
        return [label for code, label in AUDIENCES if getattr(self, f"for_{code}")]

    @property
    def is_due_for_review(self):
        return self.last_reviewed < review_cutoff()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.setdefault("feedback_form", FeedbackForm())
        context["feedback_thanks"] = request.GET.get("feedback") == "bedankt"
        context["content_version"] = content_version()
        context["cards_url"] = behaviour_index_url()
        return context

    @path("")
    def guidance(self, request):
        return self.render(request)

    @path("feedback/", name="feedback")
    @open_to_visitors
    def receive_feedback(self, request):
        from .services import record_feedback

        if request.method != "POST":
            return redirect(self.url)
        form = FeedbackForm(request.POST)
        if form.is_valid() and record_feedback(request, self, form):
            return redirect(self.url + "?feedback=bedankt#feedback")
        response = self.render(request, context_overrides={"feedback_form": form})
        response.status_code = 400
        return response


class BehaviourCardIndexPage(ReaderCacheable, RoutablePageMixin, Page):
    """The behaviour cards, each on a page of its own below this one."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("behaviour card index")

    @path("")
    def card_list(self, request):
        return self.render(
            request,
            context_overrides={
                "cards": localized(BehaviourCard.objects.all()),
                "content_version": content_version(),
            },
        )

    @path("<slug:slug>/")
    def card_detail(self, request, slug):
        card = localized(BehaviourCard.objects.filter(slug=slug)).first()
        if card is None:
            raise Http404
        return self.render(
            request,
            template="cms/behaviour_card.html",
            context_overrides={
                "card": card,
                "guidance": card.guidance_pages.live().order_by("title"),
                "content_version": content_version(),
            },
        )


def behaviour_index_url():
    """URL of the behaviour card index, looked up once per content version."""

    def read():
        index_page = BehaviourCardIndexPage.objects.live().first()
        # The same address in every language: slugs are kept in translation.
        return index_page.url if index_page else ""

    return kept_per_version("behaviour-index-url", read) or None


class GuidanceFeedback(models.Model):
    """An answer to "Did this help?". No account, address or time of day is
    kept: only the page, the answer, an optional comment and the date."""

    page = models.ForeignKey(
        GuidancePage, on_delete=models.CASCADE, related_name="feedback"
    )
    helpful = models.BooleanField(_("helpful"))
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    created_on = models.DateField(_("date"), auto_now_add=True)

    class Meta:
        ordering = ["-created_on", "-pk"]
        verbose_name = _("feedback on guidance")
        verbose_name_plural = _("feedback on guidance")

    def __str__(self):
        return f"{self.page.title}: {'ja' if self.helpful else 'nee'}"


REVIEW_AFTER = timedelta(days=365)


def review_cutoff():
    """Guidance last checked before this day is due for review."""
    return timezone.localdate() - REVIEW_AFTER


def reading_minutes(body):
    """Minutes to read a StreamField body, at least one."""
    words = sum(len(strip_tags(text).split()) for text in _texts(body.get_prep_value()))
    return max(1, round(words / WORDS_PER_MINUTE))


def _texts(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("type", "id"):
                yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


class CannedAnswer(models.Model):
    """A ready answer the helpdesk can insert in a chat, linking to guidance."""

    title = models.CharField(_("title"), max_length=120)
    text = models.TextField(_("text"), max_length=2000)
    # Any page: guidance, a training, the help page.
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("title"), FieldPanel("text"), FieldPanel("page")]

    class Meta:
        ordering = ["title"]
        verbose_name = _("canned answer")
        verbose_name_plural = _("canned answers")

    def __str__(self):
        return self.title


DAYS = [
    ("monday", _("Monday")),
    ("tuesday", _("Tuesday")),
    ("wednesday", _("Wednesday")),
    ("thursday", _("Thursday")),
    ("friday", _("Friday")),
    ("saturday", _("Saturday")),
    ("sunday", _("Sunday")),
]


def _hours_fields():
    fields = {}
    for day, label in DAYS:
        weekend = day in ("saturday", "sunday")
        fields[f"{day}_opens"] = models.TimeField(
            format_lazy(_("{day} opens"), day=label),
            null=True,
            blank=True,
            default=None if weekend else datetime.time(9, 0),
        )
        fields[f"{day}_closes"] = models.TimeField(
            format_lazy(_("{day} closes"), day=label),
            null=True,
            blank=True,
            default=None if weekend else datetime.time(17, 0),
        )
    return fields


@register_setting(icon="time")
class HelpdeskSettings(BaseGenericSetting):
    """When the helpdesk answers chats. A day without times is closed."""

    # An opening and a closing time for each day of the week.
    locals().update(_hours_fields())

    panels = [
        FieldRowPanel(
            [FieldPanel(f"{day}_opens"), FieldPanel(f"{day}_closes")], heading=label
        )
        for day, label in DAYS
    ]

    class Meta:
        verbose_name = _("helpdesk hours")

    def hours_on(self, weekday):
        """(opens, closes) for a weekday number (Monday is 0), or None."""
        day = DAYS[weekday][0]
        opens, closes = getattr(self, f"{day}_opens"), getattr(self, f"{day}_closes")
        return (opens, closes) if opens and closes and opens < closes else None


# Trainings live in their own module; imported here so Django sees the models.
from .signposting import HelpPage, HelpSource  # noqa: E402,F401
from .trainings import TrainingIndexPage, TrainingPage, TrainingProgress  # noqa: E402,F401
