from rest_framework import routers
from rest_framework.permissions import AllowAny


class APIRootView(routers.APIRootView):
    """GET /api/: the map of the API, for anyone (a client finds the token
    endpoint there before it has a token)."""

    permission_classes = [AllowAny]


class Router(routers.DefaultRouter):
    """DRF's router, with ids of ASCII digits only in every detail route.

    DRF's default lookup takes any text, which the database then reads with
    `int()`: `/meals/١/` was meal 1 and `/meals/²/rate_meal/` a crash. Here every
    lookup is Django's `<int:...>` converter (ASCII `[0-9]+`), as on the web
    pages, and the schema types it as an integer. A viewset that looks objects
    up by something else sets its own `lookup_value_converter`.
    """

    # No `/meals/1.json` routes: the contract has none, and every action would
    # need a `format` argument (an action without one was a 500 there).
    include_format_suffixes = False
    APIRootView = APIRootView

    def __init__(self, *, links: dict[str, str] | None = None, **kwargs):
        """`links`: more entries of the root, {key: URL name in the namespace}."""
        super().__init__(use_regex_path=False, **kwargs)
        self.links = links or {}

    def get_api_root_view(self, api_urls=None):
        # DRF's root entries (each viewset's list route), then ours.
        list_name = self.routes[0].name
        entries = {
            prefix: list_name.format(basename=basename)
            for prefix, _viewset, basename in self.registry
        }
        return self.APIRootView.as_view(api_root_dict={**entries, **self.links})

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        # DRF's own, in path mode, with `int` rather than `str` by default.
        lookup_field = getattr(viewset, "lookup_field", "pk")
        kwarg = getattr(viewset, "lookup_url_kwarg", None) or lookup_field
        converter = getattr(viewset, "lookup_value_converter", "int")
        return f"<{converter}:{lookup_prefix}{kwarg}>"
