"""List endpoints answered from a versioned cache namespace (educa.cache)."""

from rest_framework.response import Response

from educa.cache import cached_in_namespace


class CachedListMixin:
    """`list()` cached per URL (page, filters, ordering) in `list_cache_namespace`.

    The signals that retire the namespace on every write keep pages fresh; the
    timeout only bounds how long an unread page takes up memory. A page must be
    the same for every caller: `personalise()` adds what is not, after the cache.
    Errors (a page past the end, a bad filter) are raised, never cached.
    """

    list_cache_namespace: str
    list_cache_timeout = 15 * 60

    def list(self, request, *args, **kwargs):
        page = cached_in_namespace(
            self.list_cache_namespace,
            (request.build_absolute_uri(),),
            lambda: plain(
                super(CachedListMixin, self).list(request, *args, **kwargs).data
            ),
            self.list_cache_timeout,
        )
        return Response(self.personalise(page))

    def personalise(self, page: dict) -> dict:
        return page


def plain(data):
    """A serializer's data with DRF's ReturnDict and ReturnList made plain dicts
    and lists, to be cached: they unpickle in less than half the time."""
    if isinstance(data, dict):
        return {key: plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [plain(value) for value in data]
    return data
