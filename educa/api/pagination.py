from rest_framework import pagination
from rest_framework.exceptions import NotFound

from educa.parsing import parse_id


class PageNumberPagination(pagination.PageNumberPagination):
    """20 per page; clients may ask for up to 100 with `?page_size=`."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

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
