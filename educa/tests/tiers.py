"""The suite's tiers and the checks that keep tests in them (a pytest plugin,
loaded by the root conftest.py).

`make test-fast` deselects the tests marked `server`, `browser`, `fuzz` and
`postgres` (pyproject.toml lists the markers). So a test that starts a process
must be marked `server`, and one that uses Playwright `browser`; otherwise it
fails, whichever tier runs it:

- Processes: while a test without `server` runs, subprocess.Popen refuses to
  start anything, except through run_to_completion() below (and in `browser`
  tests, which start Playwright's driver and Chromium).
- Playwright: a test using one of its fixtures without `browser` fails in setup.

PYTEST_DONT_REWRITE: conftest.py imports this module before loading it as a
plugin, and it asserts nothing.
"""

import functools
import subprocess
import threading
from contextlib import contextmanager

import pytest

# pytest-playwright's fixtures that start Playwright or a browser.
BROWSER_FIXTURES = frozenset(
    {"playwright", "browser_type", "launch_browser", "browser", "new_context"}
    | {"context", "page"}
)

_waiting = threading.local()


def run_to_completion(args, **kwargs) -> subprocess.CompletedProcess:
    """subprocess.run() with a timeout: a child the test waits for (a script, a
    manage.py command in a fresh environment), the one kind of process a test
    without the `server` marker may start. It holds no port after it returns
    and cannot outlive its timeout (120 s unless given)."""
    kwargs.setdefault("timeout", 120)
    _waiting.depth = getattr(_waiting, "depth", 0) + 1
    try:
        return subprocess.run(args, **kwargs)
    finally:
        _waiting.depth -= 1


@contextmanager
def processes_refused(nodeid: str):
    """subprocess.Popen fails the test unless called from run_to_completion()."""
    original = subprocess.Popen.__init__

    @functools.wraps(original)
    def refuse(self, args, *more, **kwargs):
        if getattr(_waiting, "depth", 0):
            return original(self, args, *more, **kwargs)
        pytest.fail(
            f"{nodeid} started a process without the `server` marker: {args!r}"
            " (mark the test `server`, or run a child it waits for with"
            " educa.tests.tiers.run_to_completion)",
            pytrace=False,
        )

    subprocess.Popen.__init__ = refuse
    try:
        yield
    finally:
        subprocess.Popen.__init__ = original


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    # Setup, call and teardown alike: servers are usually started by fixtures.
    if item.get_closest_marker("server") or item.get_closest_marker("browser"):
        return (yield)
    with processes_refused(item.nodeid):
        return (yield)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    used = BROWSER_FIXTURES.intersection(getattr(item, "fixturenames", ()))
    if used and not item.get_closest_marker("browser"):
        pytest.fail(
            f"{item.nodeid} uses Playwright ({', '.join(sorted(used))}) without"
            " the `browser` marker",
            pytrace=False,
        )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # Browser tests last (in each xdist worker too: workers are handed tests in
    # this order). pytest-playwright starts Playwright once per session, and
    # from then on its asyncio loop counts as running in the main thread:
    # asgiref's async_to_sync (the chat's coroutine tests) refuses to run under
    # it, and Django's ORM needs DJANGO_ALLOW_ASYNC_UNSAFE (root conftest.py).
    # A stable sort: pytest-django's order stays within each group.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
