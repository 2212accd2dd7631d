"""Readers leave traces too: the search terms counted for editors and the
comments on "Did this help?" go after their term; the yes/no answers stay,
as they say nothing about anyone."""

import datetime

from django.conf import settings
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from .models import GuidanceFeedback


def purge(today, stdout):
    cutoff = today - datetime.timedelta(
        days=settings.WERKBEHOUD_SEARCH_TERM_RETENTION_DAYS
    )
    QueryDailyHits.objects.filter(date__lt=cutoff).delete()
    forgotten = Query.objects.filter(
        daily_hits__isnull=True, editors_picks__isnull=True
    )
    count = forgotten.count()
    forgotten.delete()
    stdout.write(f"Search terms past retention removed: {count}")

    cutoff = today - datetime.timedelta(
        days=settings.WERKBEHOUD_FEEDBACK_COMMENT_RETENTION_DAYS
    )
    cleared = (
        GuidanceFeedback.objects.filter(created_on__lt=cutoff)
        .exclude(comment="")
        .update(comment="")
    )
    stdout.write(f"Feedback comments past retention cleared: {cleared}")
