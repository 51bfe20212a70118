"""The catalogue and the course page run the same number of queries at any size,
and a warm catalogue runs none of its own."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from courses.tests.factories import CourseFactory, ModuleFactory, SubjectFactory

CATALOGUE = reverse("courses:course_list")


def populate(size: int):
    """`size` subjects of `size` courses of `size` modules, each with students."""
    for _ in range(size):
        subject = SubjectFactory()
        for _ in range(size):
            course = CourseFactory(subject=subject)
            ModuleFactory.create_batch(size, course=course)
            course.students.add(*UserFactory.create_batch(2))
    return subject


@pytest.fixture(params=[2, 4], ids=["small", "large"])
def size(request, db):
    # Smaller than the shared fixture's: populate() grows as the cube of it.
    return request.param


@pytest.mark.parametrize("url", ["all", "subject"])
def test_a_cold_catalogue_runs_three_queries_at_any_size(
    client, size, url, django_assert_num_queries
):
    subject = populate(size)
    path = CATALOGUE if url == "all" else subject.get_absolute_url()

    # Subjects with their course counts + the number of courses (for the pager)
    # + one page of courses with subject, instructor and module counts.
    # Anonymous: no session or user lookup.
    with django_assert_num_queries(3):
        page = client.get(path).context["page"]

    assert page.count == (size * size if url == "all" else size)


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "student"])
def test_a_warm_catalogue_runs_no_query_beyond_the_user(
    client, size, logged_in, django_assert_num_queries
):
    populate(size)
    if logged_in:
        client.force_login(UserFactory())
    client.get(CATALOGUE)

    # Sessions are read from the cache; a logged-in visitor costs the user.
    with django_assert_num_queries(1 if logged_in else 0):
        assert client.get(CATALOGUE).status_code == 200


def test_a_subject_page_is_cached_as_well(client, size, django_assert_num_queries):
    subject = populate(size)
    client.get(subject.get_absolute_url())

    with django_assert_num_queries(0):
        client.get(subject.get_absolute_url())


def test_the_course_page_runs_three_queries_at_any_size(
    client, size, django_assert_num_queries
):
    populate(size)
    course = CourseFactory()
    ModuleFactory.create_batch(size * 3, course=course)
    client.force_login(UserFactory())

    # user with their permissions (the session comes from the cache) + the
    # course with subject, instructor, counts and whether the visitor is
    # enrolled + its modules (then cached for the course's revision).
    with django_assert_num_queries(3):
        response = client.get(course.get_absolute_url())
    with django_assert_num_queries(2):
        client.get(course.get_absolute_url())

    assert len(response.context["modules"]) == size * 3
