"""The room's WebSocket through the whole ASGI application (origin check, the
session's user, routing), on the in-memory channel layer and on Redis."""

import json
from datetime import datetime, timedelta

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chat.tests.factories import MessageFactory
from courses.tests.factories import CourseFactory

from .conftest import TIMEOUT, join, session_cookie, stored

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("channel_layer"),
]


# Who may join


async def test_the_courses_owner_and_an_enrolled_student_may_join(
    chat_socket, course, owner, student
):
    async with (
        chat_socket(course, owner) as owners,
        chat_socket(course, student) as students,
    ):
        assert await join(owners) == []
        assert await join(students) == []


async def test_someone_not_enrolled_is_refused_before_the_socket_opens(
    chat_socket, course, stranger
):
    async with chat_socket(course, stranger) as socket:
        connected, _ = await socket.connect(timeout=TIMEOUT)

        assert not connected


async def test_an_anonymous_visitor_is_refused(chat_socket, course):
    async with chat_socket(course) as socket:
        connected, _ = await socket.connect(timeout=TIMEOUT)

        assert not connected


async def test_a_room_of_an_unknown_course_is_refused(chat_socket, course, student):
    async with chat_socket(course, student, path="/ws/chat/room/999999/") as socket:
        connected, _ = await socket.connect(timeout=TIMEOUT)

        assert not connected


@pytest.mark.parametrize(
    "origin", [b"https://evil.example.com", b"null", None], ids=str
)
async def test_a_handshake_from_another_site_is_refused_even_with_a_members_cookies(
    chat_socket, course, student, origin
):
    async with chat_socket(course, student, origin=origin) as socket:
        connected, _ = await socket.connect(timeout=TIMEOUT)

        assert not connected


# Messages


async def test_a_message_reaches_every_member_with_the_senders_username_and_time(
    room, course, student
):
    async with room() as (owners, students):
        before = timezone.now()

        await students.send_json_to({"message": "  Hello, everyone!  "})

        heard_by_owner = await owners.receive_json_from(timeout=TIMEOUT)
        heard_by_sender = await students.receive_json_from(timeout=TIMEOUT)
    assert heard_by_owner == heard_by_sender
    assert heard_by_owner == {
        "type": "message",
        "user": student.username,
        "instructor": False,
        "message": "Hello, everyone!",
        "datetime": heard_by_owner["datetime"],
    }
    sent_at = datetime.fromisoformat(heard_by_owner["datetime"])
    assert before <= sent_at <= timezone.now()
    assert await stored() == [(course.pk, student.pk, "Hello, everyone!")]


async def test_nobody_passes_for_the_instructor_by_taking_their_name(
    room, owner, student
):
    # The student gives themselves the teacher's full name.
    await database_sync_to_async(type(student).objects.filter(pk=student.pk).update)(
        first_name=owner.first_name, last_name=owner.last_name
    )
    async with room() as (owners, students):
        await owners.send_json_to({"message": "Welcome"})
        from_owner = await students.receive_json_from(timeout=TIMEOUT)
        await students.send_json_to({"message": "Homework is cancelled"})
        from_student = await students.receive_json_from(timeout=TIMEOUT)

    assert (from_owner["user"], from_owner["instructor"]) == (owner.username, True)
    assert (from_student["user"], from_student["instructor"]) == (
        student.username,
        False,
    )


async def test_a_message_is_heard_in_its_own_course_room_only(
    chat_socket, course, student
):
    other_course = await database_sync_to_async(CourseFactory)()
    await database_sync_to_async(other_course.students.add)(student)
    async with (
        chat_socket(course, student) as here,
        chat_socket(other_course, student) as there,
    ):
        await join(here)
        await join(there)

        await here.send_json_to({"message": "Only here"})

        assert (await here.receive_json_from(timeout=TIMEOUT))["message"] == "Only here"
        assert await there.receive_nothing(timeout=0.5)


async def test_a_message_of_2000_characters_is_accepted(chat_socket, course, student):
    async with chat_socket(course, student) as socket:
        await join(socket)

        await socket.send_json_to({"message": "x" * 2000})

        assert (await socket.receive_json_from(timeout=TIMEOUT))[
            "message"
        ] == "x" * 2000


@pytest.mark.parametrize(
    ("frame", "error"),
    [
        (json.dumps({"message": ""}), "A message cannot be empty."),
        (json.dumps({"message": " \n\t "}), "A message cannot be empty."),
        (
            json.dumps({"message": "x" * 2001}),
            "Ensure this value has at most 2000 characters (it has 2001).",
        ),
        (json.dumps({"message": "a\x00b"}), "Null characters are not allowed."),
        (
            '{"message": "\\ud800"}',
            "A message must be text: it has an invalid character.",
        ),
        (
            json.dumps({"message": "😀" * 1501}),
            "Ensure this message is at most 6000 bytes (it has 6004).",
        ),
        ("Hello", 'Send a JSON object: {"message": "your text"}.'),
        ('{"message": "unclosed', 'Send a JSON object: {"message": "your text"}.'),
        ('["Hello"]', 'Send a JSON object: {"message": "your text"}.'),
        ('{"text": "Hello"}', 'Send a JSON object: {"message": "your text"}.'),
        ('{"message": 42}', 'Send a JSON object: {"message": "your text"}.'),
        ("[" * 100_000, 'Send a JSON object: {"message": "your text"}.'),
    ],
    ids=[
        "empty",
        "whitespace",
        "2001 characters",
        "NUL",
        "lone surrogate",
        "6004 bytes",
        "not JSON",
        "broken JSON",
        "array",
        "no message",
        "number",
        "deep nesting",
    ],
)
async def test_a_refused_frame_gets_an_error_stores_nothing_and_the_room_goes_on(
    room, frame, error
):
    async with room() as (owners, students):
        await students.send_to(text_data=frame)

        assert await students.receive_json_from(timeout=TIMEOUT) == {
            "type": "error",
            "error": error,
        }
        assert await owners.receive_nothing(timeout=0.2)  # the room heard nothing
        assert await stored() == []
        await students.send_json_to({"message": "Still here"})
        assert (await owners.receive_json_from(timeout=TIMEOUT))["message"] == (
            "Still here"
        )


async def test_a_binary_frame_gets_an_error(chat_socket, course, student):
    async with chat_socket(course, student) as socket:
        await join(socket)

        await socket.send_to(bytes_data=b'{"message": "Hello"}')

        assert (await socket.receive_json_from(timeout=TIMEOUT))["type"] == "error"
    assert await stored() == []


async def test_html_is_stored_and_sent_as_the_text_it_is(chat_socket, course, student):
    html = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    async with chat_socket(course, student) as socket:
        await join(socket)

        await socket.send_json_to({"message": html})

        # Raw: the page's script shows it as text (textContent), never as HTML.
        assert (await socket.receive_json_from(timeout=TIMEOUT))["message"] == html
    assert await stored() == [(course.pk, student.pk, html)]


# History


def say_many(course, user, count: int) -> None:
    """`count` messages by `user`, "Message 1" first, a second apart."""
    start = timezone.now() - timedelta(hours=1)
    for n in range(1, count + 1):
        MessageFactory(
            course=course,
            user=user,
            content=f"Message {n}",
            sent_at=start + timedelta(seconds=n),
        )


async def test_joining_shows_the_last_50_messages_oldest_first(
    chat_socket, course, owner, student
):
    await database_sync_to_async(say_many)(course, owner, 55)
    await database_sync_to_async(MessageFactory)(content="Another course's message")

    async with chat_socket(course, student) as socket:
        history = await join(socket)

    assert [frame["message"] for frame in history] == [
        f"Message {n}" for n in range(6, 56)
    ]
    assert {(frame["user"], frame["instructor"]) for frame in history} == {
        (owner.username, True)
    }


def test_joining_runs_the_same_queries_with_any_history(
    chat_socket, course, owner, student
):
    cookie = session_cookie(student)

    @async_to_sync
    async def join_room() -> list[dict]:
        async with chat_socket(course, cookie=cookie) as socket:
            return await join(socket)

    counts = []
    for total in (3, 60):
        say_many(course, owner, total - course.chat_messages.count())
        with CaptureQueriesContext(connection) as queries:
            history = join_room()
        counts.append(len(queries))
        assert len(history) == min(total, 50)

    # The session (unless the session engine has it cached), its user, the
    # access check (user active, session in the database, course open to them),
    # the last messages with their senders.
    assert counts[0] == counts[1]
    assert counts[0] in (3, 4)
