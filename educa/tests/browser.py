"""What the browser tests of every app share: logging in through the login form
(one user, or several side by side), matching a page's URL, and where an element
is drawn."""

import re
from contextlib import contextmanager

from django.urls import reverse
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from conftest import TIMEOUT_MS


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


@contextmanager
def logged_in_pages(browser, base_url: str):
    """`open_as(username, next_url)`: a page logged in as that user, on
    `next_url`, in a browser context of its own (cookies and all), so that
    several users act side by side; every context is closed at the end."""
    contexts = []

    def open_as(username: str, next_url: str):
        context = browser.new_context(base_url=base_url)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        log_in(page, username, next_url)
        return page

    try:
        yield open_as
    finally:
        for context in contexts:
            context.close()
