"""Easy-read summaries that open the employee's own pages: a few short
sentences with a pictogram each (cms.pictograms), the same form as the
"in short" block editors write for guidance."""

from django.utils.translation import gettext_lazy as _

EMPLOYEE_PAGES = {
    "home": [
        ("person", _("This is your own page.")),
        ("plan", _("Here you keep what helps you at work.")),
        ("private", _("You decide who sees what.")),
        ("help", _("Need help? Look at “Where to find help”.")),
    ],
    "my_agreements": [
        ("agree", _("These are the agreements about your work.")),
        ("check", _("You say yes to each new version.")),
        ("talk", _("Something not right? Ask for a change.")),
        ("private", _("Nothing here is about your health.")),
    ],
    "own_plan": [
        ("plan", _("This is your own plan.")),
        ("heart", _("Write down what helps you at work.")),
        ("private", _("Only you can read it.")),
        ("look", _("You choose what your supervisor may read.")),
        ("stop", _("You can take it back at any time.")),
    ],
    "my_absence": [
        ("calendar", _("Here you see when you reported sick.")),
        ("phone", _("You see when you keep in touch.")),
        ("step", _("You see the next steps.")),
        ("private", _("Nothing here is about your health.")),
    ],
}
