"""Fixtures of the course CMS tests."""

import pytest


@pytest.fixture
def instructor(client, db):
    """An instructor, logged in on `client`."""
    from accounts.tests.factories import InstructorFactory

    user = InstructorFactory()
    client.force_login(user)
    return user


@pytest.fixture(params=["locmem", "memcached"])
def any_cache(request):
    """Each test twice: the default local-memory cache, then the live memcached."""
    if request.param == "memcached":
        request.getfixturevalue("use_memcached")
    return request.param
