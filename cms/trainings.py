"""Short trainings: pages built from steps, with private progress.

A training is a Wagtail page with a few short steps. Each step holds text,
an example from practice, a question to think about, a small exercise or a
question with choices, each choice with its own feedback. A step is a page
of its own (`stap/<n>/`), so a training works without JavaScript; choosing
an answer is a GET that changes nothing on the server.

Progress is kept for logged-in readers only and only for themselves: no
supervisor, HR or helpdesk view reads `TrainingProgress`. Anonymous readers
keep theirs in the browser (static/js/portal.js).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import TrainingStepBlock, easy_read_field
from .pagecache import ReaderCacheable

TRAINING_AUDIENCES = [
    ("employee", _("For employees")),
    ("supervisor", _("For work supervisors")),
    ("employer", _("For employers and HR")),
]


class TrainingIndexPage(ReaderCacheable, Page):
    """All trainings, grouped by audience."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.TrainingPage"]
    max_count = 1

    class Meta:
        verbose_name = _("training index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        trainings = list(
            TrainingPage.objects.live()
            .child_of(self)
            .select_related("topic")
            .order_by("title")
        )
        progress = progress_by_training(request.user, trainings)
        rows = {code: [] for code, _label in TRAINING_AUDIENCES}
        for training in trainings:
            mine = progress.get(training.pk)
            done = mine.done_count(training) if mine else 0
            rows[training.audience].append((training, mine, done))
        groups = [
            (code, label, rows[code])
            for code, label in TRAINING_AUDIENCES
            if rows[code]
        ]
        context["groups"] = groups
        return context


class TrainingPage(ReaderCacheable, RoutablePageMixin, Page):
    """One short training: an introduction and a few steps."""

    summary = models.TextField(
        _("summary"), max_length=400, help_text=_("One to three plain sentences.")
    )
    audience = models.CharField(
        _("audience"), max_length=20, choices=TRAINING_AUDIENCES
    )
    topic = models.ForeignKey(
        "cms.Topic",
        verbose_name=_("topic"),
        on_delete=models.PROTECT,
        related_name="trainings",
    )
    minutes = models.PositiveSmallIntegerField(
        _("estimated time in minutes"),
        help_text=_("How long the whole training takes, thinking included."),
    )
    steps = StreamField(
        [("step", TrainingStepBlock())],
        verbose_name=_("steps"),
        min_num=1,
    )
    in_short = easy_read_field()

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("in_short"),
        FieldPanel("audience"),
        FieldPanel("topic"),
        FieldPanel("minutes"),
        FieldPanel("steps"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("steps"),
        index.FilterField("audience"),
    ]
    parent_page_types = ["cms.TrainingIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")

    def clean(self):
        super().clean()
        if self.minutes is not None and not 1 <= self.minutes <= 60:
            raise ValidationError(
                {"minutes": _("A short training takes between 1 and 60 minutes.")}
            )

    @property
    def step_count(self):
        return len(self.steps)

    def step_ids(self):
        return [step.id for step in self.steps]

    def step_url(self, number):
        return f"{self.url}stap/{number}/"

    # Views --------------------------------------------------------------------

    @path("")
    def overview(self, request):
        progress = progress_for(request.user, self)
        return self.render(
            request,
            context_overrides={
                "progress": progress,
                "resume_number": progress.resume_number(self) if progress else None,
            },
        )

    @path("stap/<int:number>/")
    def step(self, request, number):
        if not 1 <= number <= self.step_count:
            raise Http404
        step = self.steps[number - 1]
        if request.method == "POST":
            return self._move_on(request, number, step)
        if request.method not in ("GET", "HEAD"):
            return redirect(self.step_url(number))
        progress = progress_for(request.user, self)
        if progress is not None and progress.last_step_id != step.id:
            progress.last_step_id = step.id
            progress.save(update_fields=["last_step_id", "updated_at"])
        return self.render(
            request,
            template="cms/training_step.html",
            context_overrides={
                "step": step,
                "number": number,
                "items": step_items(step, request.GET),
                "previous_url": self.step_url(number - 1) if number > 1 else None,
                "is_last": number == self.step_count,
                "progress": progress,
                "done": progress is not None and step.id in progress.steps_done,
            },
        )

    def _move_on(self, request, number, step):
        """'Next step' for a logged-in reader: this step is done."""
        if request.user.is_authenticated:
            progress = progress_for(request.user, self, create=True)
            progress.mark_done(step.id, finished=number == self.step_count)
        if number == self.step_count:
            return redirect(f"{self.url}klaar/")
        return redirect(self.step_url(number + 1))

    @path("klaar/")
    def finished(self, request):
        return self.render(
            request,
            template="cms/training_finished.html",
            context_overrides={"progress": progress_for(request.user, self)},
        )

    @path("opnieuw/")
    def reset(self, request):
        """Forget this reader's progress, after a confirmation."""
        if not request.user.is_authenticated:
            return redirect(self.url)
        if request.method == "POST":
            TrainingProgress.objects.filter(user=request.user, training=self).delete()
            return redirect(self.url + "?opnieuw=1")
        return self.render(
            request,
            template="cms/training_reset.html",
            context_overrides={"progress": progress_for(request.user, self)},
        )


def step_items(step, query):
    """The blocks of a step, each with the choice the reader made (a
    question answered by GET ?vraag=<block id>&keuze=<n>), or None."""
    asked, chosen = query.get("vraag"), query.get("keuze")
    items = []
    for child in step.value["content"]:
        choice = None
        if child.block_type == "question" and child.id == asked and chosen:
            try:
                index_ = int(chosen)
            except ValueError:
                index_ = -1
            if 0 <= index_ < len(child.value["choices"]):
                choice = index_
        items.append((child, choice))
    return items


class TrainingProgress(models.Model):
    """How far one person got in one training. Only that person sees it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="training_progress",
    )
    training = models.ForeignKey(
        TrainingPage, on_delete=models.CASCADE, related_name="+"
    )
    # Ids of the step blocks, so reordering steps keeps what was done.
    steps_done = models.JSONField(default=list)
    last_step_id = models.CharField(max_length=64, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "training"], name="one_progress_per_training"
            )
        ]
        verbose_name = _("training progress")
        verbose_name_plural = _("training progress")

    def __str__(self):
        return f"{self.user} · {self.training}"

    def mark_done(self, step_id, finished=False):
        if step_id not in self.steps_done:
            self.steps_done = [*self.steps_done, step_id]
        self.last_step_id = step_id
        if finished and self.finished_at is None:
            self.finished_at = timezone.now()
        self.save()

    def done_count(self, training):
        return len(set(self.steps_done) & set(training.step_ids()))

    def resume_number(self, training):
        """The step to go on with: the first not done, or the last one read."""
        ids = training.step_ids()
        for position, step_id in enumerate(ids, start=1):
            if step_id not in self.steps_done:
                return position
        return len(ids) if ids else None


def progress_for(user, training, create=False):
    if not user.is_authenticated:
        return None
    if create:
        return TrainingProgress.objects.get_or_create(user=user, training=training)[0]
    return TrainingProgress.objects.filter(user=user, training=training).first()


def progress_by_training(user, trainings):
    if not user.is_authenticated:
        return {}
    return {
        progress.training_id: progress
        for progress in TrainingProgress.objects.filter(
            user=user, training__in=[training.pk for training in trainings]
        )
    }


def progress_of(employee):
    """The employee's own training progress, for their data download."""
    if not employee.user_id:
        return []
    return [
        {
            "training": progress.training.title,
            "steps_done": progress.done_count(progress.training),
            "steps": progress.training.step_count,
            "finished_at": progress.finished_at,
            "updated_at": progress.updated_at,
        }
        for progress in TrainingProgress.objects.filter(
            user_id=employee.user_id
        ).select_related("training")
    ]
