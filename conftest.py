"""Fixtures shared by every app's tests."""

import os
import socket
import sys
import threading
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.memcached import BaseMemcachedCache
from django.core.signals import request_finished
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.tests.factories import UserFactory
from educa.cache import forget_recent
from educa.tests import helpers
from educa.tests.helpers import require_service
from educa.tests.tiers import run_to_completion

# The tiers' checks (educa/tests/tiers.py); pytester for the test of those checks.
pytest_plugins = ["educa.tests.tiers", "pytester"]


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres"):
        from django.db import connection

        if connection.vendor != "postgresql":
            require_service("needs PostgreSQL: runs in the services pass")


class CacheObjects:
    """The cache objects made since the end of the last test, in any thread.

    Each change of CACHES (every test makes one) gives each thread new cache
    objects, and asgiref's Local keeps the old ones alive in the thread's
    context, with their memcached connections: the app's backend never closes
    them, on purpose (a gunicorn worker reuses them). Unclosed, a run held over
    1,024 open on the memcached, which refused the next ones.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.made = []

    def create(self, create, alias):
        made = create(alias)
        with self.lock:
            self.made.append(made)
        return made

    def close_all(self) -> None:
        with self.lock:
            made, self.made = self.made, []
        disconnect(made)


def disconnect(cache_objects) -> None:
    """Close the memcached connections of these cache objects."""
    for cache_object in cache_objects:
        made_client = "_cache" in vars(cache_object)
        if isinstance(cache_object, BaseMemcachedCache) and made_client:
            BaseMemcachedCache.close(cache_object)


@pytest.fixture(scope="session", autouse=True)
def cache_objects():
    """For the whole session: some are made between tests (the flush after a
    transactional test retires the cache namespaces)."""
    objects = CacheObjects()
    create = caches.create_connection

    def close_in_server_threads(**kwargs):
        # live_server serves each request in a thread of its own, whose cache
        # objects would hold their connections until the test ends.
        if threading.current_thread() is not threading.main_thread():
            disconnect(caches.all(initialized_only=True))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(caches, "create_connection", lambda a: objects.create(create, a))
        request_finished.connect(close_in_server_threads, weak=False)
        yield objects
        request_finished.disconnect(close_in_server_threads)
    objects.close_all()


@pytest.fixture(autouse=True)
def cache_prefix(settings, cache_objects):
    """This test's cache key prefix. Throttle counters and cached pages never
    leak from one test to another, nor between runs sharing a memcached, and no
    one's entries are flushed."""
    prefix = f"educa-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        name: {**config, "KEY_PREFIX": prefix}
        for name, config in settings.CACHES.items()
    }
    # This process's own memory: emptied too, as its culling of a full cache
    # drops the newest entries first.
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        cache.clear()
    forget_recent()
    yield prefix
    cache_objects.close_all()


@pytest.fixture(scope="session")
def static_root(tmp_path_factory) -> str:
    """The static files collected, as a release does, for servers with debug off
    (their pages need WhiteNoise's manifest)."""
    root = str(tmp_path_factory.mktemp("static"))
    run_to_completion(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "educa.settings",
            "DJANGO_DEBUG": "false",
            "STATIC_ROOT": root,
            "DJANGO_SECRET_KEY": "collect-" + "k" * 50,
        },
        check=True,
    )
    return root


@pytest.fixture(params=[2, 5], ids=["small", "large"])
def size(request, db):
    """Each query-count test twice: a few rows, then more (the count must not move)."""
    return request.param


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (the cache invalidation) as if the test committed."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def memcached_servers() -> list[str]:
    """Addresses of a live memcached (TEST_MEMCACHED_SERVERS), or skip/fail."""
    servers = os.environ.get("TEST_MEMCACHED_SERVERS", "127.0.0.1:11211").split(",")
    for server in servers:
        host, port = server.rsplit(":", 1)
        try:
            socket.create_connection((host, int(port)), timeout=1).close()
        except OSError:
            require_service(f"needs memcached on {server}")
    return servers


@pytest.fixture
def use_memcached(settings, memcached_servers, cache_prefix) -> list[str]:
    """Switch the default cache to the live memcached, under this test's prefix."""
    from educa.settings import memcached_cache

    config = memcached_cache(memcached_servers)
    settings.CACHES = {"default": {**config, "KEY_PREFIX": cache_prefix}}
    return memcached_servers


@pytest.fixture
def refused_address():
    """A loopback "host:port" where every connection is refused during the test."""
    with helpers.refused_address() as address:
        yield address


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def auth_api_client(user):
    client = APIClient()
    token = RefreshToken.for_user(user).access_token
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    client.user = user
    return client


# Browser tests: pytest-playwright's fixtures (`browser`, `page`...) driving
# Debian's Chromium. Playwright cannot download its own browsers here, so Chromium
# comes from the system package (`.ci/run` installs it). Without it, a browser
# test skips locally and fails under CI=true, like any missing service.

CHROMIUM = Path("/usr/bin/chromium")
# Long enough for a slow CI machine, short enough that a broken page fails fast.
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        require_service(f"needs Chromium at {CHROMIUM}")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        # --no-sandbox: the tests run as root, where Chromium's sandbox cannot
        # start. --disable-dev-shm-usage: containers often have a tiny /dev/shm.
        "args": ["--no-sandbox", "--disable-dev-shm-usage"],
    }


@pytest.fixture(scope="session")
def playwright(playwright):
    """pytest-playwright's, started once per session (per xdist worker).

    While Playwright runs, its asyncio loop counts as running in this thread, so
    Django would refuse every ORM call a test (and the database flush after it)
    makes with SynchronousOnlyOperation. Nothing here is really async: allow it
    from then on. Browser tests run last (educa/tests/tiers.py), so no other test
    runs under that loop.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield playwright
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_context_args(browser_context_args, live_server):
    """`page` (and `context`) open relative URLs on the live server."""
    return {**browser_context_args, "base_url": live_server.url}


@pytest.fixture
def context(context):
    context.set_default_timeout(TIMEOUT_MS)
    return context
