"""Personal pages kept whole until something they show changes.

A dashboard marked with @kept_for_viewer is rendered once and then answered
from the cache for the same person in the same session, as long as nothing
it was made of has changed:

- every table it read (portal/tables.py: any write to such a table, by any
  process and any way of writing, moves that table's generation on) and
  every other generation it read (kept figures, the content version);
- and, in its key: the code release, the user and the session's data (the
  chosen employment; a new login is a new session), the user's own fields
  and roles, the CSRF cookie (so the form tokens in the page stay valid),
  the language, easy language, the day (what is overdue changes at
  midnight) and the full address.

The access checks run before the cache is asked (the gate, role_required
and the view's own decorators wrap this one), and whatever the page wrote
to the access log is written again for every answer from the cache
(`replay_on_answer`). A page is not kept when it has messages to show,
wrote to the database or the session while rendering, set a cookie of its
own, or answered anything but 200. Only a shared cache can tell every
process about a change: with a per-process cache (the demo's) nothing is
kept (WERKBEHOUD_KEEP_PERSONAL_PAGES).
"""

import contextvars
import functools
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation

from . import access, generations
from .middleware import RENEWED_AT
from .reading import prefers_easy_read
from .release import release

KEPT_SECONDS = 30 * 60
EVERYTHING = "kept-pages.generation"
# Session entries that change without changing any page.
_VOLATILE_SESSION_KEYS = {RENEWED_AT, "_session_expiry"}
_HEADERS_NOT_KEPT = {"content-length", "set-cookie"}

# Side effects of rendering to do again on every answer from the cache:
# {kind: function(payloads)}; the payloads recorded while rendering.
_replayers = {}
_recorded = contextvars.ContextVar("kept_page_effects", default=None)


@dataclass(frozen=True)
class KeptPage:
    generations: dict
    headers: list
    content: bytes
    effects: list


def replay_on_answer(kind):
    """Register the function that repeats a side effect of rendering (kind)
    for an answer from the cache: it gets the payloads of `also_on_answer`."""

    def register(function):
        _replayers[kind] = function
        return function

    return register


def also_on_answer(kind, payload):
    """While a page is rendered for keeping: this side effect (registered
    with replay_on_answer) must happen on every answer from the cache too."""
    effects = _recorded.get()
    if effects is not None:
        if kind not in _replayers:
            raise LookupError(f"no replay registered for {kind!r}")
        effects.append((kind, payload))


def forget_all():
    """Every kept page is rendered afresh (after a change outside the
    portal's processes, say by hand in the database)."""
    generations.move_on(EVERYTHING)


def kept_for_viewer(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        key = _key(request)
        if key is None:
            return view(request, *args, **kwargs)
        stored = cache.get(key)
        if stored is not None and _still_current(stored.generations):
            return _answer(request, stored)
        session_modified = request.session.modified
        effects = []
        token = _recorded.set(effects)
        try:
            with generations.noting() as noted:
                generations.current(EVERYTHING)
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
        finally:
            _recorded.reset(token)
        if _keepable(request, response, noted, session_modified):
            cache.set(
                key,
                KeptPage(
                    generations=dict(noted),
                    headers=[
                        (name, value)
                        for name, value in response.items()
                        if name.lower() not in _HEADERS_NOT_KEPT
                    ],
                    content=response.content,
                    effects=effects,
                ),
                KEPT_SECONDS,
            )
        return response

    return wrapped


def _key(request):
    if (
        not settings.WERKBEHOUD_KEEP_PERSONAL_PAGES
        or request.method != "GET"
        or not request.user.is_authenticated
        or settings.CSRF_COOKIE_NAME not in request.COOKIES
        or _messages_waiting(request)
    ):
        return None
    user = request.user
    session = request.session
    parts = (
        release(),
        user.pk,
        session.session_key,
        sorted(
            (name, repr(value))
            for name, value in session.items()
            if name not in _VOLATILE_SESSION_KEYS
        ),
        [repr(getattr(user, field.attname)) for field in user._meta.concrete_fields],
        sorted(access.roles_of(user)),
        request.COOKIES[settings.CSRF_COOKIE_NAME],
        translation.get_language(),
        prefers_easy_read(request),
        timezone.localdate().isoformat(),
        request.get_host(),
        request.get_full_path(),
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"kept-page.{user.pk}.{digest}"


def _messages_waiting(request):
    """Messages to show, stored for this request or added by it (counting
    them does not mark them as shown)."""
    return len(get_messages(request)) > 0


def _still_current(kept_generations):
    if not kept_generations:
        return False
    now = cache.get_many(list(kept_generations))
    return all(now.get(key) == value for key, value in kept_generations.items())


def _keepable(request, response, noted, session_modified):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and generations.UNKNOWN not in noted.values()
        and request.session.modified == session_modified
        and not _messages_waiting(request)
    )


def _answer(request, stored):
    for kind, payload in stored.effects:
        _replayers[kind](payload)
    # The page holds a form token of this CSRF cookie: keep the cookie, as
    # rendering the page would have.
    get_token(request)
    response = HttpResponse(stored.content)
    for name, value in stored.headers:
        response[name] = value
    return response
