"""What clients send, parsed so that odd input is a 4xx, never a 500.

Ids are ASCII digits only: `str.isdigit()` and `int()` also take `²` (which
`int()` then refuses), `١` and `１` (which it reads as 1), so an id checked with
them is a crash or someone else's object.
"""

import json

from django.http import Http404

# A regex, for routes: `\d` would match the digits of every script.
ID_REGEX = "[0-9]+"
# Ids are BigAutoField: no database stores a larger one.
MAX_ID = 2**63 - 1
NESTED_TOO_DEEPLY = "nested too deeply"


def parse_id(value) -> int | None:
    """`value` (text or int) as an id from 0 to MAX_ID, else None."""
    if isinstance(value, bool):
        return None
    text = str(value)
    # The length first: int() refuses strings of over 4,300 digits.
    if not (text.isascii() and text.isdigit() and len(text) <= len(str(MAX_ID))):
        return None
    number = int(text)
    return number if number <= MAX_ID else None


def id_or_404(value) -> int:
    """`value` as an id (see parse_id), else Http404 like any unknown object."""
    number = parse_id(value)
    if number is None:
        raise Http404("No such object.")
    return number


def json_loads(body: bytes | str):
    """A request body's JSON, else ValueError saying "JSON parse error - ...".

    Python's json raises RecursionError, not ValueError, on about 1,000 nested
    brackets: that is a parse error like any other here.
    """
    try:
        return json.loads(body)
    except RecursionError:
        raise ValueError(f"JSON parse error - {NESTED_TOO_DEEPLY}") from None
    except ValueError as error:
        raise ValueError(f"JSON parse error - {error}") from None
