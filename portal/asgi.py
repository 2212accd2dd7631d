"""ASGI entry point: HTTP through Django, websockets through Channels.

Every websocket passes the portal's gate (portal/gate.py) before it reaches
a consumer: same Origin, a live session, two-step verification where the
role needs it. Paths that match no route are closed with 4404.
"""

import gc
import os

from django.conf import settings
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

# Django must be set up before anything imports models (routing does).
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import re_path  # noqa: E402

from chat.routing import websocket_urlpatterns  # noqa: E402
from portal.gate import WebsocketGate, refuse_unknown_path  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AuthMiddlewareStack(
            WebsocketGate(
                URLRouter([*websocket_urlpatterns, re_path(r"", refuse_unknown_path)])
            )
        ),
    }
)


def _warm_up():
    """Do at start-up what the first requests would otherwise do, each on
    its own and all at once: the URL patterns, the translations and the
    privacy guard's lexicon. Then tell the garbage collector that all of it
    lives as long as the process: it stops scanning it, and a full
    collection no longer holds every socket up for about 100 ms."""
    from django.urls import get_resolver
    from django.utils import translation

    from portal import privacy_guard

    get_resolver().url_patterns  # noqa: B018 - builds the resolver
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            translation.gettext("Helpdesk")
    privacy_guard.load()
    gc.collect()
    gc.freeze()


_warm_up()
