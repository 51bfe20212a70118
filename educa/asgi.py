"""ASGI entry point: HTTP to Django, WebSockets (the chat) to Channels' consumers.

Served by daphne (`make run` through its runserver; in production see docs/chat.md).
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "educa.settings")
# First: it sets Django up, which the consumers' imports (models) need.
django_application = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from chat.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_application,
        # A page of another site must not open a socket with our user's cookies:
        # the Origin must be one of ALLOWED_HOSTS. Then the session's user.
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
