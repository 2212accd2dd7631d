"""Display helpers for adjustments kept as plain data (snapshots)."""

import datetime

from django import template
from django.utils.formats import date_format

from ..models import Adjustment

register = template.Library()

CHOICES = {
    "category": Adjustment.Category,
    "limitation": Adjustment.Limitation,
    "funding": Adjustment.Funding,
    "status": Adjustment.Status,
}
FIELD_LABELS = {
    name: Adjustment._meta.get_field(name).verbose_name
    for name in Adjustment.CONTENT_FIELDS
}


@register.filter
def choice_label(value, field):
    """The readable label of a stored choice, e.g. "energy" -> "Energy"."""
    try:
        return CHOICES[field](value).label
    except (KeyError, ValueError):
        return value


@register.filter
def field_label(name):
    return FIELD_LABELS.get(name, name)


@register.filter
def as_date(value):
    """ISO date text from a snapshot, as a date for the |date filter."""
    return datetime.date.fromisoformat(value) if value else None


@register.filter
def display(item, field):
    """One field of an adjustment snapshot, as a reader should see it."""
    value = item.get(field) if item else None
    if not value:
        return "–"
    if field in CHOICES:
        return choice_label(value, field)
    if field in ("start_date", "end_date"):
        return date_format(as_date(value), "j F Y")
    return value


@register.simple_tag
def employee_in_short(name):
    """The easy-read summary of one of the employee's own pages."""
    from ..easy_read import EMPLOYEE_PAGES

    return EMPLOYEE_PAGES[name]
