"""Forms of the chat: asking a question, closing, rating, handing over."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cms.locales import SOURCE_LANGUAGE, localized
from cms.models import Topic
from portal.access import HELPDESK_GROUP
from portal.models import User
from portal.privacy_guard import refuse_health_terms
from portal.widgets import RadioSelect

RATINGS = [
    (5, _("Very useful")),
    (4, _("Useful")),
    (3, _("Somewhat")),
    (2, _("Hardly")),
    (1, _("Not useful")),
]


class StartForm(forms.Form):
    topic = forms.ModelChoiceField(
        label=_("What is your question about?"),
        # Conversations keep the Dutch topic, so the helpdesk's lists and
        # figures group alike; the asker reads the topic in their language.
        queryset=Topic.objects.filter(locale__language_code=SOURCE_LANGUAGE),
        required=False,
        empty_label=_("Something else"),
    )
    question = forms.CharField(
        label=_("Your question"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=settings.WERKBEHOUD_CHAT_MAX_MESSAGE_LENGTH,
        help_text=_(
            "Describe what you see at work. You do not need to name the employee, "
            "and please do not mention a diagnosis."
        ),
        error_messages={"required": _("Type your question.")},
    )
    anonymous = forms.BooleanField(
        label=_("Ask anonymously: the helpdesk does not see my name or employer"),
        required=False,
        template_name="includes/forms/checkbox_field.html",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = {
            topic.translation_key: topic.name
            for topic in localized(Topic.objects.all())
        }
        self.fields["topic"].label_from_instance = lambda topic: names.get(
            topic.translation_key, topic.name
        )


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was this conversation?"),
        choices=RATINGS,
        coerce=int,
        widget=RadioSelect,
        error_messages={"required": _("Choose one of the answers.")},
    )


class AgentCloseForm(forms.Form):
    summary = forms.CharField(
        label=_("Short summary for colleagues (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=1000,
        validators=[refuse_health_terms],
        help_text=_(
            "What was the question about and what did you advise? No names or "
            "diagnoses."
        ),
    )


class TransferForm(forms.Form):
    colleague = forms.ModelChoiceField(
        label=_("Hand over to"),
        queryset=User.objects.none(),
        empty_label=_("Choose a colleague"),
    )

    def __init__(self, *args, agent, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colleague"].queryset = (
            User.objects.filter(groups__name=HELPDESK_GROUP, is_active=True)
            .exclude(pk=agent.pk)
            .order_by("first_name")
        )
