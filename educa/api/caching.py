"""List endpoints answered from a cache namespace (educa.cache)."""

from typing import TYPE_CHECKING
from urllib.parse import urlencode

from rest_framework.filters import OrderingFilter, SearchFilter
from rest_framework.response import Response

from educa.cache import Namespace, cached
from educa.parsing import parse_id

if TYPE_CHECKING:
    from rest_framework.generics import GenericAPIView
    from rest_framework.mixins import ListModelMixin

    from educa.api.pagination import PageNumberPagination

    # What the mixin is mixed into, for the type checker only (plain object at
    # run time, so the views' method resolution order is theirs).
    class _ListView(ListModelMixin, GenericAPIView):
        @property
        def paginator(self) -> PageNumberPagination: ...  # the API's pager

else:
    _ListView = object


class CachedListMixin(_ListView):
    """`list()` cached in `list_cache_namespace`, keyed by what changes the
    answer: the page, its size, the ordering, the search terms and the filters
    in `list_filter_params`, each normalised (`answer_query()`). Nothing else of
    the URL: junk parameters neither make entries nor show in the answer's
    links, which the pager builds from the same normalised query.

    The signals that retire the namespace on every write keep pages fresh; the
    timeout only bounds how long an unread page takes up memory. A page must be
    the same for every caller: `personalise()` adds what is not, after the cache.
    Errors (a page past the end, a bad filter) are raised, never cached; a
    request `list_cache_allows()` refuses (an unknown filter value, say) is
    answered without the cache, so junk cannot push real pages out.
    """

    list_cache_namespace: Namespace
    list_cache_timeout = 15 * 60
    list_filter_params: tuple[str, ...] = ()

    def list(self, request, *args, **kwargs):
        def build():
            page = super(CachedListMixin, self).list(request, *args, **kwargs)
            return plain(page.data)

        page = request.query_params.get(self.paginator.page_query_param) or "1"
        number = parse_id(page)
        key = None
        if number is not None and self.list_cache_allows():
            key = self.list_cache_namespace.key(
                "api-list", request.build_absolute_uri(request.path), number,
                self.answer_query(),
            )  # fmt: skip
        return Response(self.personalise(cached(key, build, self.list_cache_timeout)))

    def personalise(self, page: dict) -> dict:
        return page

    def list_cache_allows(self) -> bool:
        return True

    def answer_query(self) -> str:
        """The query string of what changes the answer, page aside: normalised,
        and without what is at its default."""
        request = self.request
        pairs: list[tuple[str, object]] = []  # for urlencode()
        size_param = self.paginator.page_size_query_param
        if request.query_params.get(size_param):
            size = self.paginator.get_page_size(request)
            if size != self.paginator.page_size:
                pairs.append((size_param, size))
        for backend in self.filter_backends:
            if issubclass(backend, OrderingFilter):
                ordering = backend().get_ordering(request, self.get_queryset(), self)
                default = backend().get_default_ordering(self)
                if ordering is not None and ordering != default:
                    pairs.append((backend.ordering_param, ",".join(ordering)))
            if issubclass(backend, SearchFilter) and (
                terms := backend().get_search_terms(request)
            ):
                pairs.append((backend.search_param, " ".join(terms)))
        for name in self.list_filter_params:
            if value := request.query_params.get(name):
                pairs.append((name, value))
        return urlencode(pairs)


def plain(data):
    """A serializer's data with DRF's ReturnDict and ReturnList made plain dicts
    and lists, to be cached: they unpickle in less than half the time."""
    if isinstance(data, dict):
        return {key: plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [plain(value) for value in data]
    return data
