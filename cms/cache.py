"""One version number for all published content.

Rendered fragments of guidance are cached under keys that include this
version; publishing, unpublishing, moving or deleting a page, or changing a
topic or behaviour card, raises it, so every cached fragment is replaced at
once. Content changes rarely and readers come often, so this trade is cheap.
"""

from django.core.cache import cache

from portal import generations

VERSION_KEY = "cms:content-version"
KEPT_SECONDS = 60 * 60


def content_version():
    return generations.current(VERSION_KEY)


def bump_content_version(**kwargs):
    generations.move_on(VERSION_KEY)


def kept_per_version(name, read):
    """read(), once per content version: what published pages give (an
    address, a list of links). `read` must not return None (a removed page
    can be kept as "" or False)."""
    key = f"cms:{name}:{content_version()}"
    value = cache.get(key)
    if value is None:
        value = read()
        cache.set(key, value, KEPT_SECONDS)
    return value
