"""Forms a visitor without an account may post without a CSRF token.

Pages for readers are cached whole (cms/pagecache.py), so they cannot carry
a token of their own per visitor. The forms on them change nothing a forged
request could misuse while nobody is logged in: the language, easy language
and anonymous feedback on guidance. For logged-in people the usual CSRF
check applies, and their pages carry the token.
"""

from wagtail.models import Page
from wagtail.views import serve as wagtail_serve

ATTRIBUTE = "open_to_visitors_without_csrf"


def open_to_visitors(view):
    """Mark a view (or a Wagtail routable page's route) as posted to by
    visitors without a CSRF token."""
    setattr(view, ATTRIBUTE, True)
    return view


def _target(request, callback, args, kwargs):
    """The view that will answer: for a Wagtail page, the page's route
    (Wagtail keeps the routing result on the request for serving)."""
    if getattr(callback, "__wrapped__", callback) is not wagtail_serve:
        return callback
    path = kwargs.get("path", args[0] if args else "")
    result = Page.route_for_request(request, path)
    if result and result.args and callable(result.args[0]):
        return result.args[0]
    return None


class VisitorCsrfMiddleware:
    """Before Django's CSRF middleware: lets a visitor's POST to a view
    marked with open_to_visitors through without a token."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, callback, args, kwargs):
        if request.method != "POST" or request.user.is_authenticated:
            return None
        target = _target(request, callback, args, kwargs)
        if target is not None and getattr(target, ATTRIBUTE, False):
            request._dont_enforce_csrf_checks = True
        return None
