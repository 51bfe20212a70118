"""What the browser tests of every app share: logging in through the login form,
matching a page's URL, and where an element is drawn."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD


def ends_with(path: str) -> re.Pattern:
    """A URL pattern for `expect(page).to_have_url`: any host, this path."""
    return re.compile(re.escape(path) + "$")


def log_in(
    page, username: str, next_url: str | None = None, *, password: str = PASSWORD
) -> None:
    """Log in through the form. With `next_url`, open the login page asking for
    it and wait until the browser is there; without, fill in the login form the
    page is already on."""
    if next_url is not None:
        page.goto(f"{reverse('login')}?next={next_url}")
    page.fill("[name=username]", username)
    page.fill("[name=password]", password)
    page.get_by_role("button", name="Log in").click()
    if next_url is not None:
        expect(page).to_have_url(ends_with(next_url))


def box(locator) -> dict:
    """Where `locator` is drawn: {x, y, width, height}; fails if it is not."""
    found = locator.bounding_box()
    assert found is not None, f"{locator} is not shown"
    return found
