"""Leaving a course, or being removed from it, through the site and the API
closes the student's chat sockets in its room at once; the others stay."""

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from chat.consumers import ACCESS_LOST
from courses.services import enrollment_delete

from .conftest import TIMEOUT, join
from .test_access import closed_with

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("channel_layer"),
]


def left_on_the_site(course, student):
    client = Client()
    client.force_login(student)
    response = client.post(
        reverse("students:student_unenroll_course"), {"course": course.pk}
    )
    assert response.status_code == 302


def left_through_the_api(course, student):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(student)}")
    response = client.delete(reverse("api:course-enroll", args=[course.pk]))
    assert response.status_code == 204


def removed_by_the_owner(course, student):
    client = Client()
    client.force_login(course.owner)
    url = reverse("courses:course_student_remove", args=[course.pk, student.pk])
    assert client.post(url).status_code == 302


def left_by_the_service(course, student):
    enrollment_delete(student=student, course=course)


LEAVING = [left_on_the_site, left_through_the_api, removed_by_the_owner]


@pytest.mark.parametrize("leave", [*LEAVING, left_by_the_service])
async def test_leaving_closes_the_students_socket_at_once(room, course, student, leave):
    async with room() as (owners, students):
        await sync_to_async(leave)(course, student)

        assert await closed_with(students) == ACCESS_LOST
        # The owner's socket stays open, and hears nothing of it.
        assert await owners.receive_nothing(timeout=0.2)
        await owners.send_json_to({"message": "Still here"})
        assert (await owners.receive_json_from(timeout=TIMEOUT))["message"] == (
            "Still here"
        )


@pytest.mark.parametrize("leave", LEAVING)
async def test_the_room_is_refused_once_left(chat_socket, course, student, leave):
    await sync_to_async(leave)(course, student)

    async with chat_socket(course, student) as socket:
        connected, _ = await socket.connect(timeout=TIMEOUT)
        assert not connected

    room_page = reverse("chat:course_chat_room", args=[course.pk])
    client = Client()
    await sync_to_async(client.force_login)(student)
    assert (await sync_to_async(client.get)(room_page)).status_code == 404


async def test_a_classmate_who_stays_keeps_talking(chat_socket, course, student):
    classmate = await database_sync_to_async(course.students.create)(
        username="grace", email="grace@example.com"
    )
    async with (
        chat_socket(course, student) as students,
        chat_socket(course, classmate) as classmates,
    ):
        await join(students)
        await join(classmates)

        await sync_to_async(left_on_the_site)(course, student)

        assert await closed_with(students) == ACCESS_LOST
        await classmates.send_json_to({"message": "Bye, Ada"})
        frame = await classmates.receive_json_from(timeout=TIMEOUT)
        assert frame["message"] == "Bye, Ada"
