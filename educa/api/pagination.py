from django.core.paginator import Page
from rest_framework import pagination
from rest_framework.exceptions import NotFound
from rest_framework.utils.urls import remove_query_param, replace_query_param

from educa.parsing import parse_id


class PageNumberPagination(pagination.PageNumberPagination):
    """20 per page; clients may ask for up to 100 with `?page_size=`.

    The next and previous links carry only what changes the answer, normalised,
    when the view says what that is (`answer_query()`, educa.api.caching): a
    cached page is shared, and must not hand one caller's junk to the next.
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    # Set by paginate_queryset() before any link is asked for (the stubs allow None).
    page: Page

    def paginate_queryset(self, queryset, request, view=None):
        self.base_url = request.build_absolute_uri()
        if hasattr(view, "answer_query"):
            query = view.answer_query()
            path = request.build_absolute_uri(request.path)
            self.base_url = f"{path}?{query}" if query else path
        return super().paginate_queryset(queryset, request, view)

    def get_page_number(self, request, paginator):
        number = super().get_page_number(request, paginator)
        # Django's paginator reads `?page=١` with int(), as page 1.
        if isinstance(number, str) and parse_id(number) is None:
            raise NotFound(
                self.invalid_page_message.format(
                    page_number=number, message="Not a page number."
                )
            )
        return number

    def get_next_link(self):
        if not self.page.has_next():
            return None
        number = self.page.next_page_number()
        return replace_query_param(self.base_url, self.page_query_param, number)

    def get_previous_link(self):
        if not self.page.has_previous():
            return None
        number = self.page.previous_page_number()
        if number == 1:
            return remove_query_param(self.base_url, self.page_query_param)
        return replace_query_param(self.base_url, self.page_query_param, number)
