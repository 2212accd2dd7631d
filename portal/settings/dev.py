"""Settings for `make run` on a developer's machine."""

import contextlib
import os

from .env import DEV_SECRET_KEY

# Before base reads it: base derives the channel layer's encryption key from it.
# A developer reads logs in a terminal; production writes JSON lines.
os.environ.setdefault("LOG_FORMAT", "text")
os.environ.setdefault("SECRET_KEY", DEV_SECRET_KEY)

from .base import *  # noqa: E402, F403

DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"

# The demo must be explorable at once: no authenticator app needed in dev.
WERKBEHOUD_MFA_REQUIRED_ROLES = set()

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# An optional, git-ignored local.py overrides any of the above.
with contextlib.suppress(ImportError):
    from .local import *  # noqa: F403
