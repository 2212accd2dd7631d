"""One version number for all published content.

Rendered fragments of guidance are cached under keys that include this
version; publishing, unpublishing, moving or deleting a page, or changing a
topic or behaviour card, raises it, so every cached fragment is replaced at
once. Content changes rarely and readers come often, so this trade is cheap.
"""

from django.core.cache import cache

VERSION_KEY = "cms:content-version"


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_content_version(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)
