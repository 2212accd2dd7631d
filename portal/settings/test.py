"""Fast, deterministic settings for the test suite.

DATABASE_URL and REDIS_URL are honoured, so CI runs the same tests on
PostgreSQL and Redis; without them the suite uses SQLite and in-process
layers.
"""

import os

from .env import TEST_SECRET_KEY

# Before base reads it: base derives the channel layer's encryption key from it.
os.environ.setdefault("SECRET_KEY", TEST_SECRET_KEY)
os.environ.setdefault("LOG_FORMAT", "text")
# No connection pool under pytest-django: its transactional tests flush the
# database between tests while pooled connections of finished event loops
# may still be checked out, and the suite hangs. bench/chat.py runs the
# servers with the pool, as production does.
os.environ.setdefault("DB_POOL_SIZE", "0")


def _per_worker(redis_url, worker):
    """Each pytest-xdist worker (gw0, gw1, ...) gets a Redis database and
    key and channel prefixes of its own: a test that empties the cache, or
    sends to a group, must not reach a test running beside it. pytest-django
    gives each worker its own test database in the same way. Servers the
    tests start inherit all three through the environment."""
    number = int(worker.removeprefix("gw"))
    scheme, _sep, rest = redis_url.partition("://")
    address, _slash, database = rest.partition("/")
    database = int(database or 0) + number
    # A server a test starts sets prefixes of its own; keep those.
    os.environ.setdefault("CHANNELS_PREFIX", f"werkbehoud-{worker}")
    os.environ.setdefault("CACHE_PREFIX", f"werkbehoud-{worker}")
    return f"{scheme}://{address}/{database}"


_WORKER = os.environ.get("PYTEST_XDIST_WORKER")
# Once: the servers and commands a test starts inherit the worker's name
# and the address already chosen for it.
if (
    os.environ.get("REDIS_URL")
    and _WORKER
    and os.environ.get("WERKBEHOUD_REDIS_WORKER") != _WORKER
):
    os.environ["REDIS_URL"] = _per_worker(os.environ["REDIS_URL"], _WORKER)
    os.environ["WERKBEHOUD_REDIS_WORKER"] = _WORKER

from .base import *  # noqa: E402, F403
from .base import BASE_DIR  # noqa: E402
from .env import email_settings, env_bool  # noqa: E402

# Off, as in production; the browser tests' server builds its demo with
# DEBUG=1, because load_demo refuses to run without it.
DEBUG = env_bool("DEBUG", False)

ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A server started by a browser test writes mail to files it can read.
globals().update(email_settings(os.environ.get("EMAIL_URL", "locmem://")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / ".test-media"
# MFA is off by default in tests; the tests of it switch it on.
WERKBEHOUD_MFA_REQUIRED_ROLES = set()
PORTAL_BASE_URL = WAGTAILADMIN_BASE_URL = os.environ.get(
    "PORTAL_BASE_URL", "http://testserver"
)

# The tests run in one process, so its own cache hears of every change:
# dashboards are kept here too (a server a test starts decides for itself).
WERKBEHOUD_KEEP_PERSONAL_PAGES = env_bool("KEEP_PERSONAL_PAGES", True)

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
