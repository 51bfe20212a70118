"""Fixtures of the chat tests: a course with its owner and an enrolled student,
someone else, the channel layer (in memory, then Redis) and sockets.

Coroutine tests run through asgiref's async_to_sync, as Django runs async code:
the consumer's database calls come back to the test's thread and connection.
"""

import inspect
import os
import socket
import uuid
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.test import Client

from accounts.tests.factories import UserFactory
from conftest import require_service
from courses.tests.factories import CourseFactory
from educa.asgi import application
from educa.settings import redis_channel_layer

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1")
# An address in ALLOWED_HOSTS, as the browser sends it for a page of this site.
OUR_ORIGIN = b"http://127.0.0.1:8000"
# Long enough for Redis on a slow CI machine.
TIMEOUT = 3


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    async_to_sync(pyfuncitem.obj)(**{name: pyfuncitem.funcargs[name] for name in names})
    return True


@pytest.fixture
def redis_url() -> str:
    """TEST_REDIS_URL if a Redis answers there; else skip (fail under CI=true)."""
    url = urlsplit(TEST_REDIS_URL)
    try:
        socket.create_connection((url.hostname, url.port or 6379), timeout=1).close()
    except OSError:
        require_service(f"needs Redis at {TEST_REDIS_URL}")
    return TEST_REDIS_URL


@pytest.fixture(params=["memory", "redis"])
def channel_layer(request, settings):
    """Each test that asks for it runs on the in-memory layer, then on Redis
    (with a prefix of its own, so no two tests share a room)."""
    if request.param == "redis":
        prefix = f"educa-test-{uuid.uuid4().hex}"
        settings.CHANNEL_LAYERS = {
            "default": redis_channel_layer(request.getfixturevalue("redis_url"), prefix)
        }
    else:
        settings.CHANNEL_LAYERS = {
            "default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}
        }
    return request.param


@pytest.fixture
def course(db):
    return CourseFactory(title="Python for beginners")


@pytest.fixture
def owner(course):
    return course.owner


@pytest.fixture
def student(course):
    """A student enrolled in `course`."""
    user = UserFactory(first_name="Ada", last_name="Lovelace")
    course.students.add(user)
    return user


@pytest.fixture
def stranger(db):
    """A logged-in user neither enrolled in `course` nor its owner."""
    return UserFactory()


def session_cookie(user) -> bytes:
    """A Cookie header value carrying a session of `user`, as after logging in."""
    client = Client()
    client.force_login(user)
    name = django_settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}".encode()


@pytest.fixture
def chat_socket():
    """Open the socket of a course's room: `async with chat_socket(course, user)`
    (or with the `cookie` of session_cookie(user), made beforehand).

    The socket is the whole ASGI application (origin check, session, routing);
    it is closed on leaving the block, whatever happened.
    """

    @asynccontextmanager
    async def open_socket(
        course, user=None, *, cookie=None, origin=OUR_ORIGIN, path=None
    ):
        headers = [(b"origin", origin)] if origin else []
        if user is not None:
            cookie = await sync_to_async(session_cookie)(user)
        if cookie is not None:
            headers.append((b"cookie", cookie))
        communicator = WebsocketCommunicator(
            application, path or f"/ws/chat/room/{course.pk}/", headers=headers
        )
        try:
            yield communicator
        finally:
            await communicator.disconnect()

    return open_socket
