"""Where a page's links lead: the page of a list asked for, and `next`, back
to a page of this site."""

from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404
from django.utils.http import url_has_allowed_host_and_scheme

from educa.parsing import parse_id


def page_number(value: str | None) -> int:
    """?page= as a number from 1, else Http404 (as Django's ListView does).
    ASCII digits only: Django's own int() reads `١` as 1."""
    if value is None:
        return 1
    number = parse_id(value)
    if not number:  # not a number, or 0
        raise Http404("No such page.")
    return number


def page_or_404(request, rows, per_page: int) -> Page:
    """The page ?page= of `rows`; one out of range is a 404."""
    try:
        return Paginator(rows, per_page).page(page_number(request.GET.get("page")))
    except InvalidPage as error:
        raise Http404(str(error)) from None


def page_after_removal(page: Page) -> int:
    """The page a removal of one row of `page` comes back to: this one, or the
    one before when the removal empties it."""
    return page.number - 1 if page.number > 1 and len(page) == 1 else page.number


def local_next_url(request, default: str = "") -> str:
    """`next` (posted, or in the query string) when it is a page of this site,
    else `default`: never a redirect to another site."""
    url = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default
