"""Access is checked on every message, not only at connect: whoever is removed
from the course, logs out or is deactivated can no longer speak or listen, and
their socket is closed. And one user cannot flood a room."""

import logging

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from chat import consumers
from chat.consumers import ACCESS_LOST, NO_ACCESS
from chat.ratelimit import RATE_LIMIT, TOO_FAST
from courses.models import Course
from educa.settings import memcached_cache

from .conftest import TIMEOUT, join, stored

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("channel_layer"),
]


async def closed_with(socket) -> int:
    """The code the server closed `socket` with (fails if it sends a frame)."""
    output = await socket.receive_output(timeout=TIMEOUT)
    assert output["type"] == "websocket.close", output
    return output["code"]


# Losing access without anything telling the socket (an expired session, rows
# changed by a query): the next message finds out from the database.


def enrolment_gone(course, student):
    Course.students.through.objects.filter(course=course, user=student).delete()


def session_gone(course, student):
    # Expired and cleared, or logged out elsewhere: the row is gone.
    for session in Session.objects.all():
        if session.get_decoded().get("_auth_user_id") == str(student.pk):
            session.delete()


def deactivated(course, student):
    get_user_model().objects.filter(pk=student.pk).update(is_active=False)


def password_changed(course, student):
    # Django logs every other session out: their hash no longer matches.
    student.set_password("a new password 123")
    get_user_model().objects.filter(pk=student.pk).update(password=student.password)


SILENT_LOSSES = [enrolment_gone, session_gone, deactivated, password_changed]


@pytest.mark.parametrize("lose_access", SILENT_LOSSES)
async def test_who_lost_access_cannot_send_and_is_closed(
    room, course, student, lose_access
):
    async with room() as (owners, students):
        await database_sync_to_async(lose_access)(course, student)

        await students.send_json_to({"message": "Still here?"})

        assert await students.receive_json_from(timeout=TIMEOUT) == {
            "type": "error",
            "error": NO_ACCESS,
        }
        assert await closed_with(students) == ACCESS_LOST
        assert await owners.receive_nothing(timeout=0.2)
    assert await stored() == []


@pytest.mark.parametrize("lose_access", SILENT_LOSSES)
async def test_who_lost_access_hears_no_more_messages(
    room, course, student, lose_access, monkeypatch
):
    # Re-checked before every delivery (in production, at most every 5 s).
    monkeypatch.setattr(consumers, "RECHECK_SECONDS", 0)
    async with room() as (owners, students):
        await database_sync_to_async(lose_access)(course, student)

        await owners.send_json_to({"message": "Only for members"})

        assert (await owners.receive_json_from(timeout=TIMEOUT))["message"] == (
            "Only for members"
        )
        assert await closed_with(students) == ACCESS_LOST


# Losing access through the site: the socket is closed at once, before anything
# more is said in the room.


def removed_by_the_course(course, student):
    course.students.remove(student)


def left_the_course(course, student):
    student.courses_joined.remove(course)


def deactivated_by_an_admin(course, student):
    student.is_active = False
    student.save()


def course_deleted(course, student):
    course.delete()


@pytest.mark.parametrize(
    "lose_access",
    [removed_by_the_course, left_the_course, deactivated_by_an_admin, course_deleted],
)
async def test_losing_access_closes_the_socket_at_once(
    chat_socket, course, student, lose_access
):
    async with chat_socket(course, student) as students:
        await join(students)

        await database_sync_to_async(lose_access)(course, student)

        assert await closed_with(students) == ACCESS_LOST


async def test_logging_out_closes_that_sessions_sockets_only(
    chat_socket, course, student
):
    browser, other_browser = Client(), Client()
    await sync_to_async(browser.force_login)(student)
    await sync_to_async(other_browser.force_login)(student)
    cookie = f"sessionid={browser.cookies['sessionid'].value}".encode()
    other_cookie = f"sessionid={other_browser.cookies['sessionid'].value}".encode()
    async with (
        chat_socket(course, cookie=cookie) as socket,
        chat_socket(course, cookie=other_cookie) as other_socket,
    ):
        await join(socket)
        await join(other_socket)

        await sync_to_async(browser.post)(reverse("logout"))

        assert await closed_with(socket) == ACCESS_LOST
        await other_socket.send_json_to({"message": "Still logged in here"})
        assert (await other_socket.receive_json_from(timeout=TIMEOUT))["message"] == (
            "Still logged in here"
        )


async def test_a_member_still_enrolled_keeps_talking_after_another_is_removed(
    room, course, student
):
    async with room() as (owners, students):
        other = await database_sync_to_async(get_user_model().objects.create)(
            username="someone"
        )
        await database_sync_to_async(course.students.add)(other)

        await database_sync_to_async(course.students.remove)(other)
        await students.send_json_to({"message": "Still here"})

        for socket in (owners, students):
            heard = await socket.receive_json_from(timeout=TIMEOUT)
            assert heard["message"] == "Still here"


# The rate limit


async def say(socket, text: str) -> dict:
    await socket.send_json_to({"message": text})
    return await socket.receive_json_from(timeout=TIMEOUT)


async def test_an_eleventh_message_within_ten_seconds_is_refused_and_not_stored(
    room, student
):
    async with room() as (owners, students):
        for n in range(RATE_LIMIT):
            assert (await say(students, f"Message {n}"))["type"] == "message"
            await owners.receive_json_from(timeout=TIMEOUT)

        refused = await say(students, "One too many")

        assert refused == {"type": "error", "error": TOO_FAST}
        assert await owners.receive_nothing(timeout=0.2)
        # Someone else is not slowed down by it.
        assert (await say(owners, "My turn"))["message"] == "My turn"
    assert len(await stored()) == RATE_LIMIT + 1


async def test_the_rate_limit_counts_all_the_sockets_of_a_user(
    chat_socket, course, student
):
    async with (
        chat_socket(course, student) as first,
        chat_socket(course, student) as second,
    ):
        await join(first)
        await join(second)
        for n in range(RATE_LIMIT):
            sender, listener = (first, second) if n % 2 else (second, first)
            assert (await say(sender, f"Message {n}"))["type"] == "message"
            await listener.receive_json_from(timeout=TIMEOUT)

        assert await say(first, "One too many") == {"type": "error", "error": TOO_FAST}
    assert len(await stored()) == RATE_LIMIT


async def test_with_the_cache_down_each_socket_is_still_limited(
    chat_socket, course, student, settings, caplog, refused_address
):
    # Nothing listens there: every cache call fails fast, as with memcached down.
    settings.CACHES = {"default": memcached_cache([refused_address])}
    async with chat_socket(course, student) as socket:
        await join(socket)
        for n in range(RATE_LIMIT):
            assert (await say(socket, f"Message {n}"))["type"] == "message"

        assert await say(socket, "One too many") == {"type": "error", "error": TOO_FAST}
    assert len(await stored()) == RATE_LIMIT


# Paths nothing serves


async def test_an_unknown_socket_path_is_closed_as_not_found_without_an_error_logged(
    chat_socket, course, student, caplog
):
    caplog.set_level(logging.INFO)
    async with chat_socket(course, student, path="/ws/nope/") as socket:
        connected, _ = await socket.connect(timeout=TIMEOUT)
        assert connected

        assert await closed_with(socket) == 4404
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
