"""StreamField blocks of the guidance pages: one block per way of helping.

Each block has its own template in templates/blocks/, an icon, a description
for editors and a preview value for Wagtail's block previews.
"""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

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
        context["url"] = action_url(value["action"])
        return context


def action_url(action):
    """The portal URL for an action; the names live in settings so this app
    does not depend on the apps that serve them."""
    name = settings.WERKBEHOUD_PORTAL_ACTIONS.get(action)
    try:
        return reverse(name) if name else None
    except NoReverseMatch:
        return None


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
