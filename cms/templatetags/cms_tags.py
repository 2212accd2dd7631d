"""Template helpers for easy-read summaries."""

from django import template

from cms import pictograms

register = template.Library()


@register.filter
def pictogram_label(name):
    return pictograms.LABELS.get(name, "")


@register.filter
def sentences(in_short):
    """(pictogram, text) pairs of an "in short" StreamField."""
    return [(block.value["pictogram"], block.value["text"]) for block in in_short]
