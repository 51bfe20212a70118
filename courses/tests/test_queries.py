"""The CMS pages run the same number of queries however much there is."""

import pytest
from django.urls import reverse

from courses.tests.factories import (
    CourseFactory,
    ModuleFactory,
    TextFactory,
    VideoFactory,
    add_content,
)


@pytest.mark.parametrize("size", [3, 12])
def test_my_courses_runs_the_same_queries_at_any_size(
    client, instructor, django_assert_num_queries, size
):
    for _ in range(size):
        course = CourseFactory(owner=instructor)
        for _ in range(3):
            ModuleFactory(course=course)

    # user with their permissions (the session comes from the cache; the
    # permissions for the check and the menu) + 1 page of courses with their
    # subject and their module and student counts + the modules of them all
    # + their discussions' unanswered posts (discussions' template tag).
    with django_assert_num_queries(4):
        response = client.get(reverse("courses:manage_course_list"))

    assert len(response.context["object_list"]) == size
    assert response.content.decode().count('class="card-modules"') == size


@pytest.mark.parametrize("size", [3, 12])
def test_the_module_contents_page_runs_the_same_queries_at_any_size(
    client, instructor, django_assert_num_queries, size
):
    course = CourseFactory(owner=instructor)
    for _ in range(size):
        ModuleFactory(course=course)
    module = course.modules.first()
    for n in range(size):
        add_content(module, TextFactory if n % 2 else VideoFactory)

    # user with their permissions (the session comes from the cache) + the
    # module with its course + the course's modules + the contents with their
    # content types + 1 per kind of item present (texts and videos: 2).
    with django_assert_num_queries(6):
        response = client.get(module.get_absolute_url())

    assert response.content.decode().count('draggable="true"') == size
