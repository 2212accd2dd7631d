"""ASGI entry point: HTTP through Django, websockets through Channels.

Every websocket passes the portal's gate (portal/gate.py) before it reaches
a consumer: same Origin, a live session, two-step verification where the
role needs it. Paths that match no route are closed with 4404.
"""

import os

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
