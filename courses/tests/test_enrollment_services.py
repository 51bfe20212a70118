"""Enrolling and leaving, the services: idempotent both ways, one student at a time."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from courses.services import enrollment_create, enrollment_delete
from courses.tests.factories import CourseFactory, ModuleFactory

pytestmark = pytest.mark.django_db


def test_enrolling_twice_enrols_once():
    course, student = CourseFactory(), UserFactory()

    enrollment_create(student=student, course=course)
    enrollment_create(student=student, course=course)

    assert list(course.students.all()) == [student]


def test_leaving_takes_only_that_student_out_of_only_that_course():
    course, other_course = CourseFactory(), CourseFactory()
    student, classmate = UserFactory(), UserFactory()
    course.students.add(student, classmate)
    other_course.students.add(student)

    enrollment_delete(student=student, course=course)

    assert list(course.students.all()) == [classmate]
    assert list(other_course.students.all()) == [student]


def test_leaving_a_course_one_is_not_in_changes_nothing():
    course, student = CourseFactory(), UserFactory()

    enrollment_delete(student=student, course=course)
    enrollment_delete(student=student, course=course)

    assert not course.students.exists()


def test_leaving_a_course_one_is_not_in_retires_no_cache_and_closes_no_socket(
    django_capture_on_commit_callbacks,
):
    course, student = CourseFactory(), UserFactory()
    course.students.add(UserFactory())

    with django_capture_on_commit_callbacks() as callbacks:
        enrollment_delete(student=student, course=course)

    assert callbacks == []


def test_leaving_retires_the_cached_access_to_the_contents(auth_api_client, committed):
    module = ModuleFactory()
    enrollment_create(student=auth_api_client.user, course=module.course)
    url = reverse("api:course-contents", args=[module.course_id])
    assert auth_api_client.get(url).status_code == 200  # now cached

    with committed():
        enrollment_delete(student=auth_api_client.user, course=module.course)

    assert auth_api_client.get(url).status_code == 403
