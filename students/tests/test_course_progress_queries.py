"""The progress page, its CSV and its API run the same number of queries
whatever the numbers of students, modules, contents, quizzes and attempts."""

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from students.tests.progress_data import (
    api_url,
    attempt,
    contents,
    course_of,
    enrol,
    mark,
    page_url,
)

# (students, modules, texts per module, quizzes)
SIZES = {"small": (2, 2, 1, 1), "large": (12, 4, 3, 3)}


@pytest.fixture(params=list(SIZES))
def course(request, db):
    """A course of the size, each student with some marks and attempts."""
    students, modules, texts, quizzes = SIZES[request.param]
    course = course_of(modules=modules, texts=texts, quizzes=quizzes)
    items = contents(course)
    for n in range(students):
        student = enrol(course)
        for content in items[: n % len(items) + 1]:
            if content.content_type.model == "quiz":
                attempt(student, content.item, 40 + n)
            mark(student, content)
    course.size = request.param  # for the assertions on the rows
    return course


def shown(course) -> tuple[int, int]:
    students, _, _, quizzes = SIZES[course.size]
    return students, quizzes


def test_the_progress_page_runs_the_same_queries_at_any_size(
    client, course, django_assert_num_queries
):
    client.force_login(course.owner)

    # user with their permissions (the session comes from the cache) + the
    # course, if the caller's, with its number of contents + the number of
    # students + the page of students with their marks counted and last
    # activity + the course's quizzes + the page's best scores + the modules
    # with their finishers.
    with django_assert_num_queries(7):
        response = client.get(page_url(course, sort="-activity"))

    students, quizzes = shown(course)
    assert len(response.context["rows"]) == students
    assert len(response.context["quizzes"]) == quizzes


def test_the_csv_runs_the_same_queries_at_any_size(
    client, course, django_assert_num_queries
):
    client.force_login(course.owner)

    # user + course + the course's quizzes + every student with their marks
    # counted and last activity + their best scores (no count, no chart).
    with django_assert_num_queries(5):
        response = client.get(page_url(course, format="csv"))

    students, quizzes = shown(course)
    lines = response.content.decode().splitlines()
    assert len(lines) == 1 + students
    assert len(lines[0].split(",")) == 5 + quizzes


def test_the_api_runs_the_same_queries_at_any_size(course, django_assert_num_queries):
    client = APIClient()
    token = RefreshToken.for_user(course.owner).access_token
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    # user (the token's) + course + quizzes + the number of students + the page
    # of students + their best scores.
    with django_assert_num_queries(6):
        response = client.get(api_url(course))

    students, quizzes = shown(course)
    results = response.json()["results"]
    assert len(results) == students
    assert {len(row["quizzes"]) for row in results} == {quizzes}
