"""Browser fixtures: Playwright's sync API driving Debian's Chromium.

Playwright cannot download its own browsers here, so Chromium comes from the system
package (`.ci/run` installs it). Without it, or without the playwright package, a
browser test skips locally and fails under CI=true, like any missing service.
"""

import os
from pathlib import Path

import pytest

from conftest import require_service

CHROMIUM = Path("/usr/bin/chromium")
# Long enough for a slow CI machine, short enough that a broken page fails fast.
TIMEOUT_MS = 10_000


@pytest.fixture
def instructor(client, db):
    """An instructor, logged in on `client`."""
    from accounts.tests.factories import InstructorFactory

    user = InstructorFactory()
    client.force_login(user)
    return user


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module (launching it costs about a second)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not CHROMIUM.exists():
        require_service(f"needs Chromium at {CHROMIUM}")

    # While Playwright runs, its asyncio loop counts as running in this thread, so
    # Django would refuse every ORM call the test (and the database flush after
    # it) makes with SynchronousOnlyOperation. Nothing here is really async: allow
    # it, for as long as the browser lives.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        # --no-sandbox: the tests run as root, where Chromium's sandbox cannot start.
        # --disable-dev-shm-usage: containers often have a tiny /dev/shm.
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server):
    """A fresh page (own cookies) whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()
