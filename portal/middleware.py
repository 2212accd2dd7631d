"""The portal's middleware: language choice, renewing sessions, security
headers and, in the demo, the portal's own error pages."""

import logging
import time

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    DisallowedHost,
    MiddlewareNotUsed,
    PermissionDenied,
    SuspiciousOperation,
)
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.defaults import page_not_found, server_error

logger = logging.getLogger(__name__)


def cookie_language(cookies):
    """The language the visitor picked with the switch, else Dutch."""
    language = cookies.get(settings.LANGUAGE_COOKIE_NAME)
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


class PortalLanguageMiddleware:
    """Dutch unless the visitor picked another language.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an
    English browser on a Dutch work floor would get English. Here only the
    language switch (a cookie) changes the language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = cookie_language(request.COOKIES)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


RENEWED_AT = "_werkbehoud_renewed_at"


def renewal_due(session):
    """Whether the session's idle time should start again now: at most
    once every SESSION_RENEW_SECONDS, not on every request (each renewal
    is a write to the database and the cache)."""
    renewed_at = session.get(RENEWED_AT, 0)
    return time.time() - renewed_at >= settings.SESSION_RENEW_SECONDS


def renew(session):
    """Start the idle time again when the session is next saved."""
    session[RENEWED_AT] = int(time.time())


class SessionRenewalMiddleware:
    """Activity keeps a session alive: a request renews the idle time, at
    most once every SESSION_RENEW_SECONDS, so a session ends after
    SESSION_IDLE_MINUTES without activity (up to that many seconds sooner).
    Right after SessionMiddleware, which saves what is marked here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = request.session
        if not session.is_empty() and renewal_due(session):
            renew(session)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp, with the Wagtail admin's own policy and the websocket source.

    Under the admin's URL prefix WERKBEHOUD_ADMIN_CSP_DIRECTIVES replaces the
    portal's policy. connect-src also names ws:// or wss:// for the requested
    host, the address the chat connects to.
    """

    def process_response(self, request, response):
        if getattr(request, "is_dummy", False):
            # Wagtail's preview runs a page through the middleware inside the
            # admin's own request; the admin's policy is set on the way out.
            return response
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if parts.config is None and request.path.startswith(
            reverse("wagtailadmin_home")
        ):
            parts.config = settings.WERKBEHOUD_ADMIN_CSP_DIRECTIVES
        try:
            host = request.get_host()
        except DisallowedHost:
            return parts
        scheme = "wss" if request.is_secure() else "ws"
        update = dict(parts.update or {})
        update["connect-src"] = [*update.get("connect-src", []), f"{scheme}://{host}"]
        parts.update = update
        return parts


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; no-store on personal ones.

    Computers on the work floor are shared: the browser must keep no copy of
    a page meant for one person. Every response to a logged-in user, and
    every response of a view marked with portal.http.personal (links with a
    token, for people without an account), gets Cache-Control: private,
    no-store. Anonymous guidance and static files stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = ", ".join(
            f"{feature}=({' '.join(origins)})"
            for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        user = getattr(request, "user", None)
        if getattr(response, "personal", False) or (
            user is not None and user.is_authenticated
        ):
            response.headers["Cache-Control"] = "private, no-store"
        return response


class OwnErrorPagesMiddleware:
    """With DEBUG on (the demo of `make run`), people still see the portal's
    own Dutch 404 and 500 pages, not Django's technical ones; the traceback
    goes to the log. WERKBEHOUD_TECHNICAL_ERROR_PAGES=1 brings Django's pages
    back for a developer. Without DEBUG Django already does this."""

    def __init__(self, get_response):
        if not settings.DEBUG or settings.WERKBEHOUD_TECHNICAL_ERROR_PAGES:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        if isinstance(exception, PermissionDenied | BadRequest | SuspiciousOperation):
            return None  # Django answers these with the portal's own 403 and 400
        logger.exception("Server error on %s", request.path)
        return server_error(request)
