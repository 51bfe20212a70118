"""Cached entries are scoped to what they are built from: an enrolment in one
course retires that course's entries and nothing else (docs/caching.md)."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.tests.factories import UserFactory
from courses.tests.factories import CourseFactory, ModuleFactory, add_content

CATALOGUE = reverse("courses:course_list")

pytestmark = pytest.mark.django_db


def course_with_student():
    course = CourseFactory()
    module = ModuleFactory(course=course)
    add_content(module, title="Lesson")
    student = UserFactory()
    course.students.add(student)
    return course, module, student


def api_client_for(user) -> APIClient:
    client = APIClient()
    token = RefreshToken.for_user(user).access_token
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def test_an_enrolment_in_one_course_retires_nothing_of_another(
    any_cache, committed, django_assert_num_queries
):
    a, _, _ = course_with_student()
    b, b_module, b_student = course_with_student()
    visitor = Client()
    student = Client()
    student.force_login(b_student)
    api = api_client_for(b_student)
    module_page = reverse("students:student_course_module", args=[b.pk, b_module.pk])
    contents = reverse("api:course-contents", args=[b.pk])
    for url in (CATALOGUE, a.get_absolute_url(), b.get_absolute_url()):
        visitor.get(url)
    student.get(module_page)
    api.get(contents)

    with committed():
        a.students.add(UserFactory())

    # The catalogue: no query at all, nothing rendered.
    with django_assert_num_queries(0):
        response = visitor.get(CATALOGUE)
    assert response.templates == []
    # B's page: only its key (the revision, on the slug's index).
    with django_assert_num_queries(1):
        response = visitor.get(b.get_absolute_url())
    assert response.templates == []
    # B's module page and contents: the user with the access check, no more.
    with django_assert_num_queries(1):
        assert "Lesson" in student.get(module_page).content.decode()
    with django_assert_num_queries(1):
        assert api.get(contents).status_code == 200
    # A's page was retired, and counts its new student.
    assert "2 students" in visitor.get(a.get_absolute_url()).content.decode()


def test_a_content_edit_in_one_course_retires_nothing_of_another(
    any_cache, committed, django_assert_num_queries
):
    a, a_module, _ = course_with_student()
    b, _, _ = course_with_student()
    visitor = Client()
    for url in (CATALOGUE, b.get_absolute_url()):
        visitor.get(url)

    with committed():
        add_content(a_module, title="Another lesson")

    with django_assert_num_queries(0):
        assert visitor.get(CATALOGUE).templates == []
    with django_assert_num_queries(1):
        assert visitor.get(b.get_absolute_url()).templates == []


def test_a_student_who_leaves_lowers_the_count_on_the_course_page_at_once(
    any_cache, committed
):
    course, _, student = course_with_student()
    visitor = Client()
    assert "1 student" in visitor.get(course.get_absolute_url()).content.decode()

    with committed():
        course.students.remove(student)

    assert "0 students" in visitor.get(course.get_absolute_url()).content.decode()


def test_a_module_moved_to_another_course_leaves_the_first_at_once(client, committed):
    a, a_module, student = course_with_student()
    moved = ModuleFactory(course=a, title="Moved away")
    b = CourseFactory()
    client.force_login(student)
    page = reverse("students:student_course_module", args=[a.pk, moved.pk])
    assert client.get(page).status_code == 200
    assert "Moved away" in Client().get(a.get_absolute_url()).content.decode()

    with committed():
        moved.course = b
        moved.save()

    assert client.get(page).status_code == 404
    assert "Moved away" not in Client().get(a.get_absolute_url()).content.decode()
