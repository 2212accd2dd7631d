"""The guidance hub's address for the site-wide menu, cached per content
version so the menu costs no query."""

from django.core.cache import cache

from .cache import content_version
from .models import TopicHubPage


def guidance(request):
    key = f"cms:hub-url:{content_version()}"
    url = cache.get(key)
    if url is None:
        hub = TopicHubPage.objects.live().first()
        url = hub.url if hub else ""
        cache.set(key, url, 3600)
    return {"guidance_url": url}
