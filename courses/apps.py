from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"

    def ready(self):
        from django.db.backends.signals import connection_created

        from courses import signals  # noqa: F401
        from educa.db import sqlite_functions_register

        # The search's case-insensitive match on SQLite (courses.search).
        connection_created.connect(
            sqlite_functions_register, dispatch_uid="sqlite_functions_register"
        )
