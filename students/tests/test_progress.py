"""Marking contents done, and the progress bars that count them."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import PASSWORD, UserFactory
from courses.tests.factories import ModuleFactory, add_content
from educa.tests.helpers import post_concurrently
from students.models import Completion

MY_COURSES = reverse("students:student_course_list")

# Real commits: marking retires the student's cached pages once it commits.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def contents(student):
    """Three contents over two modules of a course the student joined."""
    first = ModuleFactory()
    second = ModuleFactory(course=first.course)
    first.course.students.add(student)
    return [add_content(first), add_content(first), add_content(second)]


def mark(client, content, done="1"):
    url = reverse("students:content_done", args=[content.pk])
    return client.post(url, {"done": done})


def progress(client, content) -> tuple[int, int]:
    """(done, total) as the course page shows them."""
    module = content.module
    url = reverse("students:student_course_module", args=[module.course_id, module.pk])
    html = client.get(url).content.decode()
    done, total = re.search(r"(\d+) of (\d+) done", html).groups()
    return int(done), int(total)


def test_marking_a_content_done_moves_the_progress_bar(client, contents):
    assert progress(client, contents[0]) == (0, 3)

    response = mark(client, contents[0])

    assert response.status_code == 302
    assert response.url.endswith(f"#content-{contents[0].pk}")
    assert progress(client, contents[0]) == (1, 3)
    html = client.get(response.url).content.decode()
    assert '<progress value="1" max="3"' in html
    assert "1 of 3 done" in html


def test_my_courses_shows_the_same_progress(client, contents):
    mark(client, contents[0])
    mark(client, contents[2])

    [course] = client.get(MY_COURSES).context["object_list"]

    assert (course.content_done, course.content_total) == (2, 3)
    assert "2 of 3 done" in client.get(MY_COURSES).content.decode()


def test_marking_twice_counts_once_and_unmarking_undoes_it(client, contents):
    mark(client, contents[1])
    mark(client, contents[1])
    assert progress(client, contents[1]) == (1, 3)

    mark(client, contents[1], done="0")
    mark(client, contents[1], done="0")

    assert progress(client, contents[1]) == (0, 3)


def test_progress_survives_logging_out_and_in(contents, student):
    browser = Client()
    browser.login(username=student.username, password=PASSWORD)
    mark(browser, contents[0])
    browser.post(reverse("logout"))

    again = Client()
    again.login(username=student.username, password=PASSWORD)

    assert progress(again, contents[0]) == (1, 3)


def test_students_progress_is_their_own(client, contents):
    mark(client, contents[0])
    other = UserFactory()
    contents[0].module.course.students.add(other)
    client.force_login(other)

    assert progress(client, contents[0]) == (0, 3)


def test_a_content_of_a_course_i_did_not_join_is_404(client, student):
    content = add_content(ModuleFactory())

    assert mark(client, content).status_code == 404
    assert not Completion.objects.exists()


def test_a_bad_done_value_changes_nothing(client, contents):
    response = mark(client, contents[0], done="maybe")

    assert response.status_code == 302
    assert progress(client, contents[0]) == (0, 3)


def test_marking_takes_a_post_with_the_csrf_token(contents, student):
    url = reverse("students:content_done", args=[contents[0].pk])
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(student)

    assert browser.get(url).status_code == 405
    assert browser.post(url, {"done": "1"}).status_code == 403
    assert not Completion.objects.exists()


def test_a_deleted_content_leaves_the_progress(client, contents):
    mark(client, contents[0])
    mark(client, contents[1])

    contents[0].delete()

    assert progress(client, contents[1]) == (1, 2)


def test_a_course_without_contents_shows_no_bar(client, student):
    module = ModuleFactory()
    module.course.students.add(student)

    html = client.get(MY_COURSES).content.decode()

    assert "No contents yet." in html
    assert "<progress" not in html


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_marking_done_twice_at_once_counts_once():
    student = UserFactory()
    module = ModuleFactory()
    module.course.students.add(student)
    content = add_content(module)
    url = reverse("students:content_done", args=[content.pk])
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(student)
        clients.append(client)

    statuses = post_concurrently([(c, url, {"done": "1"}) for c in clients])

    assert statuses == [302, 302]
    assert Completion.objects.filter(student=student, content=content).count() == 1
