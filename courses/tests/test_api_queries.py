"""The courses API runs the same number of queries at any size."""

from django.urls import reverse

from courses.tests.factories import (
    ITEM_FACTORIES,
    CourseFactory,
    ModuleFactory,
    SubjectFactory,
    add_content,
)


def test_the_course_list_runs_three_queries_cold_and_none_warm_at_any_size(
    api_client, size, django_assert_num_queries
):
    for _ in range(size * 3):
        ModuleFactory.create_batch(size, course=CourseFactory())

    # The count (pagination) + a page of courses with subject and owner + their
    # modules (one prefetch).
    with django_assert_num_queries(3):
        body = api_client.get(reverse("api:course-list")).json()
    # Warm: the page comes from the catalogue's cache.
    with django_assert_num_queries(0):
        assert api_client.get(reverse("api:course-list")).json() == body

    assert len(body["results"]) == size * 3
    assert all(len(course["modules"]) == size for course in body["results"])


def test_the_subject_list_runs_two_queries_cold_and_none_warm_at_any_size(
    api_client, size, django_assert_num_queries
):
    for _ in range(size):
        CourseFactory.create_batch(size, subject=SubjectFactory())

    # The count + a page of subjects with their course counts (a subquery).
    with django_assert_num_queries(2):
        body = api_client.get(reverse("api:subject-list")).json()
    with django_assert_num_queries(0):
        assert api_client.get(reverse("api:subject-list")).json() == body

    assert [s["total_courses"] for s in body["results"]] == [size] * size


def test_the_contents_run_the_same_queries_at_any_size(
    auth_api_client, size, django_assert_num_queries
):
    course = CourseFactory()
    course.students.add(auth_api_client.user)
    for _ in range(size):
        module = ModuleFactory(course=course)
        for n in range(size * len(ITEM_FACTORIES)):
            add_content(module, ITEM_FACTORIES[n % len(ITEM_FACTORIES)])
    url = reverse("api:course-contents", args=[course.pk])

    # The token's user with the access check (enrolled or owner) + the course
    # with subject and owner + its modules + every module's contents at once
    # with their content types + one query per kind of item (4).
    with django_assert_num_queries(8):
        body = auth_api_client.get(url).json()
    # Warm: the token's user with the access check and the course's key, in
    # one query (never from the cache); the answer comes from the cache.
    with django_assert_num_queries(1):
        assert auth_api_client.get(url).json() == body

    assert [len(m["contents"]) for m in body["modules"]] == [size * 4] * size
