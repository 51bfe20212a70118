"""Fixtures shared by every app's tests."""

import os
import socket

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.tests.factories import UserFactory

ON_CI = os.environ.get("CI") == "true"


def require_service(reason: str) -> None:
    """Skip locally when a service is missing; under CI=true fail instead."""
    if ON_CI:
        pytest.fail(f"{reason} (required under CI=true)")
    pytest.skip(reason)


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres"):
        from django.db import connection

        if connection.vendor != "postgresql":
            require_service("needs PostgreSQL: runs in the services pass")


@pytest.fixture(autouse=True)
def _empty_cache():
    # Throttle counters and cached pages must not leak from one test to the next
    # (with memcached they would even leak between test runs).
    cache.clear()


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
def use_memcached(settings, memcached_servers) -> list[str]:
    """Switch the default cache to the live memcached, emptied for this test."""
    from educa.settings import memcached_cache

    settings.CACHES = {"default": memcached_cache(memcached_servers)}
    cache.clear()
    return memcached_servers


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
