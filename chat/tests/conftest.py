"""Fixtures of the chat tests: a course with its owner and an enrolled student,
someone else, the channel layer (in memory, then Redis), sockets, and the site
served by a real daphne with the Procfile's frame limit.

Coroutine tests run through asgiref's async_to_sync, as Django runs async code:
the consumer's database calls come back to the test's thread and connection.
"""

import asyncio
import inspect
import os
import socket
import threading
import uuid
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.db import connections
from django.test import Client

from accounts.tests.factories import UserFactory
from chat.frames import FRAME_MAX_BYTES
from chat.models import Message
from conftest import TIMEOUT_MS, require_service
from courses.tests.factories import CourseFactory
from educa.asgi import application
from educa.settings import redis_channel_layer
from educa.tests.servers import START_SECONDS, wait_for_http

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


def use_redis_layer(settings, redis_url: str) -> None:
    """The project's Redis channel layer, with a prefix of its own (no two tests
    share a room)."""
    prefix = f"educa-test-{uuid.uuid4().hex}"
    settings.CHANNEL_LAYERS = {"default": redis_channel_layer(redis_url, prefix)}


@pytest.fixture(params=["memory", "redis"])
def channel_layer(request, settings):
    """Each test that asks for it runs on the in-memory layer, then on Redis."""
    if request.param == "redis":
        use_redis_layer(settings, request.getfixturevalue("redis_url"))
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


async def join(socket) -> list[dict]:
    """Connect, expect to be let in, and return the history sent on joining."""
    connected, _ = await socket.connect(timeout=TIMEOUT)
    assert connected
    frame = await socket.receive_json_from(timeout=TIMEOUT)
    assert frame["type"] == "history"
    return frame["messages"]


@database_sync_to_async
def stored() -> list[tuple]:
    """Every message stored, as (course id, user id, text)."""
    return list(Message.objects.values_list("course_id", "user_id", "content"))


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


@pytest.fixture
def room(chat_socket, course, owner, student):
    """The course's room, joined by its owner and by `student`:
    `async with room() as (owners, students)`."""

    @asynccontextmanager
    async def joined():
        async with (
            chat_socket(course, owner) as owners,
            chat_socket(course, student) as students,
        ):
            await join(owners)
            await join(students)
            yield owners, students

    return joined


@pytest.fixture(scope="session")
def asgi_server(django_db_setup):
    """The ASGI application (and the static files) served by daphne in a thread,
    with the Procfile's --websocket-max-message-size.

    A thread, not a process: `live_server` speaks WSGI only, and a process of its
    own could not see the SQLite test database, which lives in this process's
    memory. Twisted's reactor cannot be started twice in a process: one for the
    session. Yields (base URL, the server's event loop).
    """
    from daphne.server import Server
    from twisted.internet import reactor

    loops = []
    ready = threading.Event()

    def on_ready():
        loops.append(asyncio.get_event_loop())
        ready.set()

    server = Server(
        ASGIStaticFilesHandler(application),
        endpoints=["tcp:port=0:interface=127.0.0.1"],
        signal_handlers=False,  # only the main thread may install them
        websocket_max_message_size=FRAME_MAX_BYTES,
        # Daphne's 5 s for the application to accept a socket: on a loaded test
        # machine the consumer can start later than that, and the browser then
        # sees the handshake dropped (1006), whatever the consumer meant to say
        # (one of five `make test` runs in a row failed so, with a `make run`
        # and helpers beside it). As long as the browser's own wait.
        websocket_handshake_timeout=TIMEOUT_MS / 1000,
        ready_callable=on_ready,
    )
    thread = threading.Thread(target=server.run, name="daphne", daemon=True)
    thread.start()
    # The port is known before the reactor runs (and before on_ready): wait for
    # both, then for an answer, not for a listening socket. /ping, as /healthz
    # reads the database, which pytest-django keeps closed between tests.
    assert ready.wait(timeout=START_SECONDS), "daphne did not start"
    host, port = server.listening_addresses[0]
    wait_for_http(f"http://{host}:{port}/ping")
    yield f"http://{host}:{port}", loops[0]
    reactor.callFromThread(reactor.stop)
    thread.join(timeout=10)


@pytest.fixture
def site(asgi_server, transactional_db):
    """The served site's base URL, for one test."""
    url, loop = asgi_server
    yield url
    # The server's database work runs in asgiref's one thread for sync code,
    # whose connection would outlive the test database (PostgreSQL refuses to
    # drop a database still in use).
    close = sync_to_async(connections.close_all)
    asyncio.run_coroutine_threadsafe(close(), loop).result(timeout=10)


# Opens a WebSocket from the page and records what happens to it in
# window.chatSocket: the frames received (and their size in bytes), the close code.
OPEN_SOCKET_JS = """(path) => new Promise((resolve) => {
    const socket = new WebSocket(`ws://${location.host}${path}`);
    const log = { frames: [], sizes: [], closed: null };
    window.chatSocket = { socket, log };
    socket.onmessage = (event) => {
        log.sizes.push(new TextEncoder().encode(event.data).length);
        log.frames.push(JSON.parse(event.data));
    };
    socket.onclose = (event) => { log.closed = event.code; resolve(); };
    socket.onopen = () => resolve();
})"""


class BrowserSocket:
    """A WebSocket a browser page holds open, as room.js does, on `site`."""

    def __init__(self, page, path: str):
        self.page = page
        page.evaluate(OPEN_SOCKET_JS, path)

    def send(self, text: str) -> None:
        self.page.evaluate("(text) => window.chatSocket.socket.send(text)", text)

    def log(self) -> dict:
        """{"frames": [...], "sizes": [...], "closed": code or None}."""
        return self.page.evaluate("window.chatSocket.log")

    def wait_for(self, count: int) -> dict:
        """The log once `count` frames came, or the socket closed."""
        self.page.wait_for_function(
            "(n) => window.chatSocket.log.frames.length >= n"
            " || window.chatSocket.log.closed !== null",
            arg=count,
        )
        return self.log()


@pytest.fixture
def browser_socket(browser, site):
    """Open a socket in a browser page of `site`: `browser_socket(user, path)`,
    logged in as `user` (their session cookie set by hand)."""
    contexts = []

    def open_socket(user, path: str) -> BrowserSocket:
        context = browser.new_context(base_url=site)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        if user is not None:
            name, value = session_cookie(user).decode().split("=", 1)
            context.add_cookies([{"name": name, "value": value, "url": site}])
        page = context.new_page()
        page.goto("/healthz")  # a page of the site: the socket's Origin is ours
        return BrowserSocket(page, path)

    yield open_socket
    for context in contexts:
        context.close()
