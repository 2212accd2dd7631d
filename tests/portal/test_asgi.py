"""The ASGI process starts warm: what the first requests would each build
at once is built at start-up, and the garbage collector leaves it alone
(a full collection of it held every socket up for about 100 ms)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import gc
import portal.asgi
from portal import privacy_guard
print(gc.get_freeze_count(), len(privacy_guard._lexicon_built))
"""


def test_start_up_builds_the_lexicon_and_freezes_what_it_loaded():
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    frozen, lexicons = map(int, result.stdout.split())
    assert lexicons == 1
    # Django, Wagtail and the portal: well over a hundred thousand objects.
    assert frozen > 100_000
