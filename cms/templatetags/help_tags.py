"""{% if page.body|needs_crisis_numbers %}: the crisis numbers on every page
whose text talks about suicidal thoughts (cms.signposting)."""

from django import template

from cms.models import _texts
from cms.signposting import needs_crisis_numbers as texts_need_crisis_numbers

register = template.Library()


def _raw(value):
    if isinstance(value, str):
        return value
    if hasattr(value, "block") and hasattr(value, "value"):  # a stream child
        return value.block.get_prep_value(value.value)
    if hasattr(value, "get_prep_value"):  # a stream value
        return value.get_prep_value()
    return value


@register.filter
def needs_crisis_numbers(value):
    return texts_need_crisis_numbers(list(_texts(_raw(value))))
