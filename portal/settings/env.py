"""Small readers for configuration that comes from the environment."""

import os
from email.utils import getaddresses
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}

# The keys dev and test settings fall back to. They are in the repository, so
# production refuses them and anything that looks like them.
DEV_SECRET_KEY = "dev-only-secret-key-not-for-production-0123456789"
TEST_SECRET_KEY = "test-secret-key-that-is-long-enough-for-hmac-and-fernet-0123456789"
KNOWN_SECRET_KEYS = {DEV_SECRET_KEY, TEST_SECRET_KEY}
KNOWN_SECRET_KEY_PREFIXES = ("dev-only", "test-secret")


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in TRUE_WORDS


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"{name} must be a whole number, not {value!r}"
        ) from exc


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def email_settings(url):
    """Translate EMAIL_URL into Django email settings.

    smtp://user:password@host:587?tls=1, smtps://... (implicit TLS),
    console://, file:///path/to/dir, locmem://.
    """
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    scheme = parts.scheme.lower()
    if scheme == "console":
        return {
            "WERKBEHOUD_DELIVERY_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"
        }
    if scheme == "locmem":
        return {
            "WERKBEHOUD_DELIVERY_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"
        }
    if scheme == "file":
        return {
            "WERKBEHOUD_DELIVERY_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": unquote(parts.path),
        }
    if scheme in ("smtp", "smtps"):
        return {
            "WERKBEHOUD_DELIVERY_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parts.hostname or "localhost",
            "EMAIL_PORT": parts.port or (465 if scheme == "smtps" else 25),
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_SSL": scheme == "smtps",
            "EMAIL_USE_TLS": scheme == "smtp"
            and query.get("tls", ["0"])[0].lower() in TRUE_WORDS,
        }
    raise ImproperlyConfigured(f"EMAIL_URL scheme {scheme!r} is not supported")


def redis_host(url):
    """Host config for channels_redis.

    redis-py 8 gives every connection a 5 s socket timeout by default; the core
    Redis layer blocks longer than that waiting for messages (BZPOPMIN), so a
    timeout would tear down every consumer. Reads may wait for ever; only
    connecting is bounded.
    """
    return {
        "address": url,
        "socket_timeout": None,
        "socket_connect_timeout": 2,
        # redis-py's pool refuses the 101st connection at once; hundreds of
        # sockets closing together each discard their groups.
        "max_connections": env_int("REDIS_MAX_CONNECTIONS", 1000),
    }


def admins(value):
    """ADMINS from "Name <address>, other@address" (empty: nobody)."""
    return [
        (name or address, address) for name, address in getaddresses([value]) if address
    ]


def start_error_tracking(dsn, environment=""):
    """Send server errors to an error tracker when a DSN is set. Nothing
    personal goes along: no request bodies, cookies, addresses or local
    variables. Returns whether tracking is on."""
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        traces_sample_rate=0,
    )
    return True
