"""The "Did this help?" form."""

from django import forms
from django.utils.translation import gettext_lazy as _


class FeedbackForm(forms.Form):
    helpful = forms.TypedChoiceField(
        label=_("Did this page help you?"),
        choices=[("ja", _("Yes")), ("nee", _("No"))],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes or no.")},
    )
    comment = forms.CharField(
        label=_("What could be better? (optional)"),
        help_text=_("Do not write names or other personal details. We do not reply."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _(
                "Keep your comment under %(limit_value)d characters, please."
            )
        },
    )
