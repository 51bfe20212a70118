"""Helpers for tests that need real sockets or a separate Django process."""

import os
import socket
import sys
import threading
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.core.management.utils import get_random_secret_key
from django.db import connection
from django.db.models.signals import pre_save

from educa.tests.tiers import run_to_completion

ON_CI = os.environ.get("CI") == "true"


def require_service(reason: str) -> None:
    """Skip locally when a service is missing; under CI=true fail instead."""
    if ON_CI:
        pytest.fail(f"{reason} (required under CI=true)")
    pytest.skip(reason)


@contextmanager
def hung_server():
    """A server that accepts TCP connections but never answers a byte."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)  # the kernel completes handshakes; nobody ever reads
        yield f"127.0.0.1:{sock.getsockname()[1]}"


@contextmanager
def refused_address():
    """A loopback "host:port" that refuses every connection until the block ends:
    bound by this process and never listening, so nothing can serve there."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        host, port = sock.getsockname()
        yield f"{host}:{port}"


def secret_key() -> str:
    """A random secret key for a fresh process: one in 50 starts with `$`, which
    the settings must take as it is (test_deploy tests that one)."""
    return get_random_secret_key()


# Services a fresh process would otherwise inherit from this one's environment.
SERVICE_VARIABLES = ("DATABASE_URL", "MEMCACHED_SERVERS", "REDIS_URL")


def run_django(code: str, env: dict[str, str], settings_module="educa.test_settings"):
    """Run `code` in a fresh Python process after django.setup().

    The environment is the caller's plus `env`, so settings really load from it.
    The child's cache keys carry this test's prefix: on a memcached they share,
    each sees the other's entries.
    """
    full_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "CACHE_KEY_PREFIX": settings.CACHES["default"].get("KEY_PREFIX", ""),
        **env,
    }
    for name in SERVICE_VARIABLES:
        if name not in env:
            full_env.pop(name, None)
    script = "import django\ndjango.setup()\n" + code
    return run_to_completion(
        [sys.executable, "-c", script],
        env=full_env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


def run_manage(*args: str, env: dict[str, str]):
    """Run `manage.py` in a fresh process with only `env` added to the environment."""
    full_env = {**os.environ, **env}
    full_env.pop("DJANGO_SETTINGS_MODULE", None)  # manage.py's default: production
    for name in SERVICE_VARIABLES:
        if name not in env:
            full_env.pop(name, None)
    return run_to_completion(
        [sys.executable, "manage.py", *args],
        env=full_env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


def post_concurrently(requests, **kwargs):
    """POST each (client, url, body) from its own thread, all released at once.

    `kwargs` go to every post() (format="json" for DRF's APIClient). Returns the
    status codes, in the order the responses came.
    """
    return [r.status_code for r in responses_concurrently(requests, **kwargs)]


def responses_concurrently(requests, method="post", **kwargs):
    """As post_concurrently, but any method, and the responses themselves."""
    barrier = threading.Barrier(len(requests))
    responses = []

    def worker(client, url, body):
        barrier.wait()
        try:
            responses.append(getattr(client, method)(url, body, **kwargs))
        finally:
            connection.close()  # each thread opened its own connection

    threads = [threading.Thread(target=worker, args=r) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


@contextmanager
def saves_held_together(model, parties: int):
    """Hold each thread's first save of `model` until `parties` threads reach it.

    Every racer has then passed its checks before any of them writes: the race a
    unique constraint or a computed order must survive, without luck or sleeps.
    """
    barrier = threading.Barrier(parties, timeout=30)
    held = threading.local()

    def hold(sender, **kwargs):
        if not getattr(held, "done", False):  # a retried save goes straight on
            held.done = True
            barrier.wait()

    pre_save.connect(hold, sender=model, weak=False)
    try:
        yield
    finally:
        pre_save.disconnect(hold, sender=model)


def database_url() -> str:
    """The URL of the test database, for another process to connect to it."""
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
