"""The guidance site's place in the Wagtail admin: snippets and reports."""

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import page_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import BehaviourCard, CannedAnswer, HelpSource, Topic
from .reports import FeedbackReport, SearchTermsReport, StaleGuidanceReport


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["name", "slug"]
    search_fields = ["name"]
    add_to_admin_menu = True
    menu_order = 210


class BehaviourCardViewSet(SnippetViewSet):
    model = BehaviourCard
    icon = "user"
    menu_label = _("Behaviour cards")
    list_display = ["behaviour", "summary"]
    search_fields = ["behaviour", "summary"]
    add_to_admin_menu = True
    menu_order = 220


class CannedAnswerViewSet(SnippetViewSet):
    model = CannedAnswer
    icon = "openquote"
    menu_label = _("Canned answers")
    list_display = ["title", "page"]
    search_fields = ["title", "text"]
    add_to_admin_menu = True
    menu_order = 230


class HelpSourceViewSet(SnippetViewSet):
    model = HelpSource
    icon = "help"
    menu_label = _("Help sources")
    list_display = ["name", "kind", "phone"]
    list_filter = ["kind"]
    search_fields = ["name", "what_they_do"]
    add_to_admin_menu = True
    menu_order = 240


@hooks.register("insert_global_admin_js")
def start_widgets_without_inline_scripts():
    """See cms/admin_scripts.py."""
    return format_html('<script src="{}" defer></script>', static("js/cms-admin.js"))


register_snippet(TopicViewSet)
register_snippet(BehaviourCardViewSet)
register_snippet(CannedAnswerViewSet)
register_snippet(HelpSourceViewSet)

REPORTS = [
    (
        "stale_guidance",
        "guidance-to-review/",
        StaleGuidanceReport,
        _("Guidance to review"),
        "time",
    ),
    ("feedback", "feedback/", FeedbackReport, _("Feedback on guidance"), "comment"),
    ("search_terms", "search-terms/", SearchTermsReport, _("Search terms"), "search"),
]


@hooks.register("register_admin_urls")
def register_report_urls():
    patterns = []
    for name, route, view, _label, _icon in REPORTS:
        patterns += [
            path(route, view.as_view(), name=name),
            path(
                f"{route}results/",
                view.as_view(results_only=True),
                name=f"{name}_results",
            ),
        ]
    return [path("guidance-reports/", include((patterns, "cms_reports")))]


class EditorReportMenuItem(MenuItem):
    def is_shown(self, request):
        return page_permission_policy.user_has_any_permission(
            request.user, ["add", "change", "publish"]
        )


def _menu_item(name, label, icon, order):
    @hooks.register("register_reports_menu_item")
    def register():
        return EditorReportMenuItem(
            label,
            reverse(f"cms_reports:{name}"),
            name=name.replace("_", "-"),
            icon_name=icon,
            order=order,
        )

    return register


for order, (name, _route, _view, label, icon) in enumerate(REPORTS, start=50):
    _menu_item(name, label, icon, order)
