"""StreamField blocks of the guidance pages: one block per way of helping.

Each block has its own template in templates/blocks/, an icon, a description
for editors and a preview value for Wagtail's block previews.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.snippets.blocks import SnippetChooserBlock

from . import pictograms, signposting

TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]


class TextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        template = "blocks/text.html"
        description = _("Paragraphs, headings and lists.")
        preview_value = (
            "<h2>Een belangrijk moment</h2><p>Het gesprek is kort, maar telt.</p>"
        )


class DoDontBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False)
    do = blocks.ListBlock(blocks.CharBlock(label=_("Do")), label=_("Do"))
    dont = blocks.ListBlock(blocks.CharBlock(label=_("Don't")), label=_("Don't"))

    class Meta:
        icon = "tick"
        label = _("Do and don't")
        template = "blocks/do_dont.html"
        description = _("Two lists side by side: what helps and what to avoid.")
        preview_value = {
            "heading": "Bij de ziekmelding",
            "do": ["Vraag hoe lang het ongeveer duurt."],
            "dont": ["Vraag niet wat iemand heeft."],
        }


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Step"))
    text = blocks.TextBlock(label=_("Explanation"), required=False)


class StepsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"))
    intro = blocks.TextBlock(label=_("Introduction"), required=False)
    steps = blocks.ListBlock(StepBlock(), label=_("Steps"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("Numbered steps")
        template = "blocks/steps.html"
        description = _("Steps to take in order.")
        preview_value = {
            "heading": "Zo pak je het aan",
            "steps": [{"title": "Toon belangstelling", "text": "Begin met de mens."}],
        }


class ChecklistBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"))
    items = blocks.ListBlock(
        blocks.CharBlock(label=_("Item")), label=_("Items"), min_num=1
    )

    class Meta:
        icon = "tasks"
        label = _("Checklist")
        template = "blocks/checklist.html"
        description = _("Points to check or tick off.")
        preview_value = {
            "heading": "Dit mag je vragen",
            "items": ["Hoe lang duurt het?"],
        }


class ConversationOpenerBlock(blocks.StructBlock):
    situation = blocks.TextBlock(label=_("When you would say this"))
    phrases = blocks.ListBlock(
        blocks.CharBlock(label=_("Sentence")), label=_("What you could say"), min_num=1
    )
    tip = blocks.TextBlock(label=_("Tip"), required=False)

    class Meta:
        icon = "openquote"
        label = _("What you could say")
        template = "blocks/conversation_opener.html"
        description = _("Sentences to start a conversation, with the situation.")
        preview_value = {
            "situation": "Je merkt dat iemand stiller is dan anders.",
            "phrases": ["Ik zie dat je de laatste tijd stiller bent. Hoe gaat het?"],
        }


class ExperienceBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    role = blocks.CharBlock(
        label=_("Role"),
        help_text=_(
            "Only a role, never a name, for example: work supervisor, SW company."
        ),
    )

    class Meta:
        icon = "user"
        label = _("Voice from experience")
        template = "blocks/experience.html"
        description = _("A quote from practice, with a role and no name.")
        preview_value = {
            "quote": "Een vast rooster gaf me rust.",
            "role": "Medewerker inpakafdeling, SW-bedrijf",
        }


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"))
    answer = blocks.TextBlock(label=_("Answer"))


class QuestionsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"))
    items = blocks.ListBlock(QuestionAnswerBlock(), label=_("Questions"), min_num=1)

    class Meta:
        icon = "help"
        label = _("Questions and answers")
        template = "blocks/questions.html"
        description = _("Frequent questions, each with a short answer.")
        preview_value = {
            "heading": "Vragen",
            "items": [
                {"question": "Mag ik vragen wat iemand heeft?", "answer": "Nee."}
            ],
        }


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[
            ("info", _("Good to know")),
            ("tip", _("Tip")),
            ("warning", _("Watch out")),
            ("privacy", _("Privacy")),
        ],
        default="info",
    )
    title = blocks.CharBlock(label=_("Title"))
    text = blocks.TextBlock(label=_("Text"))

    class Meta:
        icon = "warning"
        label = _("Call-out")
        template = "blocks/callout.html"
        description = _("A box that stands out: a tip, a warning or a privacy rule.")
        preview_value = {
            "kind": "privacy",
            "title": "Let op",
            "text": "Noteer geen diagnose.",
        }


class RelatedGuidanceBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), default=_("Read also"))
    pages = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="cms.GuidancePage", label=_("Page")),
        label=_("Pages"),
        min_num=1,
    )

    class Meta:
        icon = "link"
        label = _("Related guidance")
        template = "blocks/related.html"
        description = _("Links to other guidance pages.")


PORTAL_ACTIONS = [
    ("start_chat", _("Ask the helpdesk")),
    ("my_adjustments", _("Open my agreements")),
    ("my_own_plan", _("Open my own plan")),
    ("my_consents", _("Choose who may read along")),
    ("deciding_what_to_tell", _("Deciding what to tell")),
    ("my_team", _("Open my team")),
    ("record_sick_report", _("Record a sick report")),
]


class PortalActionBlock(blocks.StructBlock):
    action = blocks.ChoiceBlock(label=_("Action"), choices=PORTAL_ACTIONS)
    label = blocks.CharBlock(label=_("Button text"))
    text = blocks.CharBlock(label=_("Why"), required=False)

    class Meta:
        icon = "arrow-right"
        label = _("Portal action")
        template = "blocks/action.html"
        description = _("A button that takes the reader to a part of the portal.")
        preview_value = {
            "action": "start_chat",
            "label": "Stel je vraag",
            "text": "De vraagbaak helpt je verder.",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        user = getattr(request, "user", None)
        context["url"] = action_url(value["action"])
        context["may_act"] = user is not None and may_take_action(user, value["action"])
        context["who_acts"] = who_takes_action(value["action"])
        return context


def action_roles(action):
    return settings.WERKBEHOUD_PORTAL_ACTION_ROLES.get(action)


def may_take_action(user, action):
    """Whether the reader may take this step in the portal: a button that
    would end on "no access" is not shown."""
    from portal.access import roles_of

    roles = action_roles(action)
    return roles is None or bool(roles_of(user) & set(roles))


# For readers who may not take a step: who does it, in the portal (by the
# roles that may take it, in any order).
WHO_ACTS = {
    frozenset({"employee"}): _(
        "The employee does this in their own account in the portal."
    ),
    frozenset({"supervisor"}): _(
        "The work supervisor does this in the portal, on the page of their team."
    ),
    frozenset({"hr", "supervisor", "employee"}): _(
        "Employers, work supervisors and employees with an account in the portal "
        "can ask the helpdesk a question."
    ),
}


def who_takes_action(action):
    return WHO_ACTS.get(frozenset(action_roles(action) or ()), "")


def action_url(action):
    """The portal URL for an action; the names live in settings so this app
    does not depend on the apps that serve them."""
    name = settings.WERKBEHOUD_PORTAL_ACTIONS.get(action)
    try:
        return reverse(name) if name else None
    except NoReverseMatch:
        return None


class SignpostingBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), default=_("Where to find more help"))
    intro = blocks.TextBlock(label=_("Introduction"), required=False)
    kinds = blocks.MultipleChoiceBlock(
        label=_("Which help"),
        choices=signposting.KINDS,
        required=False,
        help_text=_("Leave empty to show every kind of help."),
    )

    class Meta:
        icon = "help"
        label = _("Where to find more help")
        template = "blocks/signposting.html"
        description = _(
            "The help sources of the chosen kinds, with how to reach them, "
            "and a link to the page with all help."
        )
        preview_value = {"heading": "Meer hulp", "kinds": ["work", "crisis"]}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["groups"] = signposting.help_sources_by_kind(value.get("kinds"))
        return context


class GuidanceStreamBlock(blocks.StreamBlock):
    text = TextBlock()
    do_dont = DoDontBlock()
    steps = StepsBlock()
    checklist = ChecklistBlock()
    conversation_opener = ConversationOpenerBlock()
    experience = ExperienceBlock()
    qa = QuestionsBlock()
    callout = CalloutBlock()
    related = RelatedGuidanceBlock()
    action = PortalActionBlock()
    signposting = SignpostingBlock()


# Trainings ----------------------------------------------------------------------


class ExampleBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False)
    text = blocks.TextBlock(label=_("What happened"))
    role = blocks.CharBlock(
        label=_("Role"),
        required=False,
        help_text=_("Only a role, never a name, for example: packer, SW company."),
    )

    class Meta:
        icon = "user"
        label = _("Example from practice")
        template = "blocks/example.html"
        description = _("A short situation from real work, without names.")
        preview_value = {
            "title": "Een drukke maandag",
            "text": "Sanne begint vol energie. Om twee uur is ze op.",
            "role": "Inpakster, SW-bedrijf",
        }


class ReflectionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question to think about"))
    hint = blocks.TextBlock(label=_("Help with thinking"), required=False)

    class Meta:
        icon = "help"
        label = _("Question to think about")
        template = "blocks/reflection.html"
        description = _("A question the reader answers for themselves, not on screen.")
        preview_value = {
            "question": "Wanneer op een dag heb jij de meeste energie?",
            "hint": "Denk aan gisteren. Wanneer ging het werk vanzelf?",
        }


class ExerciseBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    instructions = blocks.ListBlock(
        blocks.CharBlock(label=_("Instruction")), label=_("What to do"), min_num=1
    )
    tool = blocks.ChoiceBlock(
        label=_("Tool in the portal"),
        choices=[("energy_exercise", _("The energy exercise"))],
        required=False,
        help_text=_("A portal tool the reader can use for this exercise."),
    )

    class Meta:
        icon = "form"
        label = _("Exercise")
        template = "blocks/exercise.html"
        description = _("A small exercise in a few short instructions.")
        preview_value = {
            "title": "Jouw week",
            "instructions": ["Schrijf drie dingen op die je energie geven."],
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["tool_url"] = action_url(value["tool"]) if value.get("tool") else None
        if value.get("tool") == "energy_exercise" and context["tool_url"]:
            from .forms import EnergyExerciseForm

            context["energy_form"] = EnergyExerciseForm()
        return context


class ChoiceBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Choice"))
    feedback = blocks.TextBlock(label=_("Feedback on this choice"))
    good = blocks.BooleanBlock(
        label=_("A good choice"),
        required=False,
        help_text=_("Tick the choices that help. More than one may be good."),
    )


class ChoiceQuestionBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[
            ("situation", _("Situation: what do you do?")),
            ("check", _("Check question")),
        ],
        default="situation",
    )
    situation = blocks.TextBlock(label=_("Situation"), required=False)
    question = blocks.CharBlock(label=_("Question"))
    choices = blocks.ListBlock(ChoiceBlock(), label=_("Choices"), min_num=2, max_num=5)

    class Meta:
        icon = "list-ul"
        label = _("Question with choices")
        template = "blocks/choice_question.html"
        description = _(
            "A situation or question with choices; each choice has feedback."
        )
        preview_value = {
            "kind": "situation",
            "situation": "Kees belt om half acht. Hij voelt zich niet goed.",
            "question": "Wat zeg je?",
            "choices": [
                {
                    "label": "Beterschap, tot later.",
                    "feedback": "Vriendelijk.",
                    "good": False,
                },
                {
                    "label": "Vraag hoe lang het duurt.",
                    "feedback": "Goed.",
                    "good": True,
                },
            ],
        }

    def clean(self, value):
        value = super().clean(value)
        if not any(choice["good"] for choice in value["choices"]):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "choices": ValidationError(_("Mark at least one choice as good."))
                }
            )
        return value


class TrainingContentBlock(blocks.StreamBlock):
    text = TextBlock()
    example = ExampleBlock()
    reflection = ReflectionBlock()
    exercise = ExerciseBlock()
    question = ChoiceQuestionBlock()
    conversation_opener = ConversationOpenerBlock()
    do_dont = DoDontBlock()
    callout = CalloutBlock()
    signposting = SignpostingBlock()
    action = PortalActionBlock()


class TrainingStepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title of the step"))
    content = TrainingContentBlock(label=_("Content"))

    class Meta:
        icon = "list-ol"
        label = _("Step")


class AudienceRouteBlock(blocks.StructBlock):
    audience = blocks.ChoiceBlock(
        label=_("Audience"),
        choices=[
            ("employer", _("Employer or HR")),
            ("supervisor", _("Work supervisor")),
            ("employee", _("Employee")),
            ("jobcoach", _("Job coach")),
        ],
    )
    heading = blocks.CharBlock(label=_("Heading"))
    text = blocks.TextBlock(label=_("Text"))
    topics = blocks.ListBlock(
        SnippetChooserBlock("cms.Topic", label=_("Topic")), label=_("Topics")
    )

    class Meta:
        icon = "user"
        label = _("Route for an audience")
        template = "blocks/audience_route.html"
        description = _("Sends one kind of visitor to what they need.")


class EasyReadSentenceBlock(blocks.StructBlock):
    """One short sentence of an easy-read summary, with a pictogram."""

    pictogram = blocks.ChoiceBlock(label=_("Pictogram"), choices=pictograms.PICTOGRAMS)
    text = blocks.CharBlock(
        label=_("Sentence"),
        max_length=120,
        help_text=_("One short sentence with one idea, in everyday words."),
    )

    class Meta:
        icon = "pick"
        label = _("Sentence")


EASY_READ_SENTENCES = 5


def easy_read_field():
    """The optional "in short" summary of a guidance page or training."""
    return StreamField(
        [("sentence", EasyReadSentenceBlock())],
        verbose_name=_("in short (easy read)"),
        help_text=_(
            "At most five short sentences, each with a pictogram. Readers who "
            "choose easy language see this first."
        ),
        blank=True,
        max_num=EASY_READ_SENTENCES,
    )
