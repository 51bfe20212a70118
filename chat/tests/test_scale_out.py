"""Two daphne servers with production settings, one PostgreSQL and one Redis,
as behind a load balancer: a message said through one reaches a member whose
socket is on the other. This is what REDIS_URL is for (docs/chat.md)."""

import os
import uuid
from contextlib import ExitStack

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from chat.tests.conftest import session_cookie
from conftest import TIMEOUT_MS
from educa.tests.helpers import database_url
from educa.tests.servers import daphne

pytestmark = [
    pytest.mark.server,
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def servers(transactional_db, redis_url, static_root, tmp_path):
    """Two app servers (a, b) on the test database and one Redis channel layer."""
    env = {
        **os.environ,
        # educa.settings, with a channel layer prefix of this test's own.
        "DJANGO_SETTINGS_MODULE": "chat.tests.server_settings",
        "CHANNEL_LAYER_PREFIX": f"educa-test-{uuid.uuid4().hex}",
        "DJANGO_DEBUG": "false",
        # This process's key: the sessions it makes are signed with it.
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url(),
        "CONN_MAX_AGE": "0",  # Django's advice under ASGI
        "REDIS_URL": redis_url,
        "STATIC_ROOT": static_root,
    }
    with ExitStack() as stack:
        yield tuple(
            stack.enter_context(daphne(env, tmp_path / f"daphne-{name}.log"))
            for name in "ab"
        )


def room_page(browser, base: str, user, course):
    """The room on the server at `base`, for `user` (their session cookie set
    by hand: production cookies are Secure, and this is plain HTTP)."""
    context = browser.new_context(base_url=base)
    context.set_default_timeout(TIMEOUT_MS)
    name, value = session_cookie(user).decode().split("=", 1)
    context.add_cookies([{"name": name, "value": value, "url": base}])
    page = context.new_page()
    page.goto(reverse("chat:course_chat_room", args=[course.pk]))
    expect(page.get_by_role("status")).to_have_text("Connected.")
    return page


def test_a_message_said_through_one_server_reaches_a_member_on_the_other(
    browser, servers, course, owner, student
):
    a, b = servers
    ada = room_page(browser, a, student, course)
    teacher = room_page(browser, b, owner, course)

    ada.get_by_label("Message").fill("Hello from server a")
    ada.get_by_role("button", name="Send").click()

    heard = teacher.locator(".chat-log .chat-message").last
    expect(heard.locator(".chat-text")).to_have_text("Hello from server a")
    expect(heard.locator(".chat-user")).to_have_text(student.username)
    for page in (ada, teacher):
        page.context.close()
