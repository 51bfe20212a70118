"""Leaving a course through the API: DELETE on the enrolment, idempotent."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from courses.tests.factories import CourseFactory, ModuleFactory, add_content

pytestmark = pytest.mark.django_db


def enroll_url(course_id):
    return reverse("api:course-enroll", args=[course_id])


@pytest.fixture
def course(auth_api_client):
    course = CourseFactory()
    course.students.add(auth_api_client.user)
    return course


def test_deleting_the_enrolment_takes_the_caller_out_with_a_204(
    auth_api_client, course
):
    response = auth_api_client.delete(enroll_url(course.pk))

    assert response.status_code == 204
    assert response.content == b""
    assert not course.students.filter(pk=auth_api_client.user.pk).exists()


def test_deleting_it_again_is_still_a_204(auth_api_client, course):
    first = auth_api_client.delete(enroll_url(course.pk))
    second = auth_api_client.delete(enroll_url(course.pk))

    assert first.status_code == second.status_code == 204
    assert not course.students.exists()


def test_deleting_an_enrolment_one_never_had_is_a_204_that_changes_nothing(
    auth_api_client,
):
    course = CourseFactory()
    classmate = UserFactory()
    course.students.add(classmate)

    assert auth_api_client.delete(enroll_url(course.pk)).status_code == 204
    assert list(course.students.all()) == [classmate]


def test_only_the_caller_leaves(auth_api_client, course):
    classmate = UserFactory()
    course.students.add(classmate)

    auth_api_client.delete(enroll_url(course.pk))

    assert list(course.students.all()) == [classmate]


def test_leaving_an_unknown_course_is_a_json_404(auth_api_client):
    response = auth_api_client.delete(enroll_url(999999))

    assert response.status_code == 404
    assert "detail" in response.json()


def test_leaving_needs_a_token(api_client):
    course = CourseFactory()
    student = UserFactory()
    course.students.add(student)

    response = api_client.delete(enroll_url(course.pk))

    assert response.status_code == 401
    assert list(course.students.all()) == [student]


def test_the_contents_are_refused_once_left(auth_api_client, committed, course):
    add_content(ModuleFactory(course=course))
    contents = reverse("api:course-contents", args=[course.pk])
    assert auth_api_client.get(contents).status_code == 200  # and cached

    with committed():
        auth_api_client.delete(enroll_url(course.pk))

    assert auth_api_client.get(contents).status_code == 403


def test_one_can_enrol_again_after_leaving(auth_api_client, course):
    auth_api_client.delete(enroll_url(course.pk))

    response = auth_api_client.post(enroll_url(course.pk))

    assert response.json() == {"enrolled": True}
    assert list(course.students.all()) == [auth_api_client.user]


def test_the_schema_documents_leaving(api_client):
    paths = api_client.get("/api/schema/?format=json").json()["paths"]

    leave = paths["/api/courses/{id}/enroll/"]["delete"]
    assert {"204", "401", "404"} <= set(leave["responses"])
    assert "requestBody" not in leave


def test_the_owner_cannot_enrol_in_their_own_course(auth_api_client):
    course = CourseFactory(owner=auth_api_client.user)

    response = auth_api_client.post(enroll_url(course.pk))

    assert response.status_code == 400
    assert "You teach this course" in response.json()["non_field_errors"][0]
    assert not course.students.exists()
