"""The pictograms of easy-read summaries: SVG files in static/pictograms/,
drawn for this project and dedicated to the public domain (see the LICENSE
there). Each has a name, stored in content, and a text alternative."""

from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _

PICTOGRAMS = [
    ("energy", _("A battery: energy")),
    ("rest", _("A pause: rest")),
    ("talk", _("A speech bubble: talking")),
    ("listen", _("An ear: listening")),
    ("phone", _("A telephone")),
    ("calendar", _("A calendar: a date")),
    ("clock", _("A clock: time")),
    ("plan", _("A clipboard: a plan")),
    ("agree", _("A handshake: an agreement")),
    ("help", _("A lifebuoy: help")),
    ("safe", _("A shield: safety")),
    ("private", _("A padlock: private")),
    ("stop", _("A raised hand: stop")),
    ("people", _("Two people")),
    ("person", _("One person")),
    ("doctor", _("A medical cross: a doctor")),
    ("work", _("A toolbox: work")),
    ("home", _("A house: home")),
    ("question", _("A question mark: a question")),
    ("idea", _("A light bulb: an idea")),
    ("check", _("A tick: done or right")),
    ("warning", _("A warning sign")),
    ("heart", _("A heart: care")),
    ("look", _("An eye: looking")),
    ("learn", _("An open book: learning")),
    ("step", _("Stairs: step by step")),
]
NAMES = [name for name, _label in PICTOGRAMS]
LABELS = dict(PICTOGRAMS)


def pictogram_url(name):
    return static(f"pictograms/{name}.svg")
