from rest_framework.routers import DefaultRouter

from educa.parsing import ID_REGEX


class Router(DefaultRouter):
    """DRF's router, with ids of ASCII digits only in every detail route.

    DRF's default lookup takes any text, which the database then reads with
    `int()`: `/meals/١/` was meal 1 and `/meals/²/rate_meal/` a crash. A viewset
    that looks objects up by something else sets its own `lookup_value_regex`.
    """

    # No `/meals/1.json` routes: the contract has none, and every action would
    # need a `format` argument (an action without one was a 500 there).
    include_format_suffixes = False

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        # DRF's own, in its (default) regex mode, with another default value.
        lookup_field = getattr(viewset, "lookup_field", "pk")
        kwarg = getattr(viewset, "lookup_url_kwarg", None) or lookup_field
        value = getattr(viewset, "lookup_value_regex", ID_REGEX)
        return f"(?P<{lookup_prefix}{kwarg}>{value})"
