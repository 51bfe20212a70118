"""Filters of the console log (settings.LOGGING)."""

import logging


class NoClientErrorTraceback(logging.Filter):
    """A 4xx the site answered on purpose (a 403 for a student on an instructor's
    page, a 404) is one line: Django logs PermissionDenied with its traceback,
    which says nothing about a bug and buries the lines that do. 5xx keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
