"""Settings every environment shares. Secure by default: DEBUG is off and
secrets, hosts and services come from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from portal.logs import logging_config

from .env import (
    admins,
    email_settings,
    env_bool,
    env_int,
    env_list,
    redis_host,
    start_error_tracking,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "cms",
    "retention",
    "chat",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.redirects",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "channels",
]

MIDDLEWARE = [
    "portal.logs.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Whole pages for readers without an account (after static files, before
    # the headers every page gets, which are stored with the page).
    "cms.pagecache.ReaderPageCacheMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.SessionRenewalMiddleware",
    "portal.middleware.PortalLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "portal.csrf.VisitorCsrfMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.gate.AccessGateMiddleware",
    # Everything a page showed of employees, written to their access log in
    # one statement before the response leaves.
    "retention.middleware.AccessLogMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "portal.middleware.OwnErrorPagesMiddleware",
]
# Only with DEBUG: show Django's technical 404 and 500 pages instead of the
# portal's own (portal.middleware.OwnErrorPagesMiddleware).
WERKBEHOUD_TECHNICAL_ERROR_PAGES = env_bool("TECHNICAL_ERROR_PAGES", False)

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.portal",
                "cms.context_processors.guidance",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: SQLite file when DATABASE_URL is unset.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Chat and web requests write at the same time: WAL and immediate
    # transactions turn "database is locked" errors into short waits.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
    if env_int("DB_POOL_SIZE", 20) > 0:
        # Under ASGI requests and chat sockets run in many threads: a pool
        # keeps their connections open (connecting costs PostgreSQL a new
        # process), and replaces persistent connections (CONN_MAX_AGE 0).
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        # Enough open from the start for the worker threads (growing one
        # connection at a time under a first rush held messages for a second).
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": min(8, env_int("DB_POOL_SIZE", 20)),
            "max_size": env_int("DB_POOL_SIZE", 20),
            "timeout": 10,
        }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: channel layer and cache when REDIS_URL is set, in-process otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
CHANNELS_ENCRYPTION_KEY = os.environ.get("CHANNELS_ENCRYPTION_KEY", "")
if REDIS_URL:
    # Both keep working while Redis is down (portal/resilience.py).
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "portal.channel_layer.PubSubChannelLayer",
            "CONFIG": {
                "hosts": [redis_host(REDIS_URL)],
                "prefix": os.environ.get("CHANNELS_PREFIX", "werkbehoud"),
                # Chat content passes through Redis; it is never stored in clear.
                "symmetric_encryption_keys": [CHANNELS_ENCRYPTION_KEY or SECRET_KEY],
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "portal.resilience.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_PREFIX", "werkbehoud"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Dashboards kept whole until what they show changes (portal/kept_pages.py):
# only with a cache every process shares, which hears of every change.
WERKBEHOUD_KEEP_PERSONAL_PAGES = env_bool("KEEP_PERSONAL_PAGES", bool(REDIS_URL))

# Accounts
AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "portal.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "portal.forms.InvitationSignupForm",
    "login": "portal.forms.LoginForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
# One address per account: changing it replaces it once the new one is
# confirmed (no list of addresses to make "primary").
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Werkbehoud] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
# allauth's own rate limits stay on (its defaults); they use the cache.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Werkbehoud"
# Roles that must have an authenticator app before anything else opens
# (portal/gate.py). "superuser" counts as a role of its own.
WERKBEHOUD_MFA_REQUIRED_ROLES = {"hr", "helpdesk", "editor", "superuser"}
# Where each role lands after logging in (URL names).
WERKBEHOUD_DASHBOARDS = {
    "hr": "portal:hr_dashboard",
    "supervisor": "retention:team",
    "employee": "retention:home",
    "helpdesk": "chat:helpdesk",
    "editor": "wagtailadmin_home",
}
# Buttons in guidance pages that open a part of the portal (URL names).
WERKBEHOUD_PORTAL_ACTIONS = {
    "start_chat": "chat:start",
    "my_adjustments": "retention:my_plan",
    "my_own_plan": "retention:own_plan",
    "my_team": "retention:team",
    "record_sick_report": "retention:team",
    "my_consents": "retention:consents",
    "deciding_what_to_tell": "retention:disclosure",
    "energy_exercise": "cms:energy_exercise",
}
# Who may take each action: a guidance button shows only to these roles and
# explains the step to everyone else (no action listed: open to anyone).
WERKBEHOUD_PORTAL_ACTION_ROLES = {
    "start_chat": ("hr", "supervisor", "employee"),
    "my_adjustments": ("employee",),
    "my_own_plan": ("employee",),
    "my_consents": ("employee",),
    "deciding_what_to_tell": ("employee",),
    "my_team": ("supervisor",),
    "record_sick_report": ("supervisor",),
}
WERKBEHOUD_INVITATION_DAYS = env_int("INVITATION_DAYS", 14)
# Absence figures: no cell (organisation, team, month, duration class) is
# shown for fewer people or reports than this, so nobody can be recognised.
WERKBEHOUD_FIGURES_MIN_GROUP = env_int("FIGURES_MIN_GROUP", 5)
# Retention terms: purge_expired (run daily by the worker) deletes what is
# older. Each is listed in the README with the rule it follows.
# The employee's record with everything in it (agreements, own plan,
# administrative absence data, access log), after the employment ended.
WERKBEHOUD_PLAN_RETENTION_DAYS = env_int("PLAN_RETENTION_DAYS", 730)
# The re-integration file (steps, contact moments, the sick report's contact
# details) after the absence case ended.
WERKBEHOUD_REINTEGRATION_RETENTION_DAYS = env_int("REINTEGRATION_RETENTION_DAYS", 730)
# Used, revoked and expired invitations.
WERKBEHOUD_INVITATION_RETENTION_DAYS = env_int("INVITATION_RETENTION_DAYS", 90)
# Sent mail (its text may name an employee); mail that failed for good too.
WERKBEHOUD_MAIL_RETENTION_DAYS = env_int("MAIL_RETENTION_DAYS", 30)
# Search terms counted for editors, and comments left on guidance.
WERKBEHOUD_SEARCH_TERM_RETENTION_DAYS = env_int("SEARCH_TERM_RETENTION_DAYS", 365)
WERKBEHOUD_FEEDBACK_COMMENT_RETENTION_DAYS = env_int(
    "FEEDBACK_COMMENT_RETENTION_DAYS", 365
)
# Which reminders went out, kept to send each once.
WERKBEHOUD_REMINDER_RETENTION_DAYS = env_int("REMINDER_RETENTION_DAYS", 400)

# Shared computers on the work floor: a session ends after this much idle
# time, and when the browser closes.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# Activity renews the idle time at most once a minute, not on every request
# (portal.middleware.SessionRenewalMiddleware).
SESSION_RENEW_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Email
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Werkbehoud <noreply@werkbehoud.nl>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Every mail is queued in the database (portal/mail.py); the worker hands it
# to the backend EMAIL_URL names (WERKBEHOUD_DELIVERY_EMAIL_BACKEND).
EMAIL_BACKEND = "portal.mail.QueueBackend"
EMAIL_TIMEOUT = 20
# How often the worker looks for mail to deliver.
WERKBEHOUD_WORKER_MAIL_SECONDS = env_int("WORKER_MAIL_SECONDS", 10)
globals().update(email_settings(os.environ.get("EMAIL_URL", "console://")))

# Language and time
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "werkbehoud_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# Static and media files
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Security headers that hold everywhere; production adds HTTPS-only ones.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "portal.views.errors.csrf_failure"

# Content-Security-Policy (django-csp, portal.middleware). The portal has no
# inline script or style. connect-src also gets ws:// or wss:// for the
# requested host: browsers before CSP level 3 do not count websockets as
# 'self'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The Wagtail admin (under its own URL prefix) gets this policy instead.
# Scripts stay strict: cms/admin_scripts.py starts Wagtail's widgets without
# inline script, and the one fixed inline script left (the search promotion
# form's set-up) is allowed by its hash only; tests/cms/test_admin_csp.py
# checks it. Styles allow inline: the rich text editor writes <style>
# elements; with img-src and font-src kept to the portal, inline CSS cannot
# send anything elsewhere. blob: images are upload previews; the admin frames
# itself for the page editor's live preview.
WERKBEHOUD_ADMIN_CSP_DIRECTIVES = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": ["'self'", "'sha256-sdg5j7ZDtlZmmec5PhYj8wbvUxBEBc7Unu+wu5dBBCA='"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "frame-ancestors": ["'self'"],
}
# No avatars from Gravatar and no version check against wagtail.org: both
# would send data to third parties, and the policy blocks them anyway.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Browser features no page of the portal uses (Permissions-Policy header;
# an empty list switches the feature off). Autoplay stays allowed for the
# helpdesk's new-chat sound, security keys for two-step verification.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
# Behind a load balancer: how many proxies append to X-Forwarded-For. 0 means
# the portal is reached directly and the header is ignored.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# Bearer token that shows /healthz/ details to monitoring; empty: staff only.
HEALTHZ_TOKEN = os.environ.get("HEALTHZ_TOKEN", "")

# Wagtail
WAGTAIL_SITE_NAME = "Werkbehoud"
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
# Passwords and addresses change only through allauth (verified, rate
# limited, with two-step verification), never in Wagtail's admin: not even
# a superuser sets another person's password.
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Guidance in Dutch and English: one page tree per language, served at the
# same address in the reader's chosen language (cms.models.HomePage.route
# falls back to Dutch where a page has no translation yet).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Dutch content stemmed as Dutch, English as English (cms/search.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms.search"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt"]

# Logs: one JSON object a line (LOG_FORMAT=text for a terminal), with the
# request id and user id, never names or typed text (portal/logs.py).
LOGGING = logging_config(
    os.environ.get("LOG_FORMAT", "json"), os.environ.get("LOG_LEVEL", "INFO")
)
DEFAULT_EXCEPTION_REPORTER_FILTER = "portal.logs.NoFormDataFilter"
# Server errors by mail (through the mail queue) when ADMINS is set:
# "Naam <beheer@example.nl>, ..."; off when unset.
ADMINS = admins(os.environ.get("ADMINS", ""))
# Server errors to an error tracker (Sentry or a compatible service) when
# SENTRY_DSN is set; off when unset.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
start_error_tracking(SENTRY_DSN, os.environ.get("SENTRY_ENVIRONMENT", ""))

# Live chat
WERKBEHOUD_CHAT_MAX_MESSAGE_LENGTH = 2000
WERKBEHOUD_CHAT_MESSAGES_PER_MINUTE = env_int("CHAT_MESSAGES_PER_MINUTE", 20)
WERKBEHOUD_CHAT_CONVERSATIONS_PER_HOUR = env_int("CHAT_CONVERSATIONS_PER_HOUR", 5)
WERKBEHOUD_CHAT_MAX_OPEN_PER_AGENT = env_int("CHAT_MAX_OPEN_PER_AGENT", 4)
# An agent counts as online this long after their queue page last checked in.
WERKBEHOUD_CHAT_PRESENCE_SECONDS = 60
# Conversations, whatever their status, this long after their last message.
WERKBEHOUD_CHAT_RETENTION_DAYS = env_int("CHAT_RETENTION_DAYS", 365)
