"""Fixtures of the students' tests."""

import pytest

from accounts.tests.factories import UserFactory


@pytest.fixture
def student(client, db):
    """A student, logged in on `client`."""
    user = UserFactory()
    client.force_login(user)
    return user
