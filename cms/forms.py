"""The "Did this help?" form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.widgets import RadioSelect


class FeedbackForm(forms.Form):
    helpful = forms.TypedChoiceField(
        label=_("Did this page help you?"),
        choices=[("ja", _("Yes")), ("nee", _("No"))],
        coerce=lambda value: value == "ja",
        widget=RadioSelect,
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


ENERGY_ROWS = 5
ENERGY_ITEM_LENGTH = 150


def _energy_field(label):
    return forms.CharField(
        label=label,
        required=False,
        max_length=ENERGY_ITEM_LENGTH,
        error_messages={
            "max_length": _("Keep it short: at most %(limit_value)d characters.")
        },
    )


class EnergyExerciseForm(forms.Form):
    """Givers and takers: what gives you energy and what costs it. Nothing
    is stored; the balance card is shown on the next screen."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, ENERGY_ROWS + 1):
            self.fields[f"giver_{number}"] = _energy_field(
                _("Gives energy %(number)s") % {"number": number}
            )
        for number in range(1, ENERGY_ROWS + 1):
            self.fields[f"taker_{number}"] = _energy_field(
                _("Costs energy %(number)s") % {"number": number}
            )
            self.fields[f"changeable_{number}"] = forms.BooleanField(
                label=_("I can change this a little"), required=False
            )

    def giver_rows(self):
        return [self[f"giver_{number}"] for number in range(1, ENERGY_ROWS + 1)]

    def taker_rows(self):
        return [
            (self[f"taker_{number}"], self[f"changeable_{number}"])
            for number in range(1, ENERGY_ROWS + 1)
        ]

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, str):
                # Control characters never belong in a line of text.
                data[name] = " ".join(
                    "".join(" " if ord(char) < 32 else char for char in value).split()
                )
        if not self.givers() and not self.takers():
            raise forms.ValidationError(
                _("Write down at least one thing that gives or costs you energy.")
            )
        return data

    def givers(self):
        return [
            self.cleaned_data[f"giver_{n}"]
            for n in range(1, ENERGY_ROWS + 1)
            if self.cleaned_data.get(f"giver_{n}")
        ]

    def takers(self):
        """[(text, changeable)]"""
        return [
            (self.cleaned_data[f"taker_{n}"], self.cleaned_data.get(f"changeable_{n}"))
            for n in range(1, ENERGY_ROWS + 1)
            if self.cleaned_data.get(f"taker_{n}")
        ]
