"""Fixtures of the course CMS tests."""

import pytest


@pytest.fixture
def instructor(client, db):
    """An instructor, logged in on `client`."""
    from accounts.tests.factories import InstructorFactory

    user = InstructorFactory()
    client.force_login(user)
    return user
