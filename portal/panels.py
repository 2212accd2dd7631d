"""Panels that apps add to portal pages, so the portal imports none of them.

An app registers a template (and a function giving its context) for a place
such as "hr_dashboard" or "employee_record"; the portal page renders whatever
is registered there with {% panels "place" %}.
"""

from collections.abc import Callable
from dataclasses import dataclass

_registry = {}


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable
    order: int


def register_panel(place, template, context=None, order=100):
    panels = _registry.setdefault(place, [])
    panels.append(Panel(template, context or (lambda request, **kwargs: {}), order))
    panels.sort(key=lambda panel: panel.order)


def panels_for(place):
    return list(_registry.get(place, []))
