"""Whole pages for readers without an account, from the cache.

Guidance, topic hub, behaviour cards, trainings' overviews, the help page and
the home page are the same for every visitor in one language and one
reading choice. Such a page is stored whole the first time it is rendered
and served from the cache after that, before routing, templates or the
database. The key holds the content version (publishing anything changes
it, so a change shows at once), the language, the easy-language choice,
the address and the code release (a new template shows at once).

Only what is safe to share is stored: a page its view marked with
`reader_cacheable`, for a GET without a query string, from a visitor with
no session and no pending messages, answered 200 without setting a cookie
(a CSRF token or a message would set one). Forms on these pages post
without a per-visitor token (portal/csrf.py). Previews are rendered in the
admin, for logged-in editors, and never stored.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from portal.middleware import cookie_language
from portal.reading import cookie_prefers_easy_read
from portal.release import release

from .cache import content_version

TIMEOUT = 24 * 3600
NOT_PAGES = ("/static/", "/media/", "/cms-admin/", "/accounts/", "/documents/")
# Django keeps messages for the next page in this cookie (or the session).
MESSAGES_COOKIE = "messages"


def mark_cacheable(request, response):
    if request.method == "GET" and not getattr(request, "is_preview", False):
        response.reader_cacheable = True
    return response


class ReaderPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def key_for(self, request):
        cookies = request.COOKIES
        if (
            request.method not in ("GET", "HEAD")
            or request.META.get("QUERY_STRING")
            or settings.SESSION_COOKIE_NAME in cookies
            or MESSAGES_COOKIE in cookies
            or request.path_info.startswith(NOT_PAGES)
        ):
            return None
        easy = "easy" if cookie_prefers_easy_read(cookies) else "full"
        return (
            f"cms:page:{release()}:{content_version()}:{cookie_language(cookies)}:{easy}:"
            f"{request.get_host()}:{request.path_info}"
        )

    def __call__(self, request):
        key = self.key_for(request)
        if key is not None:
            stored = cache.get(key)
            if stored is not None:
                return self.rebuild(stored, request)
        response = self.get_response(request)
        if (
            key is not None
            and request.method == "GET"
            and getattr(response, "reader_cacheable", False)
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
        ):
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() != "content-length"
            ]
            cache.set(key, (headers, response.content), TIMEOUT)
        return response

    def rebuild(self, stored, request):
        headers, content = stored
        response = HttpResponse(b"" if request.method == "HEAD" else content)
        for name, value in headers:
            response[name] = value
        response["Content-Length"] = str(len(content))
        return response


class ReaderCacheable:
    """A page type whose answers to readers may be stored whole."""

    def serve(self, request, *args, **kwargs):
        return mark_cacheable(request, super().serve(request, *args, **kwargs))
