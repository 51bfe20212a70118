from rest_framework import parsers
from rest_framework.exceptions import ParseError

from educa.parsing import NESTED_TOO_DEEPLY


class JSONParser(parsers.JSONParser):
    """DRF's, with JSON nested too deeply for Python's json a 400 parse error.

    Python's json raises RecursionError there (about 1,000 brackets), which DRF
    lets through as a 500.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(f"JSON parse error - {NESTED_TOO_DEEPLY}") from None
