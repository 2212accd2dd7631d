"""The addresses of the guidance hub, the trainings and the help page for
the site-wide menu: one query on a cold cache, none while the content
version holds."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from .cache import kept_per_version
from .locales import reading_language
from .models import HelpPage, TopicHubPage, TrainingIndexPage

MENU_PAGES = {
    TopicHubPage: "guidance_url",
    TrainingIndexPage: "trainings_url",
    HelpPage: "help_url",
}


def menu_urls():
    keys = {
        ContentType.objects.get_for_model(model).pk: key
        for model, key in MENU_PAGES.items()
    }
    urls = dict.fromkeys(MENU_PAGES.values(), "")
    pages = Page.objects.live().filter(content_type_id__in=keys).order_by("path")
    for page in pages:
        key = keys[page.content_type_id]
        urls[key] = urls[key] or page.url
    return urls


def guidance(request):
    urls = kept_per_version("menu-urls", menu_urls)
    # A page not translated yet is served in Dutch (HomePage.route): the
    # reader is told, and the content is marked as Dutch for speech and
    # screen readers.
    content_language = getattr(request, "content_language", None)
    return {
        **urls,
        "content_fallback_language": content_language
        if content_language and content_language != reading_language()
        else None,
    }
