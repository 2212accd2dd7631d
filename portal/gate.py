"""The one choke point every request passes, HTTP and websocket alike.

It decides, for a user and their session: logged in through allauth, with
a session that is still alive, and with two-step verification where the
user's roles demand it. Roles and organisations are decided per object by
access.py; this gate decides whether the person may act at all.

HTTP requests pass AccessGateMiddleware. Websocket connections pass
WebsocketGate at the handshake, and consumers built on GatedConsumer check
the session again before every frame and are closed within seconds when the
session ends (logout, idle expiry, password change, a lost role).
"""

import asyncio
import functools
import hashlib
import logging
import re
from enum import Enum
from importlib import import_module
from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import get_user
from django.http.request import split_domain_port, validate_host
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from . import access
from .middleware import renew
from .realtime import send_after_commit

logger = logging.getLogger(__name__)

# Close codes in the 4000 range mirror HTTP (see chat/PROTOCOL.md).
CLOSE_NOT_LOGGED_IN = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404

SUPERUSER = "superuser"


class Verdict(Enum):
    OK = "ok"
    LOGIN = "login"  # not logged in, or the session has ended
    MFA_SETUP = "mfa_setup"  # a role needs an authenticator the user lacks
    MFA_CHALLENGE = "mfa_challenge"  # the session skipped the second step


def mfa_roles(user):
    """The roles that count for two-step verification: a superuser counts
    as a role of its own."""
    roles = set(access.roles_of(user))
    if user.is_superuser:
        roles.add(SUPERUSER)
    return roles


def needs_mfa(user):
    return bool(mfa_roles(user) & set(settings.WERKBEHOUD_MFA_REQUIRED_ROLES))


def session_passed_mfa(session):
    records = session.get(AUTHENTICATION_METHODS_SESSION_KEY) or []
    return any(record.get("method") == "mfa" for record in records)


def verdict(user, session):
    if user is None or not user.is_authenticated:
        return Verdict.LOGIN
    has_mfa = access.account_facts(user).has_authenticator
    if has_mfa and not session_passed_mfa(session):
        # A user with an authenticator always gives a code at login; a
        # session without one came in some other way.
        return Verdict.MFA_CHALLENGE
    if not has_mfa and needs_mfa(user):
        return Verdict.MFA_SETUP
    return Verdict.OK


# HTTP ------------------------------------------------------------------------------

NUL_IN_QUERY = re.compile(r"%00|\x00", re.IGNORECASE)
# While setting up two-step verification a user may reach these and no more.
SETUP_PATHS = ("/accounts/", "/i18n/")
ALWAYS_OPEN = ("/healthz/",)


class AccessGateMiddleware:
    """Runs after authentication: every request of a logged-in user passes
    the verdict before it reaches a view."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.static = tuple(
            url for url in (settings.STATIC_URL, settings.MEDIA_URL) if url
        )

    def __call__(self, request):
        path = request.path_info
        if path.startswith(self.static + ALWAYS_OPEN):
            return self.get_response(request)
        if NUL_IN_QUERY.search(request.META.get("QUERY_STRING", "")):
            # No database stores a NUL character; no form needs one.
            return render(request, "400.html", status=400)
        decision = verdict(request.user, request.session)
        if decision == Verdict.MFA_CHALLENGE:
            auth.logout(request)
            messages.error(
                request,
                _("Log in again with your password and the code from your app."),
            )
            return redirect(settings.LOGIN_URL)
        if decision == Verdict.MFA_SETUP and not path.startswith(SETUP_PATHS):
            messages.info(
                request,
                _(
                    "Your role gives access to personal information. Set up "
                    "two-step verification with an authenticator app first."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


# Sessions of websockets ------------------------------------------------------------


def _session_store(session_key):
    engine = import_module(settings.SESSION_ENGINE)
    return engine.SessionStore(session_key)


def session_group(session_key):
    """Channel group of one browser session; the key itself is a secret, so
    only its hash goes to Redis."""
    digest = hashlib.sha256(session_key.encode()).hexdigest()[:32]
    return f"gate.session.{digest}"


def user_group(user_id):
    return f"gate.user.{user_id}"


def load_session(session_key):
    """(user, session, expires_at) of a live session, or (None, None, None).

    Django's own get_user verifies the session against the user's password
    hash, so a password change ends every other session.
    """
    if not session_key:
        return None, None, None
    store = _session_store(session_key)
    if not store.exists(session_key) or not store.load():
        return None, None, None
    user = get_user(SimpleNamespace(session=store))
    if not user.is_authenticated:
        return None, None, None
    return user, store, store.get_expiry_date()


def socket_verdict(session_key):
    """(verdict, user, expires_at) for a websocket's session, read afresh."""
    user, session, expires_at = load_session(session_key)
    if user is None:
        return Verdict.LOGIN, None, None
    return verdict(user, session), user, expires_at


def extend_session(session_key):
    """Typing and sending in the chat is activity: keep the session alive
    as an HTTP request would."""
    store = _session_store(session_key)
    if store.exists(session_key) and store.load():
        renew(store)
        store.save()
        return store.get_expiry_date()
    return None


@functools.cache
def in_thread_pool(function):
    """Run ORM work for a consumer in the thread pool, not on the one
    thread that database_sync_to_async uses by default: sockets then wait
    for each other only as far as the database makes them. SQLite (the
    demo) writes one at a time anyway, so there it stays on one thread.
    Each function is wrapped once: the gate wraps some on every frame."""
    from django.db import connection as db

    return database_sync_to_async(function, thread_sensitive=db.vendor == "sqlite")


def close_code(decision):
    """Log in again (4401), or not allowed as things are (4403)."""
    if decision in (Verdict.LOGIN, Verdict.MFA_CHALLENGE):
        return CLOSE_NOT_LOGGED_IN
    return CLOSE_FORBIDDEN


# Websocket handshake ---------------------------------------------------------------


def _expected_origins(scope):
    headers = dict(scope.get("headers") or [])
    host = headers.get(b"host", b"").decode("latin-1")
    domain, _port = split_domain_port(host)
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    if not domain or not validate_host(domain, allowed):
        return set(settings.CSRF_TRUSTED_ORIGINS)
    secure = scope.get("scheme") == "wss"
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy_header:
        name, value = proxy_header
        header = name.removeprefix("HTTP_").lower().replace("_", "-").encode()
        secure = secure or headers.get(header, b"").decode("latin-1") == value
    scheme = "https" if secure else "http"
    return {f"{scheme}://{host}", *settings.CSRF_TRUSTED_ORIGINS}


def origin_allowed(scope):
    """The browser's Origin must be this very site: scheme, host and port,
    as Django's CSRF check demands of forms, or a trusted origin."""
    headers = dict(scope.get("headers") or [])
    origin = headers.get(b"origin", b"").decode("latin-1")
    if not origin:
        return False
    parts = urlsplit(origin)
    normalised = f"{parts.scheme}://{parts.netloc}".lower()
    return normalised in {value.lower() for value in _expected_origins(scope)}


async def refuse(send, code):
    """Accept the socket, then close it with a code the client understands.

    Closing before accepting would answer the handshake with a bare HTTP 403,
    which a browser reports as code 1006 with no reason.
    """
    await send({"type": "websocket.accept"})
    await send({"type": "websocket.close", "code": code})


class WebsocketGate:
    """ASGI middleware for websockets, inside the session and auth
    middleware: a foreign Origin, a dead session or a missing second step
    never reaches a consumer."""

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        if scope["type"] != "websocket":
            return await self.inner(scope, receive, send)
        if not origin_allowed(scope):
            return await self._refused(receive, send, CLOSE_FORBIDDEN)
        session = scope.get("session")
        session_key = getattr(session, "session_key", None)
        decision, user, expires_at = await in_thread_pool(socket_verdict)(session_key)
        if decision != Verdict.OK:
            return await self._refused(receive, send, close_code(decision))
        scope = dict(scope, user=user, gate={"expires_at": expires_at})
        return await self.inner(scope, receive, send)

    async def _refused(self, receive, send, code):
        message = await receive()
        if message["type"] == "websocket.connect":
            await refuse(send, code)


async def refuse_unknown_path(scope, receive, send):
    """Websocket paths that match no route: a clean 4404, not a server error."""
    message = await receive()
    if message["type"] == "websocket.connect":
        await refuse(send, CLOSE_NOT_FOUND)


# Consumers ------------------------------------------------------------------------


class GatedConsumer(AsyncWebsocketConsumer):
    """A websocket consumer that acts only for a live session.

    Every frame is checked against the session store first; a timer closes
    the socket when the session expires; logout, a password change, a new or
    removed authenticator and a changed role reach the socket through its
    gate groups and close it within moments.
    """

    # Also look again this often, in case a hint about the session was lost.
    RECHECK_SECONDS = 300
    # Typing or sending extends the session at most this often, as requests
    # do (portal.middleware.SessionRenewalMiddleware).
    EXTEND_EVERY_SECONDS = settings.SESSION_RENEW_SECONDS

    async def open_gate(self):
        """Call from connect(), after deciding to accept."""
        self.user = self.scope["user"]
        self.session_key = self.scope["session"].session_key
        self.expires_at = self.scope["gate"]["expires_at"]
        self.extended_at = timezone.now()
        self.gate_closed = False
        await self.join(session_group(self.session_key))
        await self.join(user_group(self.user.pk))
        self.gate_timer = asyncio.ensure_future(self._watch_session())

    async def join(self, group):
        """Join a group; the consumer leaves it when it ends (and the channel
        layer drops a consumer that ended without leaving from its groups)."""
        if not hasattr(self, "joined"):
            self.joined = set()
        self.joined.add(group)
        await self.channel_layer.group_add(group, self.channel_name)

    async def leave(self, group):
        self.joined.discard(group)
        await self.channel_layer.group_discard(group, self.channel_name)

    async def dispatch(self, message):
        """Channels' own dispatch first hops to its one database thread to
        close old connections, for every frame and every hint of every
        socket: one hint to 2,000 waiting askers queued 2,000 hops on one
        thread. The consumers here touch the database only in the thread
        pool (in_thread_pool), which closes its connections itself."""
        # Every frame the server sends speaks the person's chosen language.
        translation.activate(self.language)
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    @cached_property
    def language(self):
        chosen = (self.scope.get("cookies") or {}).get(settings.LANGUAGE_COOKIE_NAME)
        available = {code for code, _name in settings.LANGUAGES}
        return chosen if chosen in available else settings.LANGUAGE_CODE

    async def websocket_receive(self, message):
        if await self.gate_open():
            await super().websocket_receive(message)

    async def websocket_disconnect(self, message):
        timer = getattr(self, "gate_timer", None)
        if timer is not None:
            timer.cancel()
        for group in getattr(self, "joined", ()):
            await self.channel_layer.group_discard(group, self.channel_name)
        await super().websocket_disconnect(message)

    async def gate_open(self):
        """True while the session lives; closes the socket when it does not."""
        if getattr(self, "gate_closed", True):
            return False
        if timezone.now() >= self.expires_at:
            return await self.gate_recheck({})
        if not await session_exists(self.session_key):
            await self.shut(CLOSE_NOT_LOGGED_IN)
            return False
        return True

    def gate_expired(self):
        """A check without I/O for work the server starts itself (hints)."""
        return getattr(self, "gate_closed", True) or timezone.now() >= self.expires_at

    async def touch_session(self):
        """The person is active here: extend the session, now and then."""
        now = timezone.now()
        if (now - self.extended_at).total_seconds() < self.EXTEND_EVERY_SECONDS:
            return
        self.extended_at = now
        expires_at = await in_thread_pool(extend_session)(self.session_key)
        if expires_at is not None:
            self.expires_at = expires_at

    async def shut(self, code):
        if not self.gate_closed:
            self.gate_closed = True
            await self.close(code=code)

    async def still_allowed(self, user):
        """Subclasses check their own access (a role in a conversation)."""
        return True

    # Hints about the session

    async def gate_close(self, event):
        await self.shut(event.get("code", CLOSE_NOT_LOGGED_IN))

    async def gate_recheck(self, event):
        decision, user, expires_at = await in_thread_pool(socket_verdict)(
            self.session_key
        )
        if decision != Verdict.OK:
            await self.shut(close_code(decision))
            return False
        self.user, self.expires_at = user, expires_at
        if not await self.still_allowed(user):
            await self.shut(CLOSE_FORBIDDEN)
            return False
        return True

    async def _watch_session(self):
        while not self.gate_closed:
            wait = (self.expires_at - timezone.now()).total_seconds()
            await asyncio.sleep(max(0.0, min(wait, self.RECHECK_SECONDS)) + 0.05)
            if self.gate_closed:
                return
            try:
                await self.gate_recheck({})
            except Exception:  # noqa: BLE001 - the next round tries again
                logger.exception("Could not check a websocket's session")


async def session_exists(session_key):
    """Whether the session is still stored and not expired: one cache read
    while it lives (cached_db; with Redis on the event loop itself), a
    database read otherwise."""
    return bool(await _session_store(session_key).aload())


# Hints that end sockets -----------------------------------------------------------


def close_session_sockets(session_key, code=CLOSE_NOT_LOGGED_IN):
    send_after_commit(session_group(session_key), "gate.close", code=code)


def recheck_user_sockets(user_id):
    send_after_commit(user_group(user_id), "gate.recheck")
