"""Template helpers shared by every app."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from ..panels import panels_for

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (for paging)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.simple_tag(takes_context=True)
def panels(context, place, **kwargs):
    """Render the panels apps registered for a place on this page."""
    request = context["request"]
    html = [
        render_to_string(
            panel.template,
            {**panel.context(request, **kwargs), **kwargs},
            request=request,
        )
        for panel in panels_for(place)
    ]
    return mark_safe("".join(html))
