from django.apps import AppConfig


class ChatConfig(AppConfig):
    """Course chat rooms: a WebSocket per course for its students and owner."""

    name = "chat"

    def ready(self):
        from chat import signals  # noqa: F401
