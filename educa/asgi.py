"""ASGI entry point (the chat issue adds WebSocket routing here)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "educa.settings")

application = get_asgi_application()
