"""examples/api_client.py, run as a user would: a subprocess against a live server.

`live_server` runs the site in a thread of this process, on a transactional
database, so the client (another process) sees what the test creates and the
test sees the enrolment the client makes.
"""

import os
import subprocess
import sys

import pytest
import requests
from django.conf import settings
from django.urls import reverse

from accounts.tests.factories import PASSWORD, UserFactory
from courses.models import Course
from courses.tests.factories import (
    CourseFactory,
    ModuleFactory,
    SubjectFactory,
    VideoFactory,
    add_content,
)
from educa.tests.tiers import run_to_completion

CLIENT = "examples/api_client.py"
PAGE_SIZE = settings.REST_FRAMEWORK["PAGE_SIZE"]
AUTH_RATE = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth"]


def run_client(base_url: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
    """Run the client from the repository root, as its docstring says to."""
    env = {
        **os.environ,
        "PYTHONIOENCODING": "utf-8",
        # A proxy in the environment must not swallow requests to the live server.
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    }
    return run_to_completion(
        [sys.executable, CLIENT, "--base-url", base_url, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        **kwargs,
    )


def log_in_args(user, password: str = PASSWORD) -> list[str]:
    return ["--username", user.username, "--password", password]


def assert_one_clear_error(result, message: str) -> None:
    """Failed with exit 1, and said why in a single line, without a traceback."""
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert message in lines[0]


def enrolled_courses(user) -> list[Course]:
    return list(Course.objects.filter(students=user))


@pytest.fixture
def student(transactional_db):
    return UserFactory()


@pytest.fixture
def course(transactional_db):
    """A course with two modules: a text in the first, a video in the second."""
    course = CourseFactory(title="Django from scratch")
    first = ModuleFactory(course=course, title="Getting started")
    second = ModuleFactory(course=course, title="Going further")
    add_content(first, title="Why Django")
    add_content(second, VideoFactory, title="The admin in ten minutes")
    return course


def test_the_client_lists_the_courses_enrols_in_the_first_and_prints_its_contents(
    live_server, student, course
):
    result = run_client(live_server.url, *log_in_args(student))

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "Courses (1):" in result.stdout
    assert f"[{course.pk}] Django from scratch ({course.slug})" in result.stdout
    assert f"Enrolled in 'Django from scratch' (id {course.pk})." in result.stdout
    assert result.stdout.endswith(
        "Django from scratch\n"
        "  1. Getting started\n"
        "       - text: Why Django\n"
        "  2. Going further\n"
        "       - video: The admin in ten minutes\n"
    )
    assert enrolled_courses(student) == [course]


def test_the_client_finds_a_course_by_slug_on_a_later_page_of_the_list(
    live_server, student, course
):
    subject = SubjectFactory()
    newer = CourseFactory.create_batch(PAGE_SIZE, subject=subject, owner=course.owner)

    result = run_client(live_server.url, *log_in_args(student), "--course", course.slug)

    assert result.returncode == 0, result.stderr
    # Newest first: the course made first is alone on the second page.
    assert f"Courses ({PAGE_SIZE + 1}):" in result.stdout
    for other in [*newer, course]:
        assert f"[{other.pk}] {other.title} ({other.slug})" in result.stdout
    assert f"Enrolled in 'Django from scratch' (id {course.pk})." in result.stdout
    assert enrolled_courses(student) == [course]


def test_the_client_finds_a_course_by_id(live_server, student, course):
    other = CourseFactory(title="Another course")

    result = run_client(
        live_server.url, *log_in_args(student), "--course", str(course.pk)
    )

    assert result.returncode == 0, result.stderr
    assert f"[{other.pk}] Another course" in result.stdout
    assert "- video: The admin in ten minutes" in result.stdout
    assert enrolled_courses(student) == [course]


def test_the_client_asks_for_the_password_when_none_is_given(
    live_server, student, course
):
    # In a new session the client has no terminal: getpass reads standard input.
    result = run_client(
        live_server.url,
        "--username",
        student.username,
        input=PASSWORD + "\n",
        start_new_session=True,
    )

    assert result.returncode == 0, result.stderr
    assert enrolled_courses(student) == [course]


def test_a_wrong_password_fails_with_one_clear_line_and_no_traceback(
    live_server, student, course
):
    result = run_client(live_server.url, *log_in_args(student, password="wrong"))

    assert_one_clear_error(
        result, f"login failed for '{student.username}': wrong username or password"
    )
    assert result.stdout == ""
    assert enrolled_courses(student) == []


def test_an_unknown_course_fails_with_a_clear_message(live_server, student, course):
    result = run_client(live_server.url, *log_in_args(student), "--course", "nope")

    assert_one_clear_error(
        result, "unknown course 'nope': no course has that id or slug"
    )
    assert enrolled_courses(student) == []


def test_a_site_without_courses_fails_with_a_clear_message(live_server, student):
    result = run_client(live_server.url, *log_in_args(student))

    assert_one_clear_error(result, "there are no courses to enrol in")


def test_an_unreachable_server_fails_with_a_clear_message(refused_address):
    base_url = f"http://{refused_address}"

    result = run_client(base_url, "--username", "anyone", "--password", "x")

    assert_one_clear_error(result, f"cannot reach the server at {base_url}")


def test_a_throttled_login_fails_and_says_when_to_retry(live_server, student):
    # Spend the address's whole budget of logins, as a password guesser would.
    token_url = live_server.url + reverse("api:auth-token")
    limit = int(AUTH_RATE.split("/")[0])
    with requests.Session() as session:
        session.trust_env = False  # straight to the live server, whatever the proxy
        for _ in range(limit):
            session.post(token_url, json={"username": "x", "password": "y"}, timeout=10)

    result = run_client(live_server.url, *log_in_args(student))

    assert_one_clear_error(result, "the server is throttling requests: retry after ")
    assert "(Retry-After)" in result.stderr
