"""The students' pages run the same number of queries at any size."""

import re

from django.urls import reverse

from courses.tests.factories import (
    ITEM_FACTORIES,
    CourseFactory,
    ModuleFactory,
    add_content,
)
from students.services import completion_set


def joined_course(student, size: int):
    """A course with `size` modules of `size` contents of every kind, half done."""
    course = CourseFactory()
    course.students.add(student)
    for _ in range(size):
        module = ModuleFactory(course=course)
        for n in range(size * len(ITEM_FACTORIES)):
            content = add_content(module, ITEM_FACTORIES[n % len(ITEM_FACTORIES)])
            if n % 2:
                completion_set(student=student, content=content, done=True)
    return course


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def test_the_module_page_runs_the_same_queries_at_any_size(
    client, student, size, django_assert_num_queries
):
    course = joined_course(student, size)
    module = course.modules.last()
    url = reverse("students:student_course_module", args=[course.pk, module.pk])

    # user with their permissions and, in the same query, the course if open
    # to them with their marks in it (the session comes from the cache) + its
    # modules + its number of contents + the module's contents with their
    # content types + one per kind of item (4).
    with django_assert_num_queries(8):
        response = client.get(url)
    # Then the module's shared part comes from the cache; the user with the
    # access check and the marks is asked of the database every time.
    with django_assert_num_queries(1):
        again = client.get(url).content.decode()

    def without_tokens(html: str) -> str:  # each page gets its own CSRF mask
        return CSRF_INPUT.sub("", html)

    assert without_tokens(again) == without_tokens(response.content.decode())

    assert len(response.context["frame"]["contents"]) == size * len(ITEM_FACTORIES)
    course_row = response.context["course"]
    assert course_row.content_done == course_row.content_total // 2


def test_my_courses_runs_the_same_queries_at_any_size(
    client, student, size, django_assert_num_queries
):
    for _ in range(size):
        joined_course(student, 1)

    # user with their permissions (the session comes from the cache) + the
    # courses with subject, instructor and progress.
    with django_assert_num_queries(2):
        response = client.get(reverse("students:student_course_list"))

    assert len(response.context["object_list"]) == size


def test_the_owners_preview_runs_the_same_queries_as_a_students_page(
    client, student, size, django_assert_num_queries
):
    course = joined_course(student, size)
    client.force_login(course.owner)
    module = course.modules.last()
    url = reverse("students:student_course_module", args=[course.pk, module.pk])

    # As for a student: the user with, in the same query, the course if open to
    # them, its owner and their marks + its modules + its number of contents +
    # the module's contents with their content types + one per kind of item (4).
    with django_assert_num_queries(8):
        client.get(url)
    # Then only the user with the course: whether they own it is read there,
    # never from the cache.
    with django_assert_num_queries(1):
        response = client.get(url)

    assert response.context["preview"] is True
    assert "Mark as done" not in response.content.decode()
