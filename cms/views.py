"""Search across the guidance, and the energy exercise."""

import unicodedata

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from wagtail.contrib.search_promotions.models import Query
from wagtail.search.backends import get_search_backend

from portal import access
from portal.http import return_address

from . import energy
from .forms import EnergyExerciseForm
from .locales import in_reading_language, localized, reading_locale
from .models import (
    BehaviourCard,
    GuidancePage,
    Topic,
    TopicHubPage,
    behaviour_index_url,
)

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10


def clean_query(text):
    """The query as words: control and invisible characters (a NUL byte, a
    lone surrogate) become spaces, runs of spaces one, and it is cut to a
    length any search can handle."""
    text = "".join(
        " " if unicodedata.category(char) in ("Cc", "Cf", "Cs") else char
        for char in text
    )
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def _had_unsearchable_characters(text):
    return any(
        unicodedata.category(char) in ("Cc", "Cf", "Cs") and not char.isspace()
        for char in text
    )


def search(request):
    asked = request.GET.get("q") or ""
    query = clean_query(asked)
    page_number = request.GET.get("pagina")
    context = {
        "query": query,
        "query_limit": MAX_QUERY_LENGTH,
        # Said out loud, so nobody wonders why a search did not do as asked.
        "query_was_cut": len(" ".join(asked.split())) > MAX_QUERY_LENGTH,
        "query_was_cleaned": _had_unsearchable_characters(asked),
        "topics": localized(Topic.objects.all()),
        "hub": in_reading_language(TopicHubPage.objects.live()).first(),
    }
    if query:
        tracked = Query.get(query)
        if page_number is None:
            # Counted once per search, not per page of results, for editors.
            tracked.add_hit()
        results = (
            GuidancePage.objects.live()
            .filter(locale=reading_locale())
            .prefetch_related("topics")
            .search(query)
        )
        context.update(
            promotions=tracked.editors_picks.filter(page__live=True).select_related(
                "page"
            ),
            page_obj=Paginator(results, RESULTS_PER_PAGE).get_page(page_number),
            cards=get_search_backend().search(
                query, BehaviourCard.objects.filter(locale=reading_locale())
            )[:4],
            cards_url=behaviour_index_url(),
        )
    return TemplateResponse(request, "cms/search.html", context)


def energy_exercise(request):
    """Givers and takers. Nothing is stored: the balance card is shown on the
    next screen and an employee may copy it into their own plan there."""
    back = return_address(request, "terug")
    form = EnergyExerciseForm(request.POST if request.method == "POST" else None)
    context = {"form": form, "back": back}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            givers, takers = form.givers(), form.takers()
            context.update(
                givers=givers,
                takers=takers,
                balance=energy.balance(givers, takers),
                plan_texts=energy.own_plan_texts(givers, takers),
                can_copy=access.EMPLOYEE in access.roles_of(request.user),
            )
        else:
            status = 400
    return TemplateResponse(request, "cms/energy_exercise.html", context, status=status)
