"""Reports for editors in the Wagtail admin."""

import datetime

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports import PageReportView, ReportView
from wagtail.contrib.search_promotions.models import Query
from wagtail.permissions import page_permission_policy

from .models import GuidanceFeedback, GuidancePage, review_cutoff

SEARCH_REPORT_DAYS = 90


class StaleGuidanceReport(PageReportView):
    """Guidance nobody has checked for more than a year."""

    page_title = _("Guidance due for review")
    header_icon = "time"
    results_template_name = "cms/reports/stale_guidance_results.html"
    index_url_name = "cms_reports:stale_guidance"
    index_results_url_name = "cms_reports:stale_guidance_results"
    list_export = ["title", "last_reviewed", "url"]
    export_headings = {
        "title": _("Title"),
        "last_reviewed": _("Last checked"),
        "url": _("Address"),
    }
    any_permission_required = ["add", "change", "publish"]

    def get_queryset(self):
        self.queryset = GuidancePage.objects.filter(
            last_reviewed__lt=review_cutoff()
        ).order_by("last_reviewed")
        return super().get_queryset()


class FeedbackReport(ReportView):
    """Per guidance page: how many readers said it helped, and their comments."""

    page_title = _("Feedback on guidance")
    header_icon = "comment"
    results_template_name = "cms/reports/feedback_results.html"
    index_url_name = "cms_reports:feedback"
    index_results_url_name = "cms_reports:feedback_results"
    list_export = ["title", "helpful_count", "not_helpful_count", "comment_count"]
    export_headings = {
        "title": _("Title"),
        "helpful_count": _("Helped"),
        "not_helpful_count": _("Did not help"),
        "comment_count": _("Comments"),
    }
    any_permission_required = ["add", "change", "publish"]
    permission_policy = page_permission_policy

    def get_queryset(self):
        return (
            GuidancePage.objects.annotate(
                answer_count=Count("feedback"),
                helpful_count=Count("feedback", filter=Q(feedback__helpful=True)),
                not_helpful_count=Count("feedback", filter=Q(feedback__helpful=False)),
                comment_count=Count("feedback", filter=~Q(feedback__comment="")),
            )
            .filter(answer_count__gt=0)
            .order_by("-not_helpful_count", "title")
        )

    def decorate_paginated_queryset(self, object_list):
        pages = list(object_list)
        comments = {}
        for item in GuidanceFeedback.objects.filter(page__in=pages).exclude(comment=""):
            comments.setdefault(item.page_id, []).append(item)
        for page in pages:
            page.recent_comments = comments.get(page.pk, [])[:5]
        return pages


class SearchTermsReport(ReportView):
    """What readers searched for in the last months, most often first."""

    page_title = _("Search terms")
    header_icon = "search"
    results_template_name = "cms/reports/search_terms_results.html"
    index_url_name = "cms_reports:search_terms"
    index_results_url_name = "cms_reports:search_terms_results"
    list_export = ["query_string", "searches"]
    export_headings = {"query_string": _("Search term"), "searches": _("Searches")}
    any_permission_required = ["add", "change", "publish"]
    permission_policy = page_permission_policy

    def get_queryset(self):
        since = timezone.localdate() - datetime.timedelta(days=SEARCH_REPORT_DAYS)
        return (
            Query.objects.filter(daily_hits__date__gte=since)
            .annotate(searches=Sum("daily_hits__hits"))
            .order_by("-searches", "query_string")
        )
