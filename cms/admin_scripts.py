"""The Wagtail admin without inline <script>, so its Content-Security-Policy
can leave out 'unsafe-inline'.

Wagtail starts its widgets with small inline scripts. The template overrides
in templates/wagtailadmin/ (date and time inputs, inline panels) and the
chooser render below write the same setup into data attributes instead;
static/js/cms-admin.js, added to every admin page by wagtail_hooks.py, reads
them and starts the widgets.
"""

import json

from django.utils.html import format_html
from wagtail.admin.widgets import BaseChooser
from wagtail.admin.widgets.workflows import AdminTaskChooser

_inline_script_render = BaseChooser.render


def render_chooser(self, name, value, attrs=None, renderer=None):
    """BaseChooser.render with data attributes in place of its inline script."""
    if type(self).render_js_init is not BaseChooser.render_js_init and not (
        isinstance(self, AdminTaskChooser)
    ):
        # A chooser with its own start-up code: keep it visible (the policy
        # blocks and reports it) rather than start it wrongly.
        return _inline_script_render(self, name, value, attrs, renderer)
    if not attrs or "id" not in attrs:
        raise TypeError("A chooser cannot be rendered without an 'id' attribute")
    id_ = attrs["id"]
    value_data = self.get_value_data(value)
    if isinstance(self, AdminTaskChooser):
        kind, constructor, options = "task-chooser", "", {}
    else:
        kind = "chooser"
        constructor = self.js_constructor
        options = self.get_js_init_options(id_, name, value_data)
    return format_html(
        '{}<span hidden data-wb-start="{}" data-wb-target="{}"'
        ' data-wb-constructor="{}" data-wb-options="{}"></span>',
        self.render_html(name, value_data, attrs),
        kind,
        id_,
        constructor,
        json.dumps(options),
    )


def start_widgets_without_inline_scripts():
    BaseChooser.render = render_chooser
