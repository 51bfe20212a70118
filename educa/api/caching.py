"""List endpoints answered from a cache namespace (educa.cache)."""

from rest_framework.filters import OrderingFilter, SearchFilter
from rest_framework.response import Response

from educa.cache import Namespace, cached
from educa.parsing import parse_id


class CachedListMixin:
    """`list()` cached in `list_cache_namespace`, keyed by what changes the
    answer: the page, its size, the ordering, the search terms and the filters
    in `list_filter_params`, normalised. Nothing else of the URL: junk
    parameters neither make entries nor show in the answer's links.

    The signals that retire the namespace on every write keep pages fresh; the
    timeout only bounds how long an unread page takes up memory. A page must be
    the same for every caller: `personalise()` adds what is not, after the cache.
    Errors (a page past the end, a bad filter) are raised, never cached.
    """

    list_cache_namespace: Namespace
    list_cache_timeout = 15 * 60
    list_filter_params: tuple[str, ...] = ()

    def list(self, request, *args, **kwargs):
        key = self.list_cache_namespace.key(
            "api-list", request.build_absolute_uri(request.path), *self._answer_key()
        )
        page = cached(
            key,
            lambda: plain(
                super(CachedListMixin, self).list(request, *args, **kwargs).data
            ),
            self.list_cache_timeout,
        )
        return Response(self.personalise(page))

    def personalise(self, page: dict) -> dict:
        return page

    def answer_params(self) -> set[str]:
        """The query parameters that change the answer (the pager keeps only
        these in its links)."""
        names = {self.paginator.page_query_param, self.paginator.page_size_query_param}
        for backend in self.filter_backends:
            if issubclass(backend, OrderingFilter):
                names.add(backend.ordering_param)
            if issubclass(backend, SearchFilter):
                names.add(backend.search_param)
        return names | set(self.list_filter_params)

    def _answer_key(self) -> list:
        request = self.request
        page = request.query_params.get(self.paginator.page_query_param, "1")
        parts = [parse_id(page) or page, self.paginator.get_page_size(request)]
        for backend in self.filter_backends:
            if issubclass(backend, OrderingFilter):
                queryset = self.get_queryset()  # not evaluated
                parts.append(backend().get_ordering(request, queryset, self))
            if issubclass(backend, SearchFilter):
                parts.append(backend().get_search_terms(request))
        parts += [request.query_params.get(name) for name in self.list_filter_params]
        return parts


def plain(data):
    """A serializer's data with DRF's ReturnDict and ReturnList made plain dicts
    and lists, to be cached: they unpickle in less than half the time."""
    if isinstance(data, dict):
        return {key: plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [plain(value) for value in data]
    return data
