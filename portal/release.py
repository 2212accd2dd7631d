"""What code this process runs, as a short digest, for the keys of kept
pages: a page rendered by one release is never served by the next (a new
template, a changed view) even while the cache holds it."""

import functools
import hashlib

from django.conf import settings

# The portal's own code, templates and translations.
PARTS = ("portal", "cms", "retention", "chat", "templates", "locale")
SUFFIXES = {".py", ".html", ".txt", ".mo", ".json"}


@functools.cache
def release():
    digest = hashlib.sha256()
    root = settings.BASE_DIR
    for part in PARTS:
        for path in sorted((root / part).rglob("*")):
            if path.suffix in SUFFIXES and path.is_file():
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
