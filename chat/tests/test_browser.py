"""The chat room in a real browser: two people, two browser contexts, one room.

The site is served by daphne in a thread of this process (`site`, conftest).
The channel layer is the in-memory one, shared by the whole server.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from chat.tests.factories import MessageFactory
from educa.tests.browser import logged_in_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Opens a WebSocket from the page and tells how it went: "open" or "closed <code>".
TRY_SOCKET_JS = """(path) => new Promise((resolve) => {
    const socket = new WebSocket(`ws://${location.host}${path}`);
    socket.onopen = () => { socket.close(); resolve("open"); };
    socket.onclose = (event) => resolve(`closed ${event.code}`);
})"""


@pytest.fixture
def open_page(browser, site):
    """A page of its own (cookies and all) for each user who logs in."""
    with logged_in_pages(browser, site) as open_as:
        yield lambda user, next_url: open_as(user.username, next_url)


def room_url(course) -> str:
    return reverse("chat:course_chat_room", args=[course.pk])


def say(page, text: str) -> None:
    page.get_by_label("Message").fill(text)
    page.get_by_role("button", name="Send").click()


def last_message(page):
    return page.locator(".chat-log .chat-message").last


def test_two_members_see_each_others_messages_appear_without_a_reload(
    open_page, course, owner, student
):
    MessageFactory(course=course, user=owner, content="Welcome to the course chat!")
    ada = open_page(student, room_url(course))
    teacher = open_page(owner, room_url(course))
    for page in (ada, teacher):
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Chat: Python for beginners"
        )
        expect(page.get_by_role("status")).to_have_text("Connected.")
        expect(last_message(page)).to_contain_text("Welcome to the course chat!")
        expect(last_message(page).locator(".chat-badge")).to_have_text("instructor")
        page.evaluate("window.notReloaded = true")

    say(ada, "Hello! Is <b>this</b> on?")

    for page in (teacher, ada):
        # The username: "Ada Lovelace" is a name anyone could give themselves.
        expect(last_message(page).locator(".chat-user")).to_have_text(student.username)
        expect(last_message(page).locator(".chat-badge")).to_have_count(0)
        expect(last_message(page).locator(".chat-text")).to_have_text(
            "Hello! Is <b>this</b> on?"
        )
        expect(page.locator(".chat-log b")).to_have_count(0)  # text, not HTML

    say(teacher, "Loud and clear.")

    expect(last_message(ada).locator(".chat-text")).to_have_text("Loud and clear.")
    expect(last_message(ada).locator(".chat-user")).to_have_text(owner.username)
    expect(last_message(ada).locator(".chat-badge")).to_have_text("instructor")
    expect(ada.get_by_label("Message")).to_have_value("")
    assert ada.evaluate("window.notReloaded") is True
    assert teacher.evaluate("window.notReloaded") is True


def test_an_empty_message_is_refused_with_a_reason_shown(open_page, course, student):
    page = open_page(student, room_url(course))
    expect(page.get_by_role("status")).to_have_text("Connected.")

    say(page, "   ")

    expect(page.get_by_role("alert")).to_have_text("A message cannot be empty.")
    expect(page.locator(".chat-log .chat-message")).to_have_count(0)


def test_someone_not_enrolled_cannot_join_the_room(
    open_page, course, student, stranger
):
    outsider = open_page(stranger, reverse("students:student_course_list"))
    member = open_page(student, reverse("students:student_course_list"))
    socket_path = f"/ws/chat/room/{course.pk}/"

    response = outsider.goto(room_url(course))

    assert response.status == 404
    assert outsider.evaluate(TRY_SOCKET_JS, socket_path) == "closed 1006"
    assert member.evaluate(TRY_SOCKET_JS, socket_path) == "open"
