"""The room page /chat/room/<course_id>/ and the links to it."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chat.tests.factories import MessageFactory
from courses.tests.factories import CourseFactory

pytestmark = pytest.mark.django_db


def room_url(course) -> str:
    return reverse("chat:course_chat_room", args=[course.pk])


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, course):
    response = client.get(room_url(course))

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={room_url(course)}"


def test_a_course_not_open_to_the_user_is_404(client, course, stranger):
    client.force_login(stranger)

    assert client.get(room_url(course)).status_code == 404
    assert client.get("/chat/room/999999/").status_code == 404


@pytest.mark.parametrize("member", ["owner", "student"])
def test_the_owner_and_an_enrolled_student_see_the_room(
    client, course, member, request
):
    client.force_login(request.getfixturevalue(member))

    response = client.get(room_url(course))

    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-chat-socket="/ws/chat/room/{course.pk}/"' in html
    assert "Chat: Python for beginners" in html
    # The script is a static file (no inline script) that needs no CSRF token.
    assert re.findall(r"<script[^>]*>", html) == [
        '<script src="/static/chat/js/room.js" defer>'
    ]


def test_the_page_shows_the_last_50_messages_oldest_first(client, course, student):
    for n in range(1, 56):
        MessageFactory(course=course, content=f"Message {n}")
    MessageFactory(content="Another course's message")
    client.force_login(student)

    response = client.get(room_url(course))

    shown = [m.content for m in response.context["history"]]
    assert shown == [f"Message {n}" for n in range(6, 56)]
    assert "Another course" not in response.content.decode()


def test_html_in_a_message_is_shown_as_text(client, course, student):
    MessageFactory(
        course=course, user=student, content='<script>alert("hi")</script><b>bold</b>'
    )
    client.force_login(student)

    html = client.get(room_url(course)).content.decode()

    assert "&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt;&lt;b&gt;bold" in html
    assert "<b>bold</b>" not in html


def test_each_message_shows_its_senders_username_and_marks_the_instructor(
    client, course, owner, student
):
    # The student gave themselves the teacher's name.
    student.first_name, student.last_name = owner.first_name, owner.last_name
    student.save()
    MessageFactory(course=course, user=owner, content="Welcome")
    MessageFactory(course=course, user=student, content="Homework is cancelled")
    client.force_login(student)

    html = client.get(room_url(course)).content.decode()

    senders = re.findall(
        r'<span class="chat-user">([^<]*)</span>\s*(<span class="chat-badge">)?', html
    )
    assert senders == [
        (owner.username, '<span class="chat-badge">'),
        (student.username, ""),
    ]


def test_the_room_page_runs_the_same_queries_with_any_history(client, course, student):
    client.force_login(student)
    client.get(room_url(course))  # caches the user's permissions (the menu)
    counts = []
    for total in (3, 60):
        MessageFactory.create_batch(total - course.chat_messages.count(), course=course)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(room_url(course))
        counts.append(len(queries))
        assert len(response.context["history"]) == min(total, 50)

    # The session (unless the session engine has it cached), the user, the course
    # (open to the user), the last messages with their senders.
    assert counts[0] == counts[1]
    assert counts[0] in (3, 4)


# The links to the room


def test_a_students_course_page_links_to_its_room(client, course, student):
    client.force_login(student)

    response = client.get(reverse("students:student_course_detail", args=[course.pk]))

    assert f'href="{room_url(course)}">Chat room</a>' in response.content.decode()


def test_the_instructors_course_list_links_to_each_room(client, course, owner):
    other = CourseFactory(owner=owner)
    client.force_login(owner)

    html = client.get(reverse("courses:manage_course_list")).content.decode()

    for each in (course, other):
        assert f'href="{room_url(each)}">Chat room</a>' in html
