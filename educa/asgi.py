"""ASGI entry point: HTTP to Django, WebSockets (the chat) to Channels' consumers.

Served by daphne (`make run` through its runserver; in production see docs/chat.md).
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "educa.settings")
# First: it sets Django up, which the consumers' imports (models) need.
django_application = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.urls import re_path  # noqa: E402

from chat.routing import websocket_urlpatterns  # noqa: E402

# The close code for a WebSocket path nothing serves (4000-4999 are the
# application's own; 4404 reads as HTTP's 404).
NOT_FOUND = 4404


class NotFoundConsumer(AsyncWebsocketConsumer):
    """Any other WebSocket path: closed as not found, not an error. Without it
    Channels' router raises, and daphne logs a traceback for every stray probe."""

    async def connect(self):
        # Accepted first: daphne can only refuse a handshake with a 403, and the
        # client should be told "not found", not "forbidden".
        await self.accept()
        await self.close(code=NOT_FOUND)


application = ProtocolTypeRouter(
    {
        "http": django_application,
        # A page of another site must not open a socket with our user's cookies:
        # the Origin must be one of ALLOWED_HOSTS. Then the session's user.
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(
                URLRouter(
                    [*websocket_urlpatterns, re_path(r"", NotFoundConsumer.as_asgi())]
                )
            )
        ),
    }
)
