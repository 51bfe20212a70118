from django.apps import AppConfig


class EducaConfig(AppConfig):
    """The project package as an app: its project-wide system checks."""

    name = "educa"

    def ready(self):
        from educa import checks  # noqa: F401
